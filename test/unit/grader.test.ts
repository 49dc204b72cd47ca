import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
    checkMismatchedPairs,
    checkReferenceSolutions,
    extractAnswer,
    grade,
    measureAgreement,
    parseAnswer,
    readJsonLines,
    type GradingCase,
    type ReferenceProblem,
} from "../../src/eval/grader";
import { runWithTimeLimit } from "../../src/eval/grader/timeLimit";
import { sharedDir } from "../support/paths";

async function assertGrades(gold: string, pred: string, expected: boolean): Promise<void> {
    const result = await grade(gold, pred);
    const detail = `gold ${JSON.stringify(gold)} pred ${JSON.stringify(pred)} -> ${result.gold.kind}/${result.pred.kind} ${JSON.stringify(result.pred.normalized)}`;
    assert.equal(result.timedOut, false, detail);
    assert.equal(result.equal, expected, detail);
}

const equal = (gold: string, pred: string) => assertGrades(gold, pred, true);
const different = (gold: string, pred: string) => assertGrades(gold, pred, false);

test("extracts the last boxed answer with nested braces", () => {
    assert.equal(extractAnswer("First $\\boxed{1}$, then $\\boxed{\\frac{\\sqrt{3}}{2}}$."), "\\frac{\\sqrt{3}}{2}");
    assert.equal(extractAnswer("so $x \\in \\boxed{\\left\\{ 1, \\frac{2}{3} \\right\\}}$"), "\\left\\{ 1, \\frac{2}{3} \\right\\}");
});

test("extract first takes the reference's first box, on the first line that closes one", async () => {
    assert.equal(extractAnswer("\\boxed{1} and \\boxed{2}", "first"), "1");
    assert.equal(extractAnswer("so \\boxed{\\frac{1}{2}}$.\nlater \\boxed{3}", "first"), "\\frac{1}{2}");
    assert.equal(extractAnswer("\\boxed{5 \\frac12\n} \\boxed{4}", "first"), "4");
    assert.equal(extractAnswer("no box, the answer is 4", "first"), "");
    assert.equal((await grade("2", "\\boxed{1}, then \\boxed{2}", { extract: "first" })).equal, false);
    await equal("2", "\\boxed{1}, then \\boxed{2}");
});

test("reads \\fbox and the \\boxed 5 form", async () => {
    assert.equal(extractAnswer("The answer is \\fbox{42}."), "42");
    assert.equal(extractAnswer("The answer is \\boxed 5."), "5");
    await equal("5", "Therefore \\boxed 5");
    await different("5", "Therefore \\fbox{6}");
});

test("keeps several boxes joined by 'and' together", async () => {
    assert.equal(extractAnswer("$\\boxed{1}$ and $\\boxed{-2}$"), "1, -2");
    await equal("-2, 1", "The roots are \\boxed{1} and \\boxed{-2}.");
    await different("-2, 1, 3", "The roots are \\boxed{1} and \\boxed{-2}.");
});

test("falls back to the last $...$ and then to the last number", async () => {
    assert.equal(extractAnswer("We get $x = 2$ and so the answer is $\\frac{1}{2}$"), "\\frac{1}{2}");
    assert.equal(extractAnswer("First 12 apples, then 7 more, so 19 in all."), "19");
    assert.equal(extractAnswer("The volume of $ABCD$ is 120. I hope it is correct."), "120");
    await equal("2/3", "so the probability that Alice wins is 2/3.");
    await different("19", "She had 19 apples and ate 4, leaving 15.");
});

test("reads thousands separators", async () => {
    await equal("7425000", "7,425,000");
    await equal("12000023", "$\\boxed{12,\\!000,\\!023}$");
    await equal("14916", "\\boxed{14{,}916}");
    await equal("1000", "1 000");
    await different("32349", "\\boxed{32, 349}");
    await different("7425000", "7,425,001");
});

test("treats a percentage as its number or its fraction", async () => {
    await equal("28\\%", "$\\boxed{28 percent}$");
    await equal("28\\%", "0.28");
    await equal("28", "28 %");
    await different("28\\%", "2.8");
});

test("compares fractions with decimals and other spellings", async () => {
    await equal("\\frac{1}{2}", "0.5");
    await equal("1/3", "\\left( \\frac{1}{3} \\right)");
    await equal("\\frac94", "\\dfrac{9}{4}");
    await equal("1\\frac{4}{5}", "1.8");
    await different("\\frac{1}{3}", "0.33");
    await different("\\frac{3}{4}", "\\frac{4}{3}");
});

