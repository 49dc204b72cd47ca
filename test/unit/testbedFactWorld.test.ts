import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ATTRIBUTES, buildFactWorld, ITEM_KINDS, MAX_CHARACTERS, trainedKinds } from "../../src/testbed/factWorld";
import { readTestbedDataset } from "../../src/testbed/testbedDataset";
import { readTestbedManifest } from "../../src/testbed/testbedManifest";

describe("test bed fact world", () => {
    it("is the same for the same seed and different for another", () => {
        assert.deepEqual(buildFactWorld({ seed: 3, charactersPerKind: 4 }), buildFactWorld({ seed: 3, charactersPerKind: 4 }));
        assert.notDeepEqual(buildFactWorld({ seed: 3, charactersPerKind: 4 }), buildFactWorld({ seed: 4, charactersPerKind: 4 }));
    });

    it("has one item per character and attribute, kinds balanced, ids unique, answers from the vocabulary", () => {
        const items = buildFactWorld({ seed: 0, charactersPerKind: 6 });
        assert.equal(items.length, 6 * ITEM_KINDS.length * ATTRIBUTES.length);
        assert.equal(new Set(items.map((item) => item.id)).size, items.length);
        for (const kind of ITEM_KINDS) assert.equal(items.filter((item) => item.kind === kind).length, 6 * ATTRIBUTES.length);
        for (const item of items) {
            const attribute = ATTRIBUTES.find((candidate) => candidate.name === item.attribute)!;
            assert.ok(attribute.values.includes(item.answer));
            assert.ok(item.prompt.endsWith(attribute.frame) && item.prompt.includes(` named ${item.character}. `));
            assert.equal(item.continuation, ` ${item.answer}.`);
        }
        // A character's facts are all of one kind, so no model half-knows a character.
        const kindOf = new Map<string, string>();
        for (const item of items) {
            assert.equal(kindOf.get(item.character) ?? item.kind, item.kind);
            kindOf.set(item.character, item.kind);
        }
    });

    it("trains the teacher on the solvable and dependent kinds, the student on the solvable kind", () => {
        assert.deepEqual(trainedKinds("teacher"), ["student-solvable", "teacher-dependent"]);
        assert.deepEqual(trainedKinds("student"), ["student-solvable"]);
    });

    it("rejects more characters than there are names", () => {
        assert.throws(() => buildFactWorld({ seed: 0, charactersPerKind: Math.floor(MAX_CHARACTERS / 3) + 1 }), RangeError);
        assert.throws(() => buildFactWorld({ seed: 0, charactersPerKind: 0 }), RangeError);
    });

    it("reads its data set and manifest back with their schemas", () => {
        const dir = mkdtempSync(join(tmpdir(), "relayllm-testbed-unit-"));
        writeFileSync(join(dir, "d.jsonl"), '{"id":"a-pet","problem":"The pet was a","answer":"dog","kind":"teacher-dependent"}\n');
        assert.deepEqual(readTestbedDataset(join(dir, "d.jsonl")), [{ id: "a-pet", kind: "teacher-dependent", prompt: "The pet was a", answer: "dog" }]);
        writeFileSync(join(dir, "bad.jsonl"), '{"id":"a-pet","problem":"p","answer":"dog","kind":"easy"}\n');
        assert.throws(() => readTestbedDataset(join(dir, "bad.jsonl")), /"kind" must be one of/);
        const manifest = { teacher: "/t.gguf", student: "/s.gguf", trainedStudent: null, dataset: "/d.jsonl", grader: "exact" };
        writeFileSync(join(dir, "m.json"), JSON.stringify(manifest));
        assert.deepEqual(readTestbedManifest(join(dir, "m.json")), manifest);
        writeFileSync(join(dir, "m2.json"), JSON.stringify({ ...manifest, grader: "math" }));
        assert.throws(() => readTestbedManifest(join(dir, "m2.json")), /"grader" must be "exact"/);
    });
});
