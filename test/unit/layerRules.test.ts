import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../support/paths";

/**
 * The dependency rule of ../shared/STYLE.md, over every layer: extension, cli, eval → relay ← student, teacher;
 * webview ← protocol. For each top folder of src/, the other folders it may import (relative imports
 * included) and the only packages it may import besides Node's own. valibot (the schemas at the boundaries)
 * is pure and bundled into every entry; the engine stays without it, so it depends on nothing at all.
 */
const RULES: Record<string, { layers: string[]; packages: string[] }> = {
    relay: { layers: ["util"], packages: [] },
    util: { layers: [], packages: ["valibot"] },
    student: { layers: ["relay", "util"], packages: ["node-llama-cpp", "valibot"] },
    teacher: { layers: ["relay", "util"], packages: ["openai"] },
    eval: { layers: ["relay", "format", "util"], packages: ["@cortex-js", "valibot"] },
    // How numbers and text are written for people, shared by the CLI, the reports, the status bar and the webviews.
    format: { layers: ["relay"], packages: [] },
    protocol: { layers: ["relay"], packages: ["valibot"] },
    webview: { layers: ["protocol", "relay", "format"], packages: ["dompurify", "katex", "marked", "valibot"] },
    extension: { layers: ["relay", "protocol", "student", "teacher", "format", "util"], packages: ["vscode", "jsonc-parser", "valibot"] },
    // The test bed builds models: it tokenizes its training text and measures the results with the runtime itself.
    testbed: { layers: ["relay", "student", "eval", "util"], packages: ["node-llama-cpp"] },
    // Training the test bed's student reads its manifest and serves its teacher.
    train: { layers: ["relay", "student", "teacher", "eval", "testbed", "util"], packages: [] },
    cli: { layers: ["relay", "student", "teacher", "eval", "testbed", "train", "format", "util"], packages: ["valibot"] },
};

const src = join(projectRoot, "src");
const importPattern = /(?:(?:import|export)\s[^"';]*?from\s*|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return sourceFiles(path);
        return /\.(?:ts|mts|tsx)$/.test(name) ? [path] : [];
    });
}

/** Every import of `file` as the layer or package it reaches. */
function importsOf(file: string): Array<{ spec: string; layer?: string; pkg?: string }> {
    return [...readFileSync(file, "utf8").matchAll(importPattern)].map(([, spec]) => {
        if (spec!.startsWith(".")) return { spec: spec!, layer: relative(src, resolve(dirname(file), spec!)).split("/")[0] };
        return { spec: spec!, pkg: spec!.split("/")[0]! };
    });
}

describe("layer rules", () => {
    it("every folder of src/ has a rule", () => {
        const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
        assert.deepEqual(folders.filter((folder) => !(folder in RULES)), []);
    });

    it("no file imports a layer or package its layer may not use (relative imports included)", () => {
        const offenders: string[] = [];
        for (const file of sourceFiles(src)) {
            const layer = relative(src, file).split("/")[0]!;
            const rule = RULES[layer];
            if (!rule) continue;
            for (const { spec, layer: target, pkg } of importsOf(file)) {
                if (target !== undefined && target !== layer && !rule.layers.includes(target)) offenders.push(`${relative(projectRoot, file)} imports ${spec} (${target})`);
                if (pkg !== undefined && !pkg.startsWith("node:") && !rule.packages.includes(pkg)) offenders.push(`${relative(projectRoot, file)} imports package ${spec}`);
            }
        }
        assert.deepEqual(offenders, []);
    });

    it("no import circle in src/ (type-only imports included): each flow reads in one direction", () => {
        const files = new Set(sourceFiles(src));
        const resolveSpec = (from: string, spec: string): string | undefined => {
            const base = resolve(dirname(from), spec).replace(/\.js$/, "");
            return [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((candidate) => files.has(candidate));
        };
        const edges = new Map([...files].map((file) => [file, importsOf(file).flatMap(({ spec }) => (spec.startsWith(".") ? [resolveSpec(file, spec)].filter((f): f is string => f !== undefined) : []))]));
        assert.deepEqual(findCircle(edges), [], "an import circle");
    });

    it("the circle check finds a circle and passes a tree", () => {
        assert.deepEqual(findCircle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])), ["a", "b", "c", "a"]);
        assert.deepEqual(findCircle(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]])), []);
    });

    it("the check catches what it is meant to catch", () => {
        // A relative import of the teacher from the engine, written the way an offender would.
        const fake = join(src, "relay", "__probe__.ts");
        const found = [...`import { OpenAiTeacher } from "../teacher";\nconst v = await import("vscode");`.matchAll(importPattern)].map(([, spec]) => spec);
        assert.deepEqual(found, ["../teacher", "vscode"]);
        assert.equal(relative(src, resolve(dirname(fake), "../teacher")).split("/")[0], "teacher");
    });
});

/** One import circle as a path that returns to its start (relative to src/ for files), or [] when there is none. */
function findCircle(edges: ReadonlyMap<string, readonly string[]>): string[] {
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (node: string): string[] => {
        if (state.get(node) === "done") return [];
        if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
        state.set(node, "open");
        path.push(node);
        for (const next of edges.get(node) ?? []) {
            const circle = visit(next);
            if (circle.length > 0) return circle;
        }
        path.pop();
        state.set(node, "done");
        return [];
    };
    for (const node of edges.keys()) {
        const circle = visit(node);
        if (circle.length > 0) return circle.map((file) => (file.startsWith(src) ? relative(src, file) : file));
    }
    return [];
}
