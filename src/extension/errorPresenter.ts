import * as vscode from "vscode";
import { ConfigError, isAbortError, ModelLoadError, RelayError, StudentCrashedError, TeacherRequestError } from "../relay";
import type { PanelAction } from "../protocol/messages";
import { SolveBusyError } from "./relayRunner";
import { errorMessage } from "../util/errorMessage";

/**
 * The action the chat panel offers beside a failed turn, or undefined for errors the panel does not know
 * (those also go to `presentError`). Classified by class and kind, never by message text.
 */
export function panelActionFor(error: unknown): PanelAction | undefined {
    if (error instanceof ModelLoadError) return "selectStudent";
    if (error instanceof TeacherRequestError) return error.kind === "auth" ? "setApiKey" : "testTeacher";
    if (error instanceof ConfigError) return "openSettings";
    return undefined;
}

/**
 * The one place where errors become UI: each error gives one notification. Errors it does not know are
 * shown as unexpected, with their stack in the extension host's log; callers are inside a `catch` already,
 * so nothing is rethrown (a rethrow there became a second notification and an unhandled rejection).
 */
export function presentError(error: unknown): void {
    if (isAbortError(error)) return;
    if (error instanceof SolveBusyError) {
        void vscode.window.showWarningMessage(error.message);
        return;
    }
    if (error instanceof ModelLoadError) {
        void offer(`Relay: ${error.message}`, ["Select Student Model", "relay.selectStudentModel"]);
        return;
    }
    if (error instanceof StudentCrashedError) {
        void vscode.window.showErrorMessage(`Relay: the local model's process stopped (${error.message}). It restarts with the next solve.`);
        return;
    }
    if (error instanceof TeacherRequestError) {
        if (error.kind === "auth") void offer(`Relay: ${error.message}`, ["Set Teacher API Key", "relay.setTeacherApiKey"]);
        else void offer(`Relay: ${error.message}`, ["Open Settings", "workbench.action.openSettings", "relay.teacher"]);
        return;
    }
    if (error instanceof ConfigError || error instanceof RelayError) {
        void offer(`Relay: ${error.message}`, ["Open Settings", "workbench.action.openSettings", "relay"]);
        return;
    }
    console.error("Relay: unexpected error", error);
    void vscode.window.showErrorMessage(`Relay: unexpected error: ${errorMessage(error)}`);
}

async function offer(message: string, [label, command, ...args]: [string, string, ...unknown[]]): Promise<void> {
    if ((await vscode.window.showErrorMessage(message, label)) === label) await vscode.commands.executeCommand(command, ...args);
}
