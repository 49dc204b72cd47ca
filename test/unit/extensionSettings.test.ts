import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { meterText, meterTooltip } from "../../src/extension/meterFormat";
import { selectionPrompt } from "../../src/extension/selectionPrompt";
import { effectiveMode, readSettings, SETTING_KEYS, SETTINGS_SECTION, type ConfigurationLike } from "../../src/extension/settings";
import { relayOptionsFrom, studentOptionsFrom } from "../../src/extension/solveOptions";
import { CONFIDENCE_TRIGGERS, RELAY_DEFAULTS, RELAY_PROTOCOLS, resolveRelayOptions, UsageTotals, type Student } from "../../src/relay";
import { projectRoot } from "../support/paths";

const manifest = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
const declared: Record<string, { default: unknown; scope?: string }> = manifest.contributes.configuration.properties;

/** Like `vscode.workspace.getConfiguration("relay")`: keys are read relative to the section. */
function config(values: Record<string, unknown>): ConfigurationLike {
    return { get: <T>(key: string) => values[`${SETTINGS_SECTION}.${key}`] as T | undefined };
}

/** Turns the typed settings object back into `relay.*` keys, for comparing with package.json. */
function flatten(value: unknown, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    } else out[prefix] = value;
    return out;
}

describe("extension settings", () => {
    it("every declared setting is read, with the declared default, and nothing undeclared is read", () => {
        const defaults = flatten(readSettings(config({})), SETTINGS_SECTION);
        // The cached-input price defaults to the input price, which is 0 by default: the same value.
        assert.deepEqual(Object.keys(defaults).sort(), Object.keys(declared).sort());
        // The typed keys the extension writes with are the declared ones too.
        assert.deepEqual(SETTING_KEYS.map((key) => `${SETTINGS_SECTION}.${key}`).sort(), Object.keys(declared).sort());
        // A nullable number's empty value (null) reads as 0, "automatic", which the adapters take as their own default.
        for (const [key, property] of Object.entries(declared)) assert.deepEqual(defaults[key], property.default === null ? 0 : property.default, key);
    });

    it("lists settings by importance: student model, then the teacher, each with an order", () => {
        const keys = Object.keys(declared);
        const orders = keys.map((key) => (declared[key] as { order?: number }).order);
        assert.ok(orders.every((order) => Number.isInteger(order)), "every setting has an order");
        assert.deepEqual([...orders].sort((a, b) => a! - b!), orders, "declared in their order");
        assert.deepEqual(keys.slice(0, 3), ["relay.student.model", "relay.teacher.baseUrl", "relay.teacher.model"]);
    });

    it("bounds numbers for the Settings UI, and the reader rejects what it would reject", () => {
        const context = declared["relay.student.contextSize"] as { minimum?: number; maximum?: number };
        assert.equal(context.minimum, 512);
        assert.ok(context.maximum! >= 131072);
        assert.equal(readSettings(config({ "relay.student.contextSize": 1 })).student.contextSize, 0);
        assert.equal(readSettings(config({ "relay.student.contextSize": 4096 })).student.contextSize, 4096);
        for (const [key, property] of Object.entries(declared) as [string, { type?: unknown; minimum?: number; maximum?: number }][]) {
            const numeric = property.type === "integer" || property.type === "number" || (Array.isArray(property.type) && property.type.some((type) => type === "integer" || type === "number"));
            if (numeric && key !== "relay.student.gpuLayers") assert.ok(property.minimum !== undefined && property.maximum !== undefined, `${key} has minimum and maximum`);
        }
    });

    it("links the set-up commands from the settings they concern", () => {
        const description = (key: string) => (declared[key] as unknown as { markdownDescription: string }).markdownDescription;
        assert.match(description("relay.student.model"), /\(command:relay\.selectStudentModel\)/);
        assert.match(description("relay.teacher.baseUrl"), /\(command:relay\.chooseTeacherProvider\)/);
        assert.match(description("relay.teacher.model"), /\(command:relay\.testTeacherConnection\)/);
        const commands = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
        for (const key of Object.keys(declared)) for (const [, id] of description(key).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(id), `${key} links ${id}`);
    });

    it("teacher-free is one switch: the mode picker does not offer it, and an old mode value (migrated at activation) reads as auto", () => {
        assert.ok(!(declared["relay.mode"] as unknown as { enum: string[] }).enum.includes("teacher-free"));
        assert.deepEqual([readSettings(config({ "relay.mode": "teacher-free" })).mode, readSettings(config({ "relay.mode": "teacher-free" })).teacherFree], ["auto", false]);
        assert.equal(readSettings(config({ "relay.teacherFree": true })).teacherFree, true);
        assert.equal(readSettings(config({})).teacherFree, false);
    });

    it("every setting has a scope and a description", () => {
        for (const [key, property] of Object.entries(declared)) {
            assert.ok(["resource", "window", "machine", "machine-overridable", "application"].includes(property.scope ?? ""), `${key} scope`);
            assert.ok((property as { markdownDescription?: string }).markdownDescription, `${key} description`);
        }
    });

    it("an untrusted workspace cannot choose where the key goes or which model runs", () => {
        const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
        // Where the key is sent (URL, API style), which teacher answers, and what runs locally (model, grammar).
        for (const key of ["relay.teacher.baseUrl", "relay.teacher.model", "relay.teacher.api", "relay.student.model", "relay.student.grammarFile"]) assert.ok(restricted.includes(key), key);
        // A restriction on a key that is not declared (a typo, a renamed setting) protects nothing.
        for (const key of restricted) assert.ok(key in declared, `${key} is a declared setting`);
    });

    it("package.json's defaults are the engine's (src/relay/presets.ts), not copies that can drift", () => {
        const engine: Record<string, unknown> = {
            "relay.limits.maxCalls": RELAY_DEFAULTS.maxCalls,
            "relay.limits.maxCallTokens": RELAY_DEFAULTS.maxCallTokens,
            "relay.limits.maxTeacherTokensPerSolve": RELAY_DEFAULTS.maxTeacherTokensPerSolve,
            "relay.limits.maxCallRatio": RELAY_DEFAULTS.maxCallRatio,
            "relay.limits.maxTokens": RELAY_DEFAULTS.maxTokens,
            "relay.student.temperature": RELAY_DEFAULTS.temperature,
            "relay.confidence.threshold": RELAY_DEFAULTS.confidence.threshold,
            "relay.confidence.callTokens": RELAY_DEFAULTS.confidence.callTokens,
            "relay.confidence.trigger": RELAY_DEFAULTS.confidence.trigger,
            "relay.protocol": "relay",
        };
        for (const [key, value] of Object.entries(engine)) assert.deepEqual(declared[key]?.default, value, key);
        assert.deepEqual((declared["relay.protocol"] as { enum?: unknown }).enum, [...RELAY_PROTOCOLS]);
        assert.deepEqual((declared["relay.confidence.trigger"] as { enum?: unknown }).enum, [...CONFIDENCE_TRIGGERS]);
    });

    it("relay.confidence.trigger and triggerThreshold reach the engine; empty means the trigger's default (relay.confidence.threshold for top1)", () => {
        const confidence = (values: Record<string, unknown>) => relayOptionsFrom(readSettings(config(values)), 0).confidence!;
        assert.deepEqual(confidence({}), { trigger: "top1", threshold: RELAY_DEFAULTS.confidence.threshold, callTokens: RELAY_DEFAULTS.confidence.callTokens });
        assert.equal(confidence({ "relay.confidence.threshold": 0.4 }).threshold, 0.4);
        assert.equal(confidence({ "relay.confidence.threshold": 0.4, "relay.confidence.triggerThreshold": 0.1 }).threshold, 0.1);
        assert.deepEqual(confidence({ "relay.confidence.trigger": "entropy", "relay.confidence.triggerThreshold": null }), { trigger: "entropy", threshold: undefined, callTokens: RELAY_DEFAULTS.confidence.callTokens });
        assert.equal(confidence({ "relay.confidence.trigger": "step", "relay.confidence.triggerThreshold": 2.5 }).threshold, 2.5);
        // A probability trigger with nats falls back to its default; an unknown trigger to top1.
        assert.equal(confidence({ "relay.confidence.trigger": "margin", "relay.confidence.triggerThreshold": 2.5 }).threshold, undefined);
        assert.equal(confidence({ "relay.confidence.trigger": "random", "relay.confidence.triggerThreshold": 0.01 }).threshold, 0.01);
        assert.equal(confidence({ "relay.confidence.trigger": "oracle" }).trigger, "top1");
        // Whatever the reader lets through, the engine accepts.
        for (const trigger of CONFIDENCE_TRIGGERS) {
            for (const value of [null, 0.5, 3, 25]) {
                const options = relayOptionsFrom(readSettings(config({ "relay.confidence.trigger": trigger, "relay.confidence.triggerThreshold": value })), 0);
                assert.doesNotThrow(() => resolveRelayOptions({ ...options, student: {} as Student, userPrompt: "" }), `${trigger} ${value}`);
            }
        }
    });

    it("the reference protocol passes no limits of ours, only the money budget", () => {
        const settings = readSettings(config({ "relay.protocol": "reference", "relay.limits.maxCalls": 2, "relay.limits.budgetUSD": 1 }));
        const options = relayOptionsFrom(settings, 0.25);
        assert.equal(options.protocol, "reference");
        assert.equal(options.maxCalls, undefined);
        assert.equal(options.maxCostUSD, 0.75);
    });

    it("wrong types and out-of-range values fall back to defaults", () => {
        const settings = readSettings(config({ "relay.limits.maxCalls": -2, "relay.mode": "turbo", "relay.confidence.threshold": 7, "relay.student.threads": "4", "relay.teacher.api": "grpc" }));
        assert.equal(settings.limits.maxCalls, 5);
        assert.equal(settings.mode, "auto");
        assert.equal(settings.confidence.threshold, 0.2);
        assert.equal(settings.student.threads, 0);
        assert.equal(settings.teacher.api, "completions");
    });

    it("maps settings to engine options, with the budget left and teacher-free winning", () => {
        const settings = readSettings(config({
            "relay.teacher.baseUrl": "http://127.0.0.1:8000/v1",
            "relay.mode": "confidence",
            "relay.limits.budgetUSD": 1,
            "relay.limits.maxCallTokens": 64,
            "relay.teacher.prices.inputPerMillion": 2,
            "relay.teacher.prices.outputPerMillion": 8,
        }));
        const options = relayOptionsFrom(settings, 0.25);
        assert.equal(options.mode, "confidence");
        assert.equal(options.maxCallTokens, 64);
        assert.equal(options.maxCostUSD, 0.75);
        assert.deepEqual(options.prices, { inputPerMillion: 2, cachedInputPerMillion: 2, outputPerMillion: 8 });
        assert.equal(relayOptionsFrom(settings, 3).maxCostUSD, 0);
        assert.equal(relayOptionsFrom({ ...settings, limits: { ...settings.limits, budgetUSD: 0 } }, 3).maxCostUSD, undefined);
        assert.equal(effectiveMode({ ...settings, teacherFree: true }), "teacher-free");
        assert.equal(effectiveMode({ ...settings, teacher: { ...settings.teacher, baseUrl: "" } }), "teacher-free");
    });

    it("maps student settings, leaving 0 to the adapter's defaults", () => {
        const options = studentOptionsFrom(readSettings(config({ "relay.student.model": " /m/qwen.gguf ", "relay.student.gpu": false, "relay.student.threads": 2 })));
        assert.deepEqual(options, { model: "/m/qwen.gguf", gpu: false, gpuLayers: "auto", threads: 2, contextSize: undefined, relayTrained: undefined });
    });

    it("relay.student.relayTrained: auto leaves it to the model, true and false override it, anything else is auto", () => {
        const relayTrained = (value: unknown) => studentOptionsFrom(readSettings(config({ "relay.student.model": "/m/q.gguf", "relay.student.relayTrained": value }))).relayTrained;
        assert.equal(relayTrained("auto"), undefined);
        assert.equal(relayTrained("true"), true);
        assert.equal(relayTrained("false"), false);
        assert.equal(relayTrained(true), undefined);
        assert.deepEqual((declared["relay.student.relayTrained"] as unknown as { enum: string[] }).enum, ["auto", "true", "false"]);
    });
});

