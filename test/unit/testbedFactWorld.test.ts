import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ATTRIBUTES, buildFactWorld, ITEM_KINDS, MAX_CHARACTERS, SKILL_ATTRIBUTE, SPLITS, trainedOn } from "../../src/testbed/factWorld";
import { readTestbedDataset } from "../../src/testbed/testbedDataset";
import { readTestbedManifest } from "../../src/testbed/testbedManifest";
import { itemCharacter, splitTestbed } from "../../src/testbed/testbedSplit";

describe("test bed fact world", () => {
    const items = buildFactWorld({ seed: 0, characters: 64 });

    it("is the same for the same seed and different for another", () => {
        assert.deepEqual(buildFactWorld({ seed: 3, characters: 32 }), buildFactWorld({ seed: 3, characters: 32 }));
        assert.notDeepEqual(buildFactWorld({ seed: 3, characters: 32 }), buildFactWorld({ seed: 4, characters: 32 }));
    });

    it("has one item per character and attribute, ids unique, answers from the vocabulary", () => {
        assert.equal(items.length, 64 * ATTRIBUTES.length);
        assert.equal(new Set(items.map((item) => item.id)).size, items.length);
        for (const item of items) {
            const attribute = ATTRIBUTES.find((candidate) => candidate.name === item.attribute)!;
            assert.ok(attribute.values.includes(item.answer));
            assert.ok(item.prompt.endsWith(attribute.frame) && item.prompt.includes(` named ${item.character}. `));
            assert.equal(item.continuation, ` ${item.answer}.`);
        }
    });

    it("has a skill gap (the colour of every shared character) and a knowledge gap (every fact of a teacher-only character)", () => {
        for (const item of items) {
            if (item.group === "unknown") assert.deepEqual([item.kind, item.gap], ["teacher-unsolvable", null]);
            else if (item.group === "teacher-only") assert.deepEqual([item.kind, item.gap], ["teacher-dependent", "knowledge"]);
            else if (item.attribute === SKILL_ATTRIBUTE) assert.deepEqual([item.kind, item.gap], ["teacher-dependent", "skill"]);
            else assert.deepEqual([item.kind, item.gap], ["student-solvable", null]);
        }
        const count = (f: (i: (typeof items)[number]) => boolean) => items.filter(f).length;
        assert.deepEqual(ITEM_KINDS.map((kind) => count((i) => i.kind === kind)), [96, 96, 64]);
        assert.deepEqual([count((i) => i.gap === "skill"), count((i) => i.gap === "knowledge")], [32, 64]);
    });

    it("trains the teacher on every fact of the characters it knows and the student on the solvable facts only", () => {
        for (const item of items) {
            assert.equal(trainedOn("teacher", item), item.group !== "unknown");
            assert.equal(trainedOn("student", item), item.group === "shared" && item.attribute !== SKILL_ATTRIBUTE);
        }
    });

    it("splits whole characters: 1/2 train, 1/8 validation, 3/8 test, each split with every kind and both gaps", () => {
        const split = splitTestbed(items);
        assert.deepEqual(SPLITS.map((s) => split[s].length), [128, 32, 96]);
        const names = SPLITS.map((s) => new Set(split[s].map(itemCharacter)));
        for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) assert.ok([...names[a]!].every((n) => !names[b]!.has(n)));
        for (const s of SPLITS) {
            for (const kind of ITEM_KINDS) assert.ok(split[s].some((item) => item.kind === kind), `${s} has ${kind}`);
            for (const gap of ["skill", "knowledge"]) assert.ok(split[s].some((item) => item.gap === gap), `${s} has the ${gap} gap`);
        }
        assert.equal(split.test.filter((i) => i.kind === "student-solvable").length, 36);
    });

    it("rejects a number of characters that is not a positive multiple of 32 within the names", () => {
        assert.throws(() => buildFactWorld({ seed: 0, characters: MAX_CHARACTERS + 32 }), RangeError);
        assert.throws(() => buildFactWorld({ seed: 0, characters: 0 }), RangeError);
        assert.throws(() => buildFactWorld({ seed: 0, characters: 40 }), RangeError);
    });

    it("reads its data set and manifest back with their schemas", () => {
        const dir = mkdtempSync(join(tmpdir(), "relayllm-testbed-unit-"));
        writeFileSync(join(dir, "d.jsonl"), '{"id":"a-pet","problem":"The pet was a","answer":"dog","kind":"teacher-dependent","gap":"knowledge","split":"test"}\n');
        assert.deepEqual(readTestbedDataset(join(dir, "d.jsonl")), [{ id: "a-pet", kind: "teacher-dependent", gap: "knowledge", split: "test", prompt: "The pet was a", answer: "dog" }]);
        writeFileSync(join(dir, "bad.jsonl"), '{"id":"a-pet","problem":"p","answer":"dog","kind":"easy","gap":null,"split":"test"}\n');
        assert.throws(() => readTestbedDataset(join(dir, "bad.jsonl")), /"kind" must be one of/);
        writeFileSync(join(dir, "bad2.jsonl"), '{"id":"a-pet","problem":"p","answer":"dog","kind":"student-solvable","gap":"skill","split":"train"}\n');
        assert.throws(() => readTestbedDataset(join(dir, "bad2.jsonl")), /"gap" is set exactly for teacher-dependent items/);
        writeFileSync(join(dir, "bad3.jsonl"), '{"id":"a-pet","problem":"p","answer":"dog","kind":"student-solvable","gap":null}\n');
        assert.throws(() => readTestbedDataset(join(dir, "bad3.jsonl")), /"split" must be one of/);
        const manifest = { teacher: "/t.gguf", student: "/s.gguf", trainedStudent: null, dataset: "/d.jsonl", grader: "exact" };
        writeFileSync(join(dir, "m.json"), JSON.stringify(manifest));
        assert.deepEqual(readTestbedManifest(join(dir, "m.json")), manifest);
        writeFileSync(join(dir, "m2.json"), JSON.stringify({ ...manifest, grader: "math" }));
        assert.throws(() => readTestbedManifest(join(dir, "m2.json")), /"grader" must be "exact"/);
    });
});
