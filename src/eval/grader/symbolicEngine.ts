import { runWithTimeLimit, type TimedOutcome } from "./timeLimit";

/**
 * The part of @cortex-js/compute-engine's boxed-expression API the grader relies on. Declared here because
 * the package's own declaration files use extensionless ESM imports that NodeNext resolution cannot follow.
 */
export interface BoxedExpression {
    readonly isValid: boolean;
    readonly unknowns: readonly string[];
    readonly re: number;
    readonly im: number;
    isSame(other: BoxedExpression): boolean;
    subs(substitution: Record<string, BoxedExpression>): BoxedExpression;
    N(): BoxedExpression;
    evaluate(): BoxedExpression;
}

/** The part of the `ComputeEngine` class the grader relies on. */
export interface ComputeEngine {
    parse(latex: string): BoxedExpression;
    number(value: number): BoxedExpression;
    box(expression: unknown): BoxedExpression;
    pushScope(): unknown;
    popScope(): unknown;
}

interface EngineModule {
    ComputeEngine: new () => unknown;
}

/** One compute engine, replaced after a comparison was cut off (its state may be half-updated then). */
export class SymbolicEngine {
    private current: ComputeEngine;

    constructor(private readonly module: EngineModule) {
        this.current = new module.ComputeEngine() as ComputeEngine;
    }

    get engine(): ComputeEngine {
        return this.current;
    }

    reset(): void {
        this.current = new this.module.ComputeEngine() as ComputeEngine;
    }

    /**
     * Runs `work` under the time limit, in a fresh engine scope (symbols declared while parsing one answer
     * must not leak into the next) and with the console muted (the engine logs parse and type errors there).
     * After a timeout the engine is replaced.
     */
    run<T>(work: () => T, timeLimitMs: number): TimedOutcome<T> {
        const saved = { error: console.error, warn: console.warn, info: console.info, log: console.log };
        const mute = () => undefined;
        Object.assign(console, { error: mute, warn: mute, info: mute, log: mute });
        try {
            const outcome = runWithTimeLimit(() => {
                this.current.pushScope();
                try {
                    return work();
                } finally {
                    this.current.popScope();
                }
            }, timeLimitMs);
            if (!outcome.completed) this.reset();
            return outcome;
        } finally {
            Object.assign(console, saved);
        }
    }
}

let shared: Promise<SymbolicEngine> | undefined;

/** The process-wide engine; the package ships as ESM, so it is loaded with a dynamic import on first use. */
export function sharedSymbolicEngine(): Promise<SymbolicEngine> {
    shared ??= import("@cortex-js/compute-engine").then((module) => new SymbolicEngine(module));
    return shared;
}