describe("status-bar meter", () => {
    it("shows the teacher share and money, and a spinner while solving", () => {
        const totals = new UsageTotals();
        totals.add({ studentTokens: 989, teacherTokens: 11, teacherOutputTokens: 10, teacherPromptTokens: 500, teacherCachedPromptTokens: 400, calls: 2, callRatio: 0.011, costUSD: 0.004, teacherOnlyCostUSD: 0.3 });
        const summary = totals.snapshot(0);
        assert.equal(meterText(summary, false), "$(hubot) Relay 1.1 % · $0.004");
        assert.match(meterText(summary, true), /^\$\(sync~spin\)/);
        const tooltip = meterTooltip({ ...summary, budgetUSD: 0.005 });
        for (const part of ["| Student tokens (student tokenizer) | 989 |", "| Teacher output tokens (billed, teacher tokenizer) | 10 |", "500 (400 cached)", "| Teacher calls | 2 |", "$0.30", "Saving", "80.0 % used"]) assert.ok(tooltip.includes(part), part);
        assert.ok(!tooltip.includes("unreachable"));
    });

    it("says \"not priced\" for a teacher without prices, never $0", () => {
        const totals = new UsageTotals();
        totals.add({ studentTokens: 90, teacherTokens: 10, teacherOutputTokens: 9, teacherPromptTokens: 50, teacherCachedPromptTokens: 0, calls: 1, callRatio: 0.1, costUSD: 0, teacherOnlyCostUSD: 0 });
        const summary = totals.snapshot(0);
        assert.equal(meterText(summary, false), "$(hubot) Relay 10.0 % · not priced");
        assert.match(meterTooltip(summary), /\| Cost \| not priced/);
        assert.ok(!meterTooltip(summary).includes("$0"));
    });

    it("shows a warning while the teacher is unreachable, with the reason in the tooltip", () => {
        const summary = new UsageTotals().snapshot(0);
        assert.match(meterText(summary, false, true), /^\$\(warning\) Relay/);
        // A fresh install asks for the set-up; teacher-free says so instead of a share and a cost.
        assert.equal(meterText(summary, false, false, { studentSet: false, teacherFree: false }), "$(hubot) Relay: set up");
        assert.equal(meterText(summary, false, false, { studentSet: true, teacherFree: true }), "$(lock) Relay teacher-free");
        assert.match(meterTooltip(summary, "nothing is listening at 127.0.0.1:9"), /The teacher is unreachable:\*\* nothing is listening at 127\.0\.0\.1:9/);
    });
});

describe("Relay: Solve on a selection", () => {
    it("puts the file name and language around code, with a fence longer than any inside", () => {
        const prompt = selectionPrompt("const a = ```x```;", "/w/src/app.ts", "typescript");
        assert.equal(prompt, "From app.ts, a typescript file:\n\n````typescript\nconst a = ```x```;\n````");
        assert.equal(selectionPrompt("What is 2+2?", "/w/notes.md", "markdown"), "From notes.md, a markdown file:\n\nWhat is 2+2?");
    });
});
