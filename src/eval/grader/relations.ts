import { isNameLike, parseItem } from "./parseAnswer";
import type { SymbolicJudge } from "./symbolicJudge";
import type { AnswerNode, IntervalNode, RelationNode, RelationOperator, UnionNode } from "./types";

type NodesEqual = (gold: AnswerNode, pred: AnswerNode) => boolean;

export function isEquation(node: RelationNode): boolean {
    return node.operators.every((operator) => operator === "=");
}

/**
 * `2 = x`: an equation of a value and a name, written value first. Answer keys and outputs write it so
 * (solving `2 = x` by hand), and it states 2 just as `x = 2` does.
 */
function isValueFirst(node: RelationNode): boolean {
    return node.sides.length === 2 && isNameLike(node.sides[1]) && !isNameLike(node.sides[0]);
}

/**
 * An equation that names the unknown before its last side: `x = 3`, `f(x) = 2x`, `(p,q) = (3,2)`,
 * `1 = a = x = 0`; or a value, then a name: `2 = x`.
 */
export function isAssignment(node: RelationNode): boolean {
    return isEquation(node) && (node.sides.slice(0, -1).some((side) => isNameLike(side)) || isValueFirst(node));
}

/** The value an equation states: the side it ends on (`x = 5+5+1 = 11` states 11), or the value of `2 = x`. */
export function statedValue(node: RelationNode): AnswerNode {
    return parseItem(node.sides[isEquation(node) && isValueFirst(node) ? 0 : node.sides.length - 1]);
}

/**
 * `y`, `f(x)`, `g(t)`, `p(x, y)`: the value of the function that an equation such as `y = 2x + 3` defines. A
 * letter applied to numbers (`f(2)`) is a value at a point, not such a name.
 */
