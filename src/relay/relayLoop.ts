/**
 * The relay loop: the one place where the student decodes, calls the teacher, and resumes.
 * Semantics follow the RelayLLM reference evaluation loop; deviations are listed in docs/relay.md.
 */
import { withoutOldest, type ChatMessage } from "./chatMessages";
import { CALL_CLOSE, CALL_OPEN, CallStreamParser, type CallSegment } from "./callParser";
import { ConfigError, isAbortError, TeacherRequestError } from "./errors";
import { StudentCrashedError } from "./studentCrashedError";
import type { CallDenial, CallRecord, CallTrigger, RelayEvent, SolveLimits, SolveResult, SolveStopReason } from "./events";
import { pump } from "./eventPump";
import { resolveMode, resolveRelayOptions, type RelayOptions, type ResolvedMode, type ResolvedRelayOptions } from "./options";
import { SpanBuilder } from "./spanBuilder";
import type { StudentGenerateRequest, StudentSession, StudentTurn } from "./student";
import { affordableTokens, grantFor, grantSlack, grantWithinBudget, promptTokenCeiling } from "./callGrant";
import { decideWholeTurn, referenceTeacherView } from "./referenceTurn";
import { guardedTeacherCall } from "./guardedTeacherCall";
import { checkUsage } from "./teacherUsage";
import { UsageMeter } from "./usageMeter";

/**
 * Runs one solve and streams its events; the last event is always `done`, unless the student fails: then a
 * `StudentCrashedError` is thrown at once (a teacher call in flight is aborted), carrying the answer so far.
 */
export async function* relaySolve(options: RelayOptions): AsyncGenerator<RelayEvent, SolveResult> {
    const config = resolveRelayOptions(options);
    const mode = resolveMode(config.mode, config.student.info.relayTrained, config.protocol);
    if (mode === "teacher-only" && !config.teacher) throw new ConfigError("teacher-only mode needs a teacher");
    const session = await config.student.startSession({
        messages: config.messages,
        reserveTokens: config.maxTokens,
        temperature: config.temperature,
        sampling: config.studentSampling,
        plainPromptFormat: config.plainPromptFormat,
        seed: config.seed,
        grammar: config.grammar,
        signal: config.signal,
    });
    try {
        const run = new RelayRun(config, mode, session, new UsageMeter(config.prices, session.promptTokens));
        yield { type: "start", mode, student: config.student.info.name, teacher: config.teacher?.name, limits: run.limits };
        if (session.droppedMessages > 0) yield { type: "history-truncated", droppedMessages: session.droppedMessages, keptMessages: config.messages.length - session.droppedMessages };
        let stopReason: SolveStopReason;
        try {
            stopReason = mode === "teacher-only" ? yield* run.runTeacherOnly() : yield* run.runRelay();
        } catch (error) {
            if (error instanceof StudentCrashedError) error.partial = run.result("student-crashed");
            throw error;
        }
        const result = run.result(stopReason, await run.transcriptTokens());
        yield { type: "done", result };
        return result;
    } finally {
        await session.dispose();
    }
}

/** Drains `relaySolve` and returns its result (events are passed to `onEvent`). */
export async function solve(options: RelayOptions, onEvent?: (event: RelayEvent) => void): Promise<SolveResult> {
    const events = relaySolve(options);
    for (;;) {
        const next = await events.next();
        if (next.done) return next.value;
        onEvent?.(next.value);
    }
}

/** The state of one solve while it runs: the call parser, the spans, the meter, the calls made; `relaySolve` drives it. */
class RelayRun {
    private readonly parser = new CallStreamParser();
    private readonly spans = new SpanBuilder();
    private readonly calls: CallRecord[] = [];
    /** Denied calls by reason, for the result. */
    private readonly denied: Partial<Record<CallDenial, number>> = {};
    /** Set after a teacher failure: the rest of the solve does not wait on a broken teacher again. */
    private teacherUnavailable = false;
    /** What the teacher is sent: the conversation as the student kept it. */
    private readonly messages: readonly ChatMessage[];
    /** Under `commands: "stream"`, the answer as the teacher reads it: the spans' text. */
    private teacherView = "";
    /**
     * Everything written, as written: the student's text with its commands, the teacher's kept text, and the
     * reference's `[Error: …]` / `[Info: …]` lines where the answer ended on one. The reference's teacher
     * prompt is made from it, and it is what the reference grades.
     */
    private transcript = "";
    /** The current student turn as written (the reference reads each turn whole). */
    private turnText = "";

    constructor(
        private readonly config: ResolvedRelayOptions,
        private readonly mode: ResolvedMode,
        private readonly session: StudentSession,
        private readonly meter: UsageMeter,
    ) {
        this.messages = withoutOldest(config.messages, session.droppedMessages);
    }