test("compares radicals symbolically and numerically", async () => {
    await equal("2\\sqrt{2}", "\\sqrt{8}");
    await equal("\\frac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt3}");
    await equal("\\frac{5\\sqrt{42}}{27}", "\\frac{10\\sqrt{10.5}}{27}");
    await different("\\sqrt{8}", "2\\sqrt{3}");
});

test("compares multiples of pi", async () => {
    await equal("\\frac{9}{4}\\pi", "\\boxed{\\frac94\\pi}");
    await equal("\\pi/2", "\\frac{\\pi}{2}");
    await equal("\\pi", "3.14159265358979");
    await different("\\pi", "3.14");
});

test("compares intervals with their brackets", async () => {
    await equal("[-2, 7]", "$x \\in [-2,7]$");
    await equal("(-\\infty, 2) \\cup (3, \\infty)", "(3,\\infty)\\cup(-\\infty,2)");
    await equal("0 < f(x) < 1", "(0,1)");
    await equal("x > 5", "(5, \\infty)");
    await different("(0,9)", "[0,9)");
    await different("[0,1)", "(0,1]");
});

test("an inequality in gold is answered by its interval, not the other way round (as Math-Verify)", async () => {
    await different("(5, \\infty)", "x > 5");
    await different("x \\in [-2,7]", "-2 \\le x \\le 7");
    await equal("x < -2 \\text{ or } x > 3", "(3, \\infty) \\cup (-\\infty, -2)");
    await equal("1\\leq|z|\\leq \\frac{3}{2}", "z \\in [-\\frac{3}{2}, -1] \\cup [1, \\frac{3}{2}]");
    await equal("|x| < 3", "(-3, 3)");
    await different("|x| < 3", "(0, 3)");
});

test("reads decimal commas, approximations and Minerva endings", async () => {
    await equal("1,22", "1.22");
    await equal("0,111", "0.111");
    await equal("2.74", "Soucis : 2,74 $ a..");
    await different("2.74", "2,75");
    await equal("11", "$x\\approx11$");
    await different("11", "$x\\approx12$");
    await equal("10455", "so $\\boxed{255}$. Final Answer: The final answer is $10,455$. I hope it is correct.");
    await equal("3", "$t = 3 + 5 = 8$ hours. Final Answer: Jane started growing Sphere 3 hours ago. I hope it is correct.");
    await different("8", "$t = 3 + 5 = 8$ hours. Final Answer: Jane started growing Sphere 3 hours ago. I hope it is correct.");
});

test("reads ';' tuples, groups of equations and boxes inside math spans", async () => {
    await equal("(0;-2;6),(4;0;0)", "\\boxed{(4, 0, 0), (0, -2, 6)}");
    await different("(0;-2;6)", "\\boxed{(0, 6, -2)}");
    await equal("p=5,q=2;p=7,q=2", "$(5,2),(7,2)$");
    await different("p=5,q=2;p=7,q=2", "$(2,5),(7,2)$");
    await equal("y_{1}=-2 x^{2}+4 x+3, y_{2}=3 x^{2}+12 x+10", "\\(y_1 = \\boxed{-2(x - 1)^2 + 5} \\) and \\( y_2 = \\boxed{3(x + 2)^2 - 2} \\)");
    await equal("35, 4", "$\\boxed{35} ++++++ \\boxed{4}$");
    await different("35, 4", "We got $\\boxed{35}$, then after a long detour the answer is $\\boxed{4}$.");
});

test("evaluates sums and products of numeric matrices", async () => {
    const identity = "\\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix}";
    await equal("\\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix}", "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}$");
    await equal(identity, `$${identity} ${identity}$`);
    await different(identity, `$${identity} + ${identity}$`);
});

test("keeps tuples ordered and sets unordered", async () => {
    await equal("\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\pi/2)");
    await equal("\\{1\\pm\\sqrt{5},-2\\}", "\\{-2, 1-\\sqrt5, 1+\\sqrt5\\}");
    await equal("(11,7) or (7,11)", "\\boxed{(7,11),\\ (11,7)}");
    await different("(6,31,-1)", "(31,6,-1)");
    await different("(3,1)", "{1,3}");
    await different("1,2", "1,2,3");
});

test("reads an equation by its stated value and compares relations by their solutions", async () => {
    await equal("3", "x = 3");
    await equal("x = 11", "$x = 5+5+1 = 7 = 11$");
    await equal("(p,q)=(3,2)", "(3,2)");
    await equal("y = 2x + 3", "2x - y + 3 = 0");
    await equal("x < 1", "-x > -1");
    await different("7 = 11a+c", "11a+c");
    await different("x < 1", "x > -1");
    await different("x = 3", "y = 3");
});