const FUNCTION_NAME = /^(?:y|[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\(\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\))$/;

/** The arguments a function name gives (`x` for `f(x)`, none for `y`), or undefined when the side is no such name. */
function functionArguments(side: string): string | undefined {
    const match = FUNCTION_NAME.exec(side.trim());
    return match ? (match[1] ?? "").replace(/\s+/g, "") : undefined;
}

/**
 * `y = x + 1`, `f(x) = x + 1` and `g(x) = x + 1` define the same function: its name is not what the question
 * asks for, so two such equations compare their right-hand sides. Arguments must agree when both sides name
 * them (`f(x)` is not `f(t)`); `y` goes with any.
 */
function sameFunctionName(gold: string, pred: string): boolean {
    const a = functionArguments(gold);
    const b = functionArguments(pred);
    return a !== undefined && b !== undefined && (a === "" || b === "" || a === b);
}

const FLIPPED: Partial<Record<RelationOperator, RelationOperator>> = { ">": "<", "\\ge": "\\le", "<": ">", "\\le": "\\ge" };

/** `a < b` as `a - b < 0`: `>` and `\ge` are flipped so only `<`, `\le`, `\ne` remain. */
function asDifference(left: string, operator: RelationOperator, right: string): { operator: RelationOperator; difference: string } {
    if (operator === ">" || operator === "\\ge") return { operator: FLIPPED[operator]!, difference: `(${right})-(${left})` };
    return { operator, difference: `(${left})-(${right})` };
}

function compactName(latex: string): string {
    return latex.replace(/[\s{}]/g, "");
}

/**
 * Two relations are equal when they have the same solutions: equations whose sides differ by a nonzero
 * factor (`x^2/4 + y^2/3 = 1` and `x^2/16 + y^2/12 = 1/4`), inequalities by a positive one (`x < 1` and
 * `-x > -1`). Equations naming the same unknown compare their stated values; chains compare side by side.
 */
export function relationsEqual(gold: RelationNode, pred: RelationNode, judge: SymbolicJudge, nodesEqual: NodesEqual): boolean {
    if (isEquation(gold) && isEquation(pred)) {
        const [goldLeft, goldRight] = [gold.sides[0], gold.sides[gold.sides.length - 1]];
        const [predLeft, predRight] = [pred.sides[0], pred.sides[pred.sides.length - 1]];
        if (isNameLike(goldLeft) && isNameLike(predLeft) && compactName(goldLeft) === compactName(predLeft)) {
            return nodesEqual(statedValue(gold), statedValue(pred));
        }
        if (gold.sides.length === 2 && pred.sides.length === 2 && sameFunctionName(goldLeft, predLeft) && nodesEqual(statedValue(gold), statedValue(pred))) {
            return true;
        }
        return (
            judge.proportional(`(${goldLeft})-(${goldRight})`, `(${predLeft})-(${predRight})`, false) ||
            (judge.scalarsEqual(goldLeft, predLeft) && judge.scalarsEqual(goldRight, predRight))
        );
    }
    if (gold.sides.length === 2 && pred.sides.length === 2) {
        const a = asDifference(gold.sides[0], gold.operators[0], gold.sides[1]);
        const b = asDifference(pred.sides[0], pred.operators[0], pred.sides[1]);
        if (a.operator !== b.operator || a.operator === "=") return false;
        if (judge.proportional(a.difference, b.difference, a.operator !== "\\ne")) return true;
    }
    return sameChain(gold, pred, judge) || sameChain(gold, reversed(pred), judge);
}

function reversed(node: RelationNode): RelationNode {
    const operators = node.operators.map((operator) => FLIPPED[operator] ?? operator).reverse();
    return { kind: "relation", sides: [...node.sides].reverse(), operators };
}

function sameChain(a: RelationNode, b: RelationNode, judge: SymbolicJudge): boolean {
    if (a.sides.length !== b.sides.length || a.operators.some((operator, i) => operator !== b.operators[i])) return false;
    return a.sides.every((side, i) => judge.scalarsEqual(side, b.sides[i]));
}

/** True when the LaTeX has no variable (commands such as `\pi`, `\sqrt`, `\infty` aside). */
function isConstant(latex: string): boolean {
    return !/[A-Za-z]/.test(latex.replace(/\\[a-zA-Z]+/g, "")) && latex.trim().length > 0;
}

const INFINITY: AnswerNode = { kind: "expression", latex: "\\infty" };
const NEGATIVE_INFINITY: AnswerNode = { kind: "expression", latex: "-\\infty" };

/** An inequality about one name as an interval: `x > 5` is `(5, \infty)`, `0 < f(x) \le 1` is `(0, 1]`. */
export function relationAsInterval(node: RelationNode): IntervalNode | undefined {
    const upward = node.operators.every((operator) => operator === "<" || operator === "\\le");
    const downward = node.operators.every((operator) => operator === ">" || operator === "\\ge");
    if (!upward && !downward) return undefined;
    const chain = downward ? reversed(node) : node;
    const [first, second] = chain.operators;
    if (chain.sides.length === 3) {
        const [lower, name, upper] = chain.sides;
        if (!isNameLike(name) || !isConstant(lower) || !isConstant(upper)) return undefined;
        return { kind: "interval", leftClosed: first === "\\le", rightClosed: second === "\\le", lower: parseItem(lower), upper: parseItem(upper) };
    }
    if (chain.sides.length !== 2) return undefined;
    const [left, right] = chain.sides;
    if (isNameLike(left) && isConstant(right)) {
        return { kind: "interval", leftClosed: false, rightClosed: first === "\\le", lower: NEGATIVE_INFINITY, upper: parseItem(right) };
    }
    if (isNameLike(right) && isConstant(left)) {
        return { kind: "interval", leftClosed: first === "\\le", rightClosed: false, lower: parseItem(left), upper: INFINITY };
    }
    return undefined;
}

/** `|x|` for a name x: the name inside, else undefined. */
function absoluteName(latex: string): string | undefined {
    const inner = /^\|(.+)\|$/.exec(latex.trim())?.[1];
    return inner !== undefined && isNameLike(inner) ? inner : undefined;
}

/**
 * The set of values an inequality about one name allows: an interval (`relationAsInterval`), or for the
 * absolute value of a name a union of two (`1 \le |z| \le 2` is `[-2, -1] \cup [1, 2]`, `|x| > 3` is
 * `(-\infty, -3) \cup (3, \infty)`, `|x| < 3` is `(-3, 3)`).
 */
export function relationAsSet(node: RelationNode): IntervalNode | UnionNode | undefined {
    const upward = node.operators.every((operator) => operator === "<" || operator === "\\le");
    const downward = node.operators.every((operator) => operator === ">" || operator === "\\ge");
    if (!upward && !downward) return relationAsInterval(node);
    const chain = downward ? reversed(node) : node;
    const nameAt = chain.sides.findIndex((side) => absoluteName(side) !== undefined);
    if (nameAt < 0) return relationAsInterval(node);
    const name = absoluteName(chain.sides[nameAt])!;
    const bounds = { ...chain, sides: chain.sides.map((side, i) => (i === nameAt ? name : side)) };
    const magnitude = relationAsInterval(bounds);
    if (!magnitude) return undefined;
    const negate = (value: AnswerNode): AnswerNode =>
        value.kind === "expression" && value.latex === "\\infty" ? NEGATIVE_INFINITY : value.kind === "number" ? { ...value, value: -value.value, latex: `-${value.latex}`, integer: value.integer && `-${value.integer}` } : { kind: "expression", latex: `-(${nodeLatex(value)})` };
    const lowerIsInfinite = magnitude.lower === NEGATIVE_INFINITY;
    if (lowerIsInfinite) {
        // |x| < b: (-b, b)
        return { kind: "interval", leftClosed: magnitude.rightClosed, rightClosed: magnitude.rightClosed, lower: negate(magnitude.upper), upper: magnitude.upper };
    }
    const negative: IntervalNode = { kind: "interval", leftClosed: magnitude.rightClosed, rightClosed: magnitude.leftClosed, lower: magnitude.upper === INFINITY ? NEGATIVE_INFINITY : negate(magnitude.upper), upper: negate(magnitude.lower) };
    return { kind: "union", items: [negative, magnitude] };
}

function nodeLatex(node: AnswerNode): string {
    return node.kind === "number" || node.kind === "expression" ? node.latex : JSON.stringify(node);
}