    get limits(): SolveLimits {
        return { maxTokens: this.config.maxTokens, maxCalls: this.config.maxCalls, protocol: this.config.protocol };
    }

    result(stopReason: SolveStopReason, transcriptTokens?: number): SolveResult {
        const result: SolveResult = {
            mode: this.mode,
            templatedPrompt: this.session.templatedPrompt,
            text: this.spans.text,
            spans: this.spans.toArray(),
            calls: this.calls.map((call) => ({ ...call })),
            usage: this.meter.snapshot(),
            stopReason,
            limits: this.limits,
            denied: { ...this.denied },
            droppedMessages: this.session.droppedMessages,
        };
        if (transcriptTokens !== undefined) result.transcript = { text: this.transcript, tokens: transcriptTokens };
        return result;
    }

    /** The transcript re-encoded with the student's tokenizer (the reference's `total_tokens`), when the protocol grades it. */
    async transcriptTokens(): Promise<number | undefined> {
        if (this.config.graded !== "transcript") return undefined;
        return this.transcript ? await this.session.countTokens(this.transcript) : 0;
    }

    async *runRelay(): AsyncGenerator<RelayEvent, SolveStopReason> {
        const { confidence } = this.config;
        // No wait before the first call: the answer's first token is often the one that decides.
        let cooldown = 0;
        let turns = 0;
        for (;;) {
            const remaining = this.config.maxTokens - this.meter.generatedTokens;
            if (remaining <= 0) {
                if (this.config.commands === "turn") this.endWith(`\n[Error: Reached GLOBAL_MAX_TOKENS (${this.config.maxTokens})]`, "max-tokens");
                return yield* this.finishStudent("max-tokens");
            }
            const request: StudentGenerateRequest = {
                maxTokens: remaining,
                stopStrings: [CALL_CLOSE],
                suppress: this.mode === "teacher-free" ? [CALL_OPEN] : undefined,
                confidenceStop: this.mode === "confidence" && this.canCallTeacher() ? { trigger: confidence.trigger, threshold: confidence.threshold, minTokens: cooldown } : undefined,
                signal: this.config.signal,
            };
            const commands: CallSegment[] = [];
            this.turnText = "";
            const turn: StudentTurn = yield* pump<RelayEvent, StudentTurn>((emit) =>
                this.session.generate({
                    ...request,
                    onText: (delta) => {
                        this.turnText += delta;
                        this.transcript += delta;
                        this.onStudentText(this.parser.push(delta), emit, commands);
                    },
                }),
            );
            this.meter.addStudent(turn.tokens);
            cooldown = Math.max(0, cooldown - turn.tokens);
            turns++;
            if (this.config.commands === "turn" && turn.stopReason !== "aborted" && turn.stopReason !== "low-confidence") {
                const outcome = yield* this.afterWholeTurn(turn.stopReason, turns);
                if (outcome !== "continue") return outcome;
                continue;
            }
            // The reference's last turn ends the answer, even one that asked for a call.
            if (turn.stopReason !== "aborted" && this.config.maxStudentTurns > 0 && turns >= this.config.maxStudentTurns) {
                return yield* this.finishStudent(turn.stopReason === "eos" ? "eos" : turn.stopReason === "max-tokens" ? "max-tokens" : "max-turns");
            }
            switch (turn.stopReason) {
                case "aborted":
                    return yield* this.finishStudent("aborted");
                case "eos":
                    return yield* this.finishStudent("eos");
                case "max-tokens":
                    return yield* this.finishStudent("max-tokens");
                case "low-confidence": {
                    cooldown = confidence.cooldownTokens;
                    const outcome = yield* this.callTeacher("low-confidence", confidence.callTokens);
                    if (outcome !== "continue") return outcome;
                    break;
                }
                case "stop-string": {
                    const command = commands.find((segment) => segment.kind === "command");
                    if (command?.kind !== "command") break;
                    const outcome = yield* this.callTeacher("command", command.requested > 0 ? (this.config.fixedCallTokens ?? command.requested) : command.requested);
                    if (outcome !== "continue") return outcome;
                    break;
                }
                default:
                    // A new stop reason must be handled above, not loop forever.
                    throw new Error(`unhandled student stop reason ${JSON.stringify(turn.stopReason satisfies never)}`);
            }
        }
    }