test("drops units in \\text and compares words", async () => {
    await equal("125 \\text{ miles}", "The distance is $\\boxed{125\\textnormal{ miles}}.$");
    await equal("15\\mbox{ cm}^2", "15");
    await equal("\\text{Evelyn}", "Therefore, $\\boxed{\\text{Evelyn}}$ is our answer.");
    await equal("\\text{(C)}", "C");
    await different("\\text{east}", "\\text{west}");
    await different("d", "\\text{E}");
});

test("drops degree marks", async () => {
    await equal("90^\\circ", "\\boxed{90}");
    await equal("30^{\\circ}", "30°");
    await different("90^\\circ", "45^\\circ");
});

test("compares expressions with variables at sample points", async () => {
    await equal("x^2+2x+1", "(x+1)^2");
    await equal("\\binom{2n}{n}", "\\frac{(2n)!}{(n!)^2}");
    await different("x^2+2x+1", "(x-1)^2");
    await different("I(0) e^{-\\frac{t}{R C}}", "I(0)");
});

test("reads plain-text and programming notation as the LaTeX it stands for", async () => {
    await equal("\\sqrt{3}-1", "sqrt(3) - 1");
    await equal("\\sqrt[4]{2}", "2**(1/4)");
    await equal("\\sqrt[4]{2}", "2^(1/4)");
    await equal("\\frac{3\\sqrt5}{7}", "(3*sqrt(5))/7");
    await equal("\\frac{\\pi}{4}", "pi/4");
    await equal("(x+1)^2", "x**2 + 2*x + 1");
    await equal("e^{2}", "exp(2)");
    await equal("(-\\infty, 2)", "(-inf, 2)");
    await different("\\sqrt{3}-1", "sqrt(3)+1");
    await different("\\sqrt[4]{2}", "2**(1/3)");
    await different("\\frac{3\\sqrt5}{14}", "3*sqrt(5)/7");
    await different("(-\\infty, 2]", "(-inf, 2)");
    await different("5", "**5**"); // Markdown bold around a value is no power
});

test("reads an equation written value first by its value", async () => {
    await equal("2 = x", "2");
    await equal("2", "2 = x");
    await equal("2 = x", "x = 2");
    await equal("y = 2x", "2x = y");
    await different("2 = x", "3");
    await different("x = 2", "2 = y");
    await different("x = 2", "3 = x");
    await different("7 = 11a+c", "11a+c");
});

test("reads percent words, and a percent sign after a fraction", async () => {
    await equal("0.335", "33.5 pct");
    await equal("0.335", "33.5 percentage");
    await equal("33.5\\%", "33.5 percent");
    await equal("0.005", "\\frac{1}{2}\\%");
    await equal("\\frac{1}{2}\\%", "0.005");
    await different("0.335", "3.35 pct");
    await different("0.05", "\\frac{1}{2}\\%");
    // Two percentages compare the numbers before their signs: 50 % is not 0.5 %.
    await different("50\\%", "\\frac{1}{2}\\%");
    await different("50\\%", "0.5\\%");
});

test("reads clock times on a 24-hour clock, with a.m. and p.m.", async () => {
    await equal("20:34:00", "20:34");
    await equal("20:34", "8:34 P.M.");
    await equal("20:34", "8:34 p.m.");
    await equal("20:34", "8:34 PM");
    await equal("00:30", "12:30 a.m.");
    await equal("20:34", "The train arrives at 8:34 p.m. on Friday.");
    await different("20:34", "8:34 A.M.");
    await different("20:34", "8:34"); // no marker: 08:34
    await different("20:34", "20:35");
    await different("12:30", "12:30 a.m.");
    await different("8", "8 pm");
});

test("reads degree marks inside trigonometric functions as degrees", async () => {
    await equal("\\cos x", "\\sin(90^{\\circ}-x)");
    await equal("\\frac12", "\\sin 30^\\circ");
    await equal("\\frac{\\sqrt3}{2}", "cos(30°)");
    await equal("\\cos x", "\\sin(90^\\circ+x)"); // sin(90° + x) is cos x too
    await different("\\cos x", "\\sin(180^\\circ-x)");
    await different("\\cos x", "\\cos(90^\\circ-x)");
    await different("\\frac12", "\\sin 60^\\circ");
    await different("\\frac12", "\\sin 30"); // no degree mark: radians
});

