import { valuesClose } from "./numericSampling";
import { isAssignment, isEquation, relationAsSet, relationsEqual, statedValue } from "./relations";
import type { SymbolicJudge } from "./symbolicJudge";
import type { AnswerNode, IntervalNode, NumberNode } from "./types";

/** A stable key for identical answers (the raw `extracted`/`normalized` strings of a top-level answer left out). */
function nodeKey(node: AnswerNode): string {
    return JSON.stringify(node, (key, value: unknown) => (key === "extracted" || key === "normalized" ? undefined : value));
}

/** Lists lose duplicate items (`\boxed{840}` twice) and a one-item list is its item. */
function simplify(node: AnswerNode): AnswerNode {
    if (node.kind !== "list") return node;
    const seen = new Set<string>();
    const items = node.items.filter((item) => !seen.has(nodeKey(item)) && seen.add(nodeKey(item)));
    return items.length === 1 ? simplify(items[0]) : { kind: "list", items };
}

const UNORDERED = new Set(["list", "set"]);
/** Kinds that a relation's solution set can be compared with (a two-item tuple may be an open interval). */
const SETS = new Set(["interval", "union", "set", "tuple"]);

/** The union of the sets that the relations describe, when every item is such a relation. */
function relationsAsUnion(items: AnswerNode[]): AnswerNode | undefined {
    const sets = items.map((item) => (item.kind === "relation" ? relationAsSet(item) : undefined));
    if (sets.length < 2 || sets.some((set) => set === undefined)) return undefined;
    return { kind: "union", items: sets.flatMap((set) => (set!.kind === "union" ? set!.items : [set!])) };
}
const SEQUENCES = new Set(["list", "set", "tuple"]);

/**
 * Whether `pred` answers what `gold` answers. Structure first (lists and sets unordered, tuples and
 * matrices ordered, intervals with their brackets, relations by their solutions), then scalars through
 * the judge. An equation in `pred` counts by its stated value (`k = 1` answers `1`); one in `gold` only
 * when one of its sides before the last is a name (`x = 11`, not `7 = 11a + c`). As in Math-Verify, an
 * inequality in `gold` answers the interval or union it describes, but an interval in `gold` is not
 * answered by an inequality (`x > 5` is answered by `(5, \infty)`, not the other way round).
 */
export function answersEqual(goldNode: AnswerNode, predNode: AnswerNode, judge: SymbolicJudge): boolean {
    const gold = simplify(goldNode);
    const pred = simplify(predNode);
    const same = (a: AnswerNode, b: AnswerNode) => answersEqual(a, b, judge);
    if (nodeKey(gold) === nodeKey(pred)) return true;
    if (gold.kind === "empty" || pred.kind === "empty" || gold.kind === "unparseable" || pred.kind === "unparseable") return false;

    if (gold.kind === "relation" || pred.kind === "relation") {
        if (gold.kind === "relation" && pred.kind === "relation") return relationsEqual(gold, pred, judge, same);
        const set = gold.kind === "relation" ? relationAsSet(gold) : undefined;
        if (set && SETS.has(pred.kind)) return same(set, pred);
        if (pred.kind === "relation") return isEquation(pred) && same(gold, statedValue(pred));
        return gold.kind === "relation" && isAssignment(gold) && same(statedValue(gold), pred);
    }
    // `x < -2 or x > 3` against `(-\infty, -2) \cup (3, \infty)`.
    const goldUnion = gold.kind === "list" ? relationsAsUnion(gold.items) : undefined;
    if (goldUnion && SETS.has(pred.kind)) return same(goldUnion, pred);

    // A one-item set against a single value.
    const lone = (node: AnswerNode) => (node.kind === "set" && node.items.length === 1 ? node.items[0] : undefined);
    const goldLone = lone(gold);
    const predLone = lone(pred);
    if (goldLone && !SEQUENCES.has(pred.kind)) return same(goldLone, pred);
    if (predLone && !SEQUENCES.has(gold.kind)) return same(gold, predLone);
    // The same value given twice in different forms: `\boxed{15\frac{39}{40}}` or `\boxed{\frac{639}{40}}`.
    if (gold.kind === "list" && !SEQUENCES.has(pred.kind)) return gold.items.every((item) => same(item, pred));
    if (pred.kind === "list" && !SEQUENCES.has(gold.kind)) return pred.items.every((item) => same(gold, item));
    if (gold.kind === "list" || gold.kind === "set" || gold.kind === "tuple" || gold.kind === "matrix") {
        return collectionsEqual(gold, pred, same);
    }
    if (pred.kind === "list" || pred.kind === "set" || pred.kind === "tuple" || pred.kind === "matrix") {
        return collectionsEqual(pred, gold, (a, b) => same(b, a));
    }
    if (gold.kind === "interval" && pred.kind === "interval") return intervalsEqual(gold, pred, same);
    if (gold.kind === "union" && pred.kind === "union") return unorderedEqual(gold.items, pred.items, same);
    if (gold.kind === "interval" || pred.kind === "interval" || gold.kind === "union" || pred.kind === "union") return false;
    return scalarsEqual(gold, pred, judge);
}