    /** The reference's reading of a finished student turn (`commands: "turn"`; see `decideWholeTurn`). */
    private async *afterWholeTurn(stop: "stop-string" | "eos" | "max-tokens", turns: number): AsyncGenerator<RelayEvent, SolveStopReason | "continue"> {
        const lastTurn = this.config.maxStudentTurns > 0 && turns >= this.config.maxStudentTurns;
        const decision = decideWholeTurn(this.turnText, stop, lastTurn, this.config.maxTokens - this.meter.generatedTokens, this.config.maxTokens);
        // Each turn is read alone: what the display parser holds back (an unterminated command) ends with it.
        yield* this.flushParser();
        if ("end" in decision) return decision.note ? this.endWith(decision.note, decision.end) : decision.end;
        return yield* this.callTeacher("command", decision.call > 0 ? (this.config.fixedCallTokens ?? decision.call) : 0);
    }

    /** Ends the answer with one of the reference's notes, which only its transcript carries. */
    private endWith(note: string, reason: SolveStopReason): SolveStopReason {
        this.transcript += note;
        return reason;
    }

    async *runTeacherOnly(): AsyncGenerator<RelayEvent, SolveStopReason> {
        const outcome = yield* this.callTeacher("teacher-only", this.config.maxTokens, { unlimited: true });
        if (outcome === "continue") return "max-tokens";
        return outcome;
    }

    /**
     * Shows the student's text with its commands taken out. Under `commands: "stream"` this is also where
     * commands are found; under `turn` the decisions are made from the whole turn and these segments only
     * say what the reader sees.
     */
    private onStudentText(segments: CallSegment[], emit: (event: RelayEvent) => void, commands: CallSegment[]): void {
        for (const segment of segments) {
            if (segment.kind === "text") {
                this.spans.add("student", segment.text);
                this.teacherView += segment.text;
                emit({ type: "student-text", text: segment.text });
            } else if (segment.kind === "malformed") {
                emit({ type: "malformed-command", raw: segment.raw, reason: segment.reason });
            } else {
                commands.push(segment);
            }
        }
    }

    /** Hands out what the display parser held back: a half-written command left at the end is malformed. */
    private async *flushParser(): AsyncGenerator<RelayEvent, void> {
        const events: RelayEvent[] = [];
        this.onStudentText(this.parser.flush(), (event) => events.push(event), []);
        yield* events;
    }

    /** Ends the answer on the student's side. */
    private async *finishStudent(reason: SolveStopReason): AsyncGenerator<RelayEvent, SolveStopReason> {
        yield* this.flushParser();
        return reason;
    }

    private canCallTeacher(): boolean {
        return this.config.teacher !== undefined && !this.teacherUnavailable && this.meter.callsSoFar < this.config.maxCalls;
    }

    private denial(requested: number): CallDenial | undefined {
        if (requested === 0) return "zero";
        if (this.mode === "teacher-free") return "teacher-free";
        if (!this.config.teacher) return "no-teacher";
        if (this.teacherUnavailable) return "teacher-unavailable";
        if (this.meter.callsSoFar >= this.config.maxCalls) return "max-calls";
        return undefined;
    }

    /**
     * The grant the money budget still pays for, overrun slack included, given the prompt this call sends at
     * the most tokens a server can bill for it: the budget holds whatever the server reports.
     */
    private affordable(partial: string): number {
        const budgetLeft = this.config.maxCostUSD - this.meter.snapshot().costUSD;
        if (budgetLeft === Number.POSITIVE_INFINITY) return budgetLeft;
        return grantWithinBudget(affordableTokens(budgetLeft, this.config.prices, promptTokenCeiling(this.session.templatedPrompt + partial)));
    }

