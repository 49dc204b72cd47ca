/**
 * The relay loop: the one place where the student decodes, calls the teacher, and resumes.
 * Semantics follow the RelayLLM reference evaluation loop; deviations are listed in docs/relay.md.
 */
import { withoutOldest, type ChatMessage } from "./chatMessages";
import { CALL_CLOSE, CALL_OPEN, CallStreamParser, type CallSegment } from "./callParser";
import { ConfigError, isAbortError, TeacherRequestError } from "./errors";
import type { CallDenial, CallRecord, CallTrigger, RelayEvent, SolveResult, SolveStopReason } from "./events";
import { pump } from "./eventPump";
import { resolveMode, resolveRelayOptions, type RelayOptions, type ResolvedMode, type ResolvedRelayOptions } from "./options";
import { SpanBuilder } from "./spanBuilder";
import type { StudentGenerateRequest, StudentSession, StudentTurn } from "./student";
import type { TeacherResult } from "./teacher";
import { affordableTokens, grantFor } from "./callGrant";
import { UsageMeter } from "./usageMeter";

/** Runs one solve and streams its events; the last event is always `done` (unless the student fails). */
export async function* relaySolve(options: RelayOptions): AsyncGenerator<RelayEvent, SolveResult> {
    const config = resolveRelayOptions(options);
    const mode = resolveMode(config.mode, config.student.info.relayTrained);
    if (mode === "teacher-only" && !config.teacher) throw new ConfigError("teacher-only mode needs a teacher");
    const session = await config.student.startSession({
        messages: config.messages,
        temperature: config.temperature,
        seed: config.seed,
        grammar: config.grammar,
    });
    try {
        const solve = new Solve(config, mode, session, new UsageMeter(config.prices, session.promptTokens));
        yield { type: "start", mode, student: config.student.info.name, teacher: config.teacher?.name };
        if (session.droppedMessages > 0) yield { type: "history-truncated", droppedMessages: session.droppedMessages, keptMessages: config.messages.length - session.droppedMessages };
        const stopReason = mode === "teacher-only" ? yield* solve.runTeacherOnly() : yield* solve.runRelay();
        const result = solve.result(stopReason);
        yield { type: "usage", usage: result.usage };
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

class Solve {
    private readonly parser = new CallStreamParser();
    private readonly spans = new SpanBuilder();
    private readonly calls: CallRecord[] = [];
    /** Set after a teacher failure: the rest of the solve does not wait on a broken teacher again. */
    private teacherUnavailable = false;
    /** What the teacher is sent: the conversation as the student kept it. */
    private readonly messages: readonly ChatMessage[];

    constructor(
        private readonly config: ResolvedRelayOptions,
        private readonly mode: ResolvedMode,
        private readonly session: StudentSession,
        private readonly meter: UsageMeter,
    ) {
        this.messages = withoutOldest(config.messages, session.droppedMessages);
    }

    result(stopReason: SolveStopReason): SolveResult {
        return { mode: this.mode, templatedPrompt: this.session.templatedPrompt, text: this.spans.text, spans: this.spans.toArray(), calls: this.calls.map((call) => ({ ...call })), usage: this.meter.snapshot(), stopReason };
    }

    async *runRelay(): AsyncGenerator<RelayEvent, SolveStopReason> {
        const { confidence } = this.config;
        let cooldown = confidence.cooldownTokens;
        for (;;) {
            const remaining = this.config.maxTokens - this.meter.generatedTokens;
            if (remaining <= 0) return yield* this.finishStudent("max-tokens");
            const request: StudentGenerateRequest = {
                maxTokens: remaining,
                stopStrings: [CALL_CLOSE],
                suppress: this.mode === "teacher-free" ? [CALL_OPEN] : undefined,
                confidenceStop: this.mode === "confidence" && this.canCallTeacher() ? { threshold: confidence.threshold, minTokens: cooldown } : undefined,
                signal: this.config.signal,
            };
            const commands: CallSegment[] = [];
            const turn: StudentTurn = yield* pump<RelayEvent, StudentTurn>((emit) =>
                this.session.generate({ ...request, onText: (delta) => this.onStudentText(this.parser.push(delta), emit, commands) }),
            );
            this.meter.addStudent(turn.tokens);
            cooldown = Math.max(0, cooldown - turn.tokens);
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
                    const outcome = yield* this.callTeacher("command", command.requested);
                    if (outcome !== "continue") return outcome;
                    break;
                }
            }
        }
    }

    async *runTeacherOnly(): AsyncGenerator<RelayEvent, SolveStopReason> {
        const outcome = yield* this.callTeacher("command", this.config.maxTokens, { unlimited: true });
        if (outcome === "continue") return "max-tokens";
        return outcome;
    }

    private onStudentText(segments: CallSegment[], emit: (event: RelayEvent) => void, commands: CallSegment[]): void {
        for (const segment of segments) {
            if (segment.kind === "text") {
                this.spans.add("student", segment.text);
                emit({ type: "student-text", text: segment.text });
            } else if (segment.kind === "malformed") {
                emit({ type: "malformed-command", raw: segment.raw, reason: segment.reason });
            } else commands.push(segment);
        }
    }

    /** Ends the answer on the student's side: a half-written command left at the end is malformed. */
    private async *finishStudent(reason: SolveStopReason): AsyncGenerator<RelayEvent, SolveStopReason> {
        const commands: CallSegment[] = [];
        const events: RelayEvent[] = [];
        this.onStudentText(this.parser.flush(), (event) => events.push(event), commands);
        yield* events;
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

    /** Teacher output tokens the money budget still pays for, given the prompt this call will send. */
    private async affordable(partial: string): Promise<number> {
        const budgetLeft = this.config.maxCostUSD - this.meter.snapshot().costUSD;
        if (budgetLeft === Number.POSITIVE_INFINITY) return budgetLeft;
        const promptTokens = await this.session.countTokens(this.session.templatedPrompt + partial);
        return affordableTokens(budgetLeft, this.config.prices, promptTokens);
    }

    /** Asks the teacher for up to `requested` tokens; "continue" means the student resumes. */
    private async *callTeacher(trigger: CallTrigger, requested: number, limits: { unlimited?: boolean } = {}): AsyncGenerator<RelayEvent, SolveStopReason | "continue"> {
        yield { type: "call-requested", trigger, requested };
        const denied = this.denial(requested);
        if (denied) {
            yield { type: "call-denied", requested, reason: denied };
            return "continue";
        }
        const partial = this.spans.text.trim();
        const cap = limits.unlimited ? Math.min(requested, this.config.maxTokens - this.meter.generatedTokens) : grantFor(requested, this.config, this.meter);
        const granted = Math.min(cap, await this.affordable(partial));
        if (granted <= 0) {
            yield { type: "call-denied", requested, reason: "budget" };
            return "continue";
        }
        const call = this.calls.length;
        const record: CallRecord = { trigger, requested, offset: this.spans.text.length, granted, produced: 0, producedStudentTokens: 0, finishReason: "error", latencyMs: 0 };
        this.calls.push(record);
        yield { type: "call-granted", call, requested, granted };

        const started = Date.now();
        try {
            const answer = yield* pump<RelayEvent, TeacherResult>((emit) =>
                this.config.teacher!.continue({
                    messages: this.messages,
                    templatedPrompt: this.session.templatedPrompt,
                    partial,
                    maxTokens: granted,
                    temperature: this.config.teacherTemperature,
                    seed: this.config.seed,
                    signal: this.config.signal,
                    onText: (text) => emit({ type: "teacher-text", call, text }),
                }),
            );
            const studentTokens = answer.text ? await this.session.append(answer.text) : 0;
            this.spans.add("teacher", answer.text, call);
            this.meter.addTeacherCall(studentTokens, answer.usage ?? {});
            Object.assign(record, {
                produced: answer.usage?.completionTokens ?? studentTokens,
                producedStudentTokens: studentTokens,
                finishReason: answer.finishReason,
                latencyMs: Date.now() - started,
                usage: answer.usage,
            });
            yield { type: "teacher-done", call, record: { ...record } };
            if (answer.finishReason === "stop") return "teacher-eos";
            if (this.meter.generatedTokens >= this.config.maxTokens) return "max-tokens";
            return "continue";
        } catch (error) {
            record.latencyMs = Date.now() - started;
            if (isAbortError(error) || this.config.signal?.aborted) {
                record.finishReason = "aborted";
                return "aborted";
            }
            if (!(error instanceof TeacherRequestError)) throw error;
            this.teacherUnavailable = true;
            record.error = error.message;
            yield { type: "teacher-error", call, kind: error.kind, message: error.message };
            return this.mode === "teacher-only" ? "teacher-error" : "continue";
        }
    }
}
