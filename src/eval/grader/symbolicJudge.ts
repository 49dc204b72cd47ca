import { closingBrace } from "./latexScan";
import { SAMPLE_POINTS, sampleValue, samplesAgree, samplesProportional, type Complex } from "./numericSampling";
import type { BoxedExpression, ComputeEngine } from "./symbolicEngine";

interface Sample {
    expr?: BoxedExpression;
    constant: boolean;
    values: (Complex | undefined)[];
}

const GREEK = "alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|kappa|lambda|mu|nu|xi|rho|sigma|tau|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega";
/** `f(x)`, `I(0)`, `P(A)`: a letter applied to one token is a function value, not a product. */
const FUNCTION_VALUE = /(?<![\\a-zA-Z])[A-Za-z]\s*\(\s*(?:[A-Za-z]|\d+)\s*\)/g;
/** `a_3`, `x_{1}`, `\theta_w`, `m_{\max}`: subscripted names, which the engine would read as indexing. */
const SUBSCRIPTED = new RegExp(`(?:\\\\(?:${GREEK})|(?<!\\\\[a-zA-Z]*)[A-Za-z])_(?:\\{[^{}]*\\}|\\\\?[A-Za-z0-9])`, "g");

/**
 * Judges scalar LaTeX expressions with @cortex-js/compute-engine for one comparison: structural equality of
 * the canonical forms, exact evaluation for constants, then agreement at fixed sample points. Parsed
 * expressions and their samples are cached per LaTeX string, so matching lists stays cheap.
 */
export class SymbolicJudge {
    private readonly samples = new Map<string, Sample>();
    private readonly symbols = new Map<string, string>();

    constructor(private readonly engine: ComputeEngine, readonly relativeTolerance: number) {}

    /** True when the two expressions are equal as numbers or as functions of their variables. */
    scalarsEqual(a: string, b: string): boolean {
        if (a.replace(/\s+/g, "") === b.replace(/\s+/g, "")) return true;
        const x = this.sample(a);
        const y = this.sample(b);
        if (!x.expr || !y.expr) return false;
        if (attempt(() => x.expr!.isSame(y.expr!)) === true) return true;
        const bothConstant = x.constant && y.constant;
        if (samplesAgree(x.values, y.values, this.relativeTolerance, bothConstant ? 1 : 2)) return true;
        // Values beyond floating point (`2^{1009}`) have no samples; compare them exactly.
        return bothConstant && !x.values[0] && !y.values[0] && this.exactlyEqual(x.expr, y.expr);
    }

    /** True when `a = c·b` for a constant c (positive when `positive`), both having variables. */
    proportional(a: string, b: string, positive: boolean): boolean {
        const x = this.sample(a);
        const y = this.sample(b);
        if (!x.expr || !y.expr || (x.constant && y.constant)) return false;
        return samplesProportional(x.values, y.values, this.relativeTolerance, positive);
    }

    private exactlyEqual(a: BoxedExpression, b: BoxedExpression): boolean {
        const difference = attempt(() => this.engine.box(["Subtract", a, b]).evaluate());
        return difference !== undefined && difference.re === 0 && (difference.im === 0 || Number.isNaN(difference.im));
    }

    private sample(latex: string): Sample {
        const cached = this.samples.get(latex);
        if (cached) return cached;
        const expr = attempt(() => this.engine.parse(this.prepare(latex)));
        let sample: Sample = { constant: true, values: [] };
        if (expr?.isValid) {
            const unknowns = [...(attempt(() => expr.unknowns) ?? [])];
            const values: (Complex | undefined)[] = [];
            for (let point = 0; point < SAMPLE_POINTS; point++) {
                values.push(unknowns.length === 0 && point > 0 ? values[0] : this.evaluate(expr, unknowns, point));
            }
            sample = { expr, constant: unknowns.length === 0, values };
        }
        this.samples.set(latex, sample);
        return sample;
    }

    private evaluate(expr: BoxedExpression, unknowns: string[], point: number): Complex | undefined {
        return attempt(() => {
            const substitution = Object.fromEntries(unknowns.map((name) => [name, this.engine.number(sampleValue(point, name))]));
            const value = (unknowns.length > 0 ? expr.subs(substitution) : expr).N();
            const re = value.re;
            const im = Number.isNaN(value.im) ? 0 : value.im;
            return Number.isFinite(re) && Number.isFinite(im) ? { re, im } : undefined;
        });
    }

    /** LaTeX the engine reads well: words dropped, `\binom` spelled out, subscripted names made plain symbols. */
    private prepare(latex: string): string {
        const text = rewriteBinomials(latex)
            .replace(/\\text\{[^{}]*\}|%|\\angle(?![a-zA-Z])/g, " ")
            .replace(SUBSCRIPTED, (name) => this.symbolFor(name))
            .replace(FUNCTION_VALUE, (call) => this.symbolFor(call));
        return text;
    }

    /** One plain symbol per distinct name, shared by both sides of the comparison. */
    private symbolFor(name: string): string {
        const key = name.replace(/[{}\s]/g, "");
        if (!this.symbols.has(key)) this.symbols.set(key, `\\mathrm{sym${this.symbols.size}}`);
        return this.symbols.get(key)!;
    }
}

/** `\binom{n}{k}` as factorials (the engine has no LaTeX binomial). */
function rewriteBinomials(latex: string): string {
    const at = latex.indexOf("\\binom{");
    if (at < 0) return latex;
    const firstEnd = closingBrace(latex, at + 6);
    if (firstEnd < 0 || latex[firstEnd] !== "{") return latex;
    const secondEnd = closingBrace(latex, firstEnd);
    if (secondEnd < 0) return latex;
    const n = latex.slice(at + 7, firstEnd - 1);
    const k = latex.slice(firstEnd + 1, secondEnd - 1);
    const spelled = `\\frac{(${n})!}{(${k})!((${n})-(${k}))!}`;
    return latex.slice(0, at) + spelled + rewriteBinomials(latex.slice(secondEnd));
}

/** The engine throws on some inputs (a factorial of a non-integer, odd types); those count as "no answer". */
function attempt<T>(work: () => T): T | undefined {
    try {
        return work();
    } catch {
        return undefined;
    }
}
