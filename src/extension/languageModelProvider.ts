import * as vscode from "vscode";
import { teacherFailureNote } from "./teacherFailureNote";
import { basename } from "node:path";
import { isAbortError, type ChatMessage, type RelayEvent, type SolveResult } from "../relay";
import { errorMessage } from "../util/errorMessage";
import { shapeRequest, type PlainMessage, type PlainPart, type ShapingOptions } from "./chatRequestShaping";
import type { RelayRunner } from "./relayRunner";
import { SolveBusyError } from "./solveBusyError";
import { readSettings, SETTINGS_SECTION } from "./settings";

/** The vendor in package.json's `languageModelChatProviders`; models are addressed as `relay/<id>`. */
export const RELAY_VENDOR = "relay";
export const RELAY_MODEL_ID = "relay";

/**
 * Copilot first asks for a summary of the conversation when its prompt would pass `maxInputTokens`; Relay shapes
 * every request down to what its student reads (chatRequestShaping), so it declares a large window and never
 * gets that extra request.
 */
const DECLARED_INPUT_TOKENS = 128_000;

/**
 * Relay as a language model of VS Code (the Chat view's model picker, Copilot's agent, `vscode.lm.selectChatModels`).
 * Answers come from the relay engine (the student with the teacher) as text parts; usage goes to the meter through
 * the runner, since VS Code gives providers no usage channel.
 */
export function registerLanguageModelProvider(context: vscode.ExtensionContext, runner: RelayRunner, log: vscode.OutputChannel): void {
    if (typeof vscode.lm?.registerLanguageModelChatProvider !== "function") return;
    const changed = new vscode.EventEmitter<void>();
    const provider: vscode.LanguageModelChatProvider = {
        onDidChangeLanguageModelChatInformation: changed.event,
        provideLanguageModelChatInformation: () => [modelInformation(context)],
        provideLanguageModelChatResponse: (_model, messages, options, progress, token) => respond(runner, log, messages, options, progress, token),
        // Called for every prompt piece Copilot sizes; the student's tokenizer lives in its worker, so this estimates.
        provideTokenCount: async (_model, text) => Math.ceil((typeof text === "string" ? text : plainMessage(text).parts.map(partText).join("")).length / 4),
    };
    context.subscriptions.push(
        changed,
        vscode.lm.registerLanguageModelChatProvider(RELAY_VENDOR, provider),
        vscode.workspace.onDidChangeConfiguration((change) => {
            if (change.affectsConfiguration(`${SETTINGS_SECTION}.student.model`) || change.affectsConfiguration(`${SETTINGS_SECTION}.limits.maxTokens`)) changed.fire();
        }),
    );
    // VS Code asks a provider for its models only when told they changed (or when some caller selects models): a
    // provider registered after the workbench's first look would stay out of the model picker until then.
    setTimeout(() => changed.fire(), 0);
}

function modelInformation(context: vscode.ExtensionContext): vscode.LanguageModelChatInformation {
    const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
    const student = settings.student.model ? basename(settings.student.model) : "no student model yet";
    return {
        id: RELAY_MODEL_ID,
        name: "Relay",
        family: "relay",
        version: String((context.extension.packageJSON as { version?: unknown }).version ?? "0"),
        detail: student,
        tooltip: `A local model (${student}) answers; a teacher model writes the hard steps. Tools are offered to it but never called.`,
        maxInputTokens: DECLARED_INPUT_TOKENS,
        maxOutputTokens: settings.limits.maxTokens,
        // Without toolCalling the model is hidden in Agent mode, the only chat mode before Copilot starts.
        capabilities: { toolCalling: true, imageInput: false },
    };
}

async function respond(
    runner: RelayRunner,
    log: vscode.OutputChannel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
): Promise<void> {
    const shaped = shapeRequest(messages.map(plainMessage), options.tools?.length ?? 0, shapingOptions());
    if (shaped.kind === "local") {
        log.appendLine(`language model: answered Copilot's ${shaped.helper} request locally`);
        progress.report(new vscode.LanguageModelTextPart(shaped.text));
        return;
    }
    log.appendLine(`language model: ${shaped.origin} request, ${messages.length} messages and ${options.tools?.length ?? 0} tools in, ${shaped.messages.length} messages to the engine (${shaped.droppedMessages} oldest left out)`);
    const failures: Extract<RelayEvent, { type: "teacher-error" }>[] = [];
    try {
        const result = await runWhenFree(runner, shaped.messages, (event) => {
            if (event.type === "student-text" || event.type === "teacher-text") progress.report(new vscode.LanguageModelTextPart(event.text));
            else if (event.type === "teacher-error") {
                failures.push(event);
                log.appendLine(`language model: teacher call failed (${event.kind}): ${event.message}`);
            }
        }, token);
        // The caller gets only text: a failed call is said in the answer itself, as the panel does, with what fixes it.
        if (result && failures.length > 0) progress.report(new vscode.LanguageModelTextPart(teacherFailureNote(failures)));
        if (result) log.appendLine(`language model: answered (${result.usage.studentTokens} student, ${result.usage.teacherTokens} teacher tokens); the student's prompt: ${JSON.stringify(result.templatedPrompt.slice(0, 2000))}`);
    } catch (error) {
        if (isAbortError(error) || token.isCancellationRequested) return;
        // The caller (Copilot, another extension) shows the message; no toast from here.
        throw new Error(`Relay: ${errorMessage(error)}`, { cause: error });
    }
}

/** The student reads far less than the 128k declared; its context size, when set, sets the budget (about 3 characters a token). */
function shapingOptions(): ShapingOptions {
    const contextSize = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).student.contextSize;
    return contextSize > 0 ? { maxChars: contextSize * 3, maxAttachmentChars: contextSize * 1.5 } : {};
}

/** Copilot sends a request while another solve runs (the panel's, or its own helper's): it waits its turn instead of failing. */
async function runWhenFree(runner: RelayRunner, messages: readonly ChatMessage[], onEvent: (event: RelayEvent) => void, token: vscode.CancellationToken): Promise<SolveResult | undefined> {
    for (;;) {
        try {
            return await runner.run(messages, onEvent, token);
        } catch (error) {
            if (!(error instanceof SolveBusyError)) throw error;
        }
        await new Promise<void>((resolve) => {
            const done = () => {
                running.dispose();
                cancelled.dispose();
                resolve();
            };
            const running = runner.onDidChangeRunning((isRunning) => isRunning || done());
            const cancelled = token.onCancellationRequested(done);
            if (!runner.isRunning || token.isCancellationRequested) done();
        });
        if (token.isCancellationRequested) return undefined;
    }
}

/** The proposed System role (3) that Copilot uses; the stable enum has only User (1) and Assistant (2). */
const SYSTEM_ROLE = 3;

function plainMessage(message: vscode.LanguageModelChatRequestMessage): PlainMessage {
    const role = message.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : (message.role as number) === SYSTEM_ROLE ? "system" : "user";
    return { role, parts: message.content.map(plainPart) };
}

function plainPart(part: unknown): PlainPart {
    if (part instanceof vscode.LanguageModelTextPart) return { kind: "text", text: part.value };
    if (part instanceof vscode.LanguageModelToolCallPart) return { kind: "tool-call", name: part.name };
    if (part instanceof vscode.LanguageModelToolResultPart) return { kind: "tool-result", text: part.content.map((inner) => (inner instanceof vscode.LanguageModelTextPart ? inner.value : "")).join("") };
    return { kind: "other" };
}

function partText(part: PlainPart): string {
    return part.kind === "text" || part.kind === "tool-result" ? part.text : part.kind === "tool-call" ? part.name : "";
}