/** `first` is a list, set, tuple or matrix; `other` may be anything. */
function collectionsEqual(first: AnswerNode, other: AnswerNode, same: (a: AnswerNode, b: AnswerNode) => boolean): boolean {
    const items = (node: AnswerNode): AnswerNode[] | undefined => {
        if (node.kind === "list" || node.kind === "set" || node.kind === "tuple") return node.items;
        if (node.kind === "matrix" && (node.rows.length === 1 || node.rows.every((row) => row.length === 1))) return node.rows.flat();
        return undefined;
    };
    if (first.kind === "matrix" && other.kind === "matrix") {
        if (first.rows.length !== other.rows.length || first.rows.some((row, i) => row.length !== other.rows[i].length)) return false;
        return first.rows.every((row, i) => row.every((cell, j) => same(cell, other.rows[i][j])));
    }
    if (first.kind === "tuple" && first.items.length === 2 && other.kind === "interval") {
        return !other.leftClosed && !other.rightClosed && same(first.items[0], other.lower) && same(first.items[1], other.upper);
    }
    const a = items(first);
    const b = items(other);
    if (!a || !b) return false;
    if (UNORDERED.has(first.kind) && UNORDERED.has(other.kind)) return unorderedEqual(a, b, same);
    return a.length === b.length && a.every((item, i) => same(item, b[i]));
}

function intervalsEqual(a: IntervalNode, b: IntervalNode, same: (a: AnswerNode, b: AnswerNode) => boolean): boolean {
    return a.leftClosed === b.leftClosed && a.rightClosed === b.rightClosed && same(a.lower, b.lower) && same(a.upper, b.upper);
}

/** A perfect matching between the two lists (after removing identical duplicates), found by augmenting paths. */
function unorderedEqual(goldItems: AnswerNode[], predItems: AnswerNode[], same: (a: AnswerNode, b: AnswerNode) => boolean): boolean {
    const dedupe = (items: AnswerNode[]) => [...new Map(items.map((item) => [nodeKey(item), item])).values()];
    const gold = dedupe(goldItems);
    const pred = dedupe(predItems);
    if (gold.length !== pred.length) return false;
    const memo = new Map<string, boolean>();
    const equal = (i: number, j: number) => {
        const key = `${i},${j}`;
        if (!memo.has(key)) memo.set(key, same(gold[i], pred[j]));
        return memo.get(key)!;
    };
    const owner: number[] = new Array(pred.length).fill(-1);
    const assign = (i: number, visited: Set<number>): boolean => {
        for (let j = 0; j < pred.length; j++) {
            if (visited.has(j) || !equal(i, j)) continue;
            visited.add(j);
            if (owner[j] < 0 || assign(owner[j], visited)) {
                owner[j] = i;
                return true;
            }
        }
        return false;
    };
    return gold.every((_, i) => assign(i, new Set()));
}

function textKey(text: string): string {
    const bare = text.replace(/\\text\{([^{}]*)\}/g, "$1").replace(/\s+/g, "").replace(/^\((\w+)\)$/, "$1");
    return bare.length > 1 ? bare.toLowerCase() : bare;
}

const isPercent = (node: AnswerNode) => (node.kind === "number" || node.kind === "expression") && node.percent === true;

/**
 * `28\%` also stands for 0.28 (answer keys write a percentage either way: `28\%`, `28`, `0.28`), unless both
 * answers are percentages: then only the numbers before the signs count, so `50\%` is not `0.5\%`.
 */
function numberCandidates(node: NumberNode, bothPercent: boolean): number[] {
    return node.percent && !bothPercent ? [node.value, node.value / 100] : [node.value];
}

function scalarsEqual(gold: AnswerNode, pred: AnswerNode, judge: SymbolicJudge): boolean {
    // A time of day equals only the same time (`20:34` and `8:34 p.m.`), never a number.
    if (gold.kind === "time" || pred.kind === "time") return gold.kind === "time" && pred.kind === "time" && gold.seconds === pred.seconds;
    const bothPercent = isPercent(gold) && isPercent(pred);
    if (gold.kind === "number" && pred.kind === "number") {
        if (gold.integer !== undefined && pred.integer !== undefined && gold.percent === pred.percent) return gold.integer === pred.integer;
        return numberCandidates(gold, bothPercent).some((a) => numberCandidates(pred, bothPercent).some((b) => valuesClose(a, b, judge.relativeTolerance)));
    }
    const latex = (node: AnswerNode): string[] => {
        const hundredth = !bothPercent && isPercent(node);
        if (node.kind === "number") return hundredth ? [node.latex, String(node.value / 100)] : [node.latex];
        if (node.kind === "expression") return hundredth ? [node.latex, `\\frac{${node.latex}}{100}`] : [node.latex];
        if (node.kind === "text") return [node.text];
        return [];
    };
    if (gold.kind === "text" || pred.kind === "text") {
        return latex(gold).some((a) => latex(pred).some((b) => textKey(a) === textKey(b)));
    }
    return latex(gold).some((a) => latex(pred).some((b) => judge.scalarsEqual(a, b)));
}