    /** Asks the teacher for up to `requested` tokens; "continue" means the student resumes. */
    private async *callTeacher(trigger: CallTrigger, requested: number, limits: { unlimited?: boolean } = {}): AsyncGenerator<RelayEvent, SolveStopReason | "continue"> {
        yield { type: "call-requested", trigger, requested };
        const denied = this.denial(requested);
        if (denied) {
            this.denied[denied] = (this.denied[denied] ?? 0) + 1;
            yield { type: "call-denied", requested, reason: denied };
            return "continue";
        }
        const partial = this.config.commands === "turn" ? referenceTeacherView(this.transcript) : this.teacherView.trimEnd();
        const cap = limits.unlimited ? Math.min(requested, this.config.maxTokens - this.meter.generatedTokens) : grantFor(requested, this.config, this.meter);
        const granted = Math.min(cap, this.affordable(partial));
        if (granted <= 0) {
            this.denied.budget = (this.denied.budget ?? 0) + 1;
            yield { type: "call-denied", requested, reason: "budget" };
            return "continue";
        }
        if (this.config.confirmCall && !(await this.config.confirmCall({ requested, granted, messages: this.messages, templatedPrompt: this.session.templatedPrompt, partial }))) {
            this.denied.declined = (this.denied.declined ?? 0) + 1;
            yield { type: "call-denied", requested, reason: "declined" };
            return "continue";
        }
        // What the call may keep: its grant, or under `teacherOverGrant: "keep"` all that the solve's limits allow.
        const keepLimit = this.config.teacherOverGrant === "keep" && !limits.unlimited ? Math.max(granted, Math.min(grantFor(Number.MAX_SAFE_INTEGER, this.config, this.meter), this.affordable(partial))) : granted;
        const call = this.calls.length;
        const record: CallRecord = { trigger, requested, offset: this.spans.text.length, granted, produced: 0, producedStudentTokens: 0, finishReason: "error", latencyMs: 0 };
        this.calls.push(record);
        yield { type: "call-granted", call, requested, granted };

        const started = Date.now();
        const request = { messages: this.messages, templatedPrompt: this.session.templatedPrompt, partial, maxTokens: granted, temperature: this.config.teacherTemperature, sampling: this.config.teacherSampling, seed: this.config.seed };
        const guarding = { call, keepLimit, count: (text: string) => this.session.countTokens(text) };
        const { answer, error, text, overrun } = yield* guardedTeacherCall(this.config.teacher!, request, guarding, { signal: this.config.signal, lost: this.session.lost });
        record.latencyMs = Date.now() - started;
        const lost = this.session.lost;
        if (lost?.aborted) throw lost.reason instanceof StudentCrashedError ? lost.reason : new StudentCrashedError("The student's process stopped during a teacher call.", { cause: lost.reason });
        const received = text.received ? await this.session.countTokens(text.received) : 0;
        const prompt = this.session.templatedPrompt + partial;
        const { usage, rejected } = checkUsage(answer?.usage, promptTokenCeiling(prompt));
        if (rejected) yield { type: "teacher-usage-rejected", call, reason: rejected };
        // Billed output never exceeds grant + slack: past that we stopped reading (see grantSlack).
        const outputTokens = Math.min(usage?.completionTokens ?? received, keepLimit + grantSlack(keepLimit));
        // A teacher that reports no usage is billed for what the student's context holds before this call: the
        // session already knows that count, so nothing crosses to the worker to be tokenized again. It is
        // the student's tokenizer, and the commands the teacher never saw are in it: a few tokens over, never under.
        const promptTokens = usage ? usage.promptTokens : text.received ? this.session.promptTokens + this.meter.generatedTokens : 0;
        const billed = { outputTokens, promptTokens, cachedPromptTokens: usage?.cachedPromptTokens };
        Object.assign(record, { produced: outputTokens, ...(usage ? { usage } : {}) });
        if (text.overGrant) yield { type: "teacher-over-grant", call, granted: keepLimit, receivedTokens: received, aborted: text.aborted };

        if (!answer) {
            if (isAbortError(error) || this.config.signal?.aborted) {
                this.meter.addTeacherCall(0, billed);
                record.finishReason = "aborted";
                return "aborted";
            }
            if (!(error instanceof TeacherRequestError)) throw error;
            this.meter.addTeacherCall(0, billed, true);
            this.teacherUnavailable = true;
            record.error = error.message;
            yield { type: "teacher-error", call, kind: error.kind, message: error.message };
            if (this.config.teacherFailure === "ends") return this.endWith(`\n[Error: ${error.message}]`, "teacher-error");
            return this.mode === "teacher-only" ? "teacher-error" : "continue";
        }
        const studentTokens = text.kept ? await this.session.append(text.kept) : 0;
        this.spans.add("teacher", text.kept, call);
        this.teacherView += text.kept;
        this.transcript += text.kept;
        this.meter.addTeacherCall(studentTokens, billed);
        // A teacher cut at its grant did not end the answer, whatever it said after the cut.
        const finishReason = overrun ? "length" : answer.finishReason;
        Object.assign(record, { producedStudentTokens: studentTokens, finishReason });
        // A teacher too slow for one call's time limit is not waited on again in this solve.
        if (finishReason === "timeout") this.teacherUnavailable = true;
        yield { type: "teacher-done", call, record: { ...record } };
        // Under our protocol an empty completion adds nothing and so ends nothing: the student, who asked for help, goes on.
        if (finishReason === "stop" && (text.kept !== "" || this.mode === "teacher-only" || this.config.emptyTeacherStop === "ends")) return "teacher-eos";
        if (this.meter.generatedTokens >= this.config.maxTokens) return this.config.commands === "turn" ? this.endWith("\n[Info: Limit Reached]", "max-tokens") : "max-tokens";
        return "continue";
    }
}