test("reads a whole number and a proper fraction as a mixed number", async () => {
    await equal("\\frac{3}{2}", "1 1/2");
    await equal("1.5", "1 1/2");
    await equal("\\frac{3}{2}", "1\\frac{1}{2}");
    await equal("-\\frac{3}{2}", "-1 1/2");
    await equal("1.5", "She needs 1 1/2 cups of flour.");
    await different("3/2", "1 1/3");
    await different("\\frac{1}{2}", "1 1/2"); // not the product 1·1/2
    await different("\\frac{11}{2}", "1 1/2"); // not 11/2, as the compute engine reads it
    await different("3", "2 3/2"); // an improper fraction makes no mixed number
});

test("drops a unit glued to its number, but not letters that are a product", async () => {
    await equal("10", "10weeks");
    await equal("5", "5cm");
    await equal("12", "12dollars");
    await equal("1000", "1,000dollars");
    await different("10", "11weeks");
    await different("4", "4ab");
    await different("2", "2theta");
    await different("2", "2pi");
});

test("reads malformed boxes and a stray trailing backslash", async () => {
    assert.equal(extractAnswer("so \\box{5} in the end"), "5");
    assert.equal(extractAnswer("Thus \\boxed{\\frac{1}{2}\\}"), "\\frac{1}{2}");
    assert.equal(extractAnswer("Thus \\boxed5."), "5");
    // The reference's first-box rule knows `\boxed` only.
    assert.equal(extractAnswer("so \\box{5} in the end", "first"), "");
    await equal("5", "\\boxed{5");
    await equal("5", "\\boxed 5");
    await equal("5", "\\boxed5");
    await equal("5", "\\box{5}");
    await equal("5", "\\boxed{5\\}");
    await equal("5", "5\\");
    await equal("\\{1,2\\}", "\\boxed{\\{1,2\\}");
    await different("6", "\\box{5}");
    await different("6", "\\boxed{5\\}");
    await different("6", "5\\");
});

test("compares equations of y and of a function value by their right-hand sides", async () => {
    await equal("y = x+1", "f(x) = x+1");
    await equal("f(x) = 2x", "y = 2x");
    await equal("p(x) = x^2-1", "y = (x-1)(x+1)");
    await different("y = x+2", "f(x)=x+1");
    await different("f(x) = x+1", "f(t) = t+1");
    await different("f(2) = 5", "y = 5");
    await different("y = x+1", "x = x+1");
});

test("stops a pathological comparison at the time limit", async () => {
    const spin = runWithTimeLimit(() => {
        for (;;);
    }, 100);
    assert.equal(spin.completed, false);
    // Hundreds of expressions to parse and sample (within the length cap): more work than 50 ms allow.
    const gold = Array.from({ length: 250 }, (_, k) => `x+${k}`).join(", ");
    const pred = Array.from({ length: 250 }, (_, k) => `${249 - k}+x`).join(", ");
    const started = performance.now();
    const result = await grade(gold, `\\boxed{${pred}}`, { timeLimitMs: 50 });
    assert.equal(result.timedOut, true);
    assert.equal(result.equal, false);
    assert.ok(performance.now() - started < 3000, "the comparison was not cut off in time");
    await equal("3", "\\boxed{3}"); // the engine is usable again afterwards
});

test("returns JSON-serializable parsed answers", async () => {
    const result = await grade("\\{1, 2\\}", "\\boxed{\\{2, 1\\}}");
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    assert.equal(result.gold.kind, "set");
    assert.equal(parseAnswer("$\\boxed{[0, 1)}$").kind, "interval");
});

test("agrees with Math-Verify on at least 95% of its regression cases on each side", async () => {
    const cases = readJsonLines<GradingCase>(join(sharedDir, "data", "grading", "math-verify-cases.jsonl"));
    const report = await measureAgreement(cases);
    const misses = report.disagreements.map((miss) => `#${miss.index} expected ${miss.expected}: ${miss.result.gold.normalized} / ${miss.result.pred.normalized}`);
    assert.ok(report.expectedTrue.total > 0 && report.expectedFalse.total > 0);
    assert.ok(report.expectedTrue.agreed >= 0.95 * report.expectedTrue.total, misses.join("\n"));
    assert.ok(report.expectedFalse.agreed >= 0.95 * report.expectedFalse.total, misses.join("\n"));
});

test("judges every MATH-500 reference solution equal to its answer and other answers not equal", async () => {
    const problems = readJsonLines<ReferenceProblem>(join(sharedDir, "data", "math500.jsonl"));
    assert.equal(problems.length, 500);
    const reference = await checkReferenceSolutions(problems);
    assert.deepEqual(reference.failures.map((failure) => failure.id), []);
    const mismatch = await checkMismatchedPairs(problems);
    assert.ok(mismatch.judgedEqual.length <= 0.01 * mismatch.total, JSON.stringify(mismatch.judgedEqual.map((pair) => pair.answer)));
});
