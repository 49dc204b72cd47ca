import * as vscode from "vscode";
import { isAbortError, RelayError, StudentCrashedError } from "../relay";
import { errorMessage } from "../util/errorMessage";
import { actionFor, commandFor } from "./errorActions";
import { SolveBusyError } from "./solveBusyError";

/**
 * Where errors become a notification: one each, with the action `actionFor` picks. Errors it does not know
 * are shown as unexpected, with their stack in the extension host's log; callers are inside a `catch`
 * already, so nothing is rethrown (a rethrow there became a second notification and an unhandled rejection).
 */
export function presentError(error: unknown): void {
    if (isAbortError(error)) return;
    const action = actionFor(error);
    if (error instanceof SolveBusyError) {
        void offer(vscode.window.showWarningMessage, error.message, action);
        return;
    }
    if (error instanceof StudentCrashedError) {
        void vscode.window.showErrorMessage(`Relay: the local model's process stopped (${error.message}). It restarts with the next solve.`);
        return;
    }
    if (error instanceof RelayError) {
        void offer(vscode.window.showErrorMessage, `Relay: ${error.message}`, action);
        return;
    }
    console.error("Relay: unexpected error", error);
    void vscode.window.showErrorMessage(`Relay: unexpected error: ${errorMessage(error)}`);
}

async function offer(show: (message: string, ...items: string[]) => Thenable<string | undefined>, message: string, action: ReturnType<typeof actionFor>): Promise<void> {
    if (action === undefined || action === "retryWithTeacher") {
        await show(message);
        return;
    }
    const command = commandFor(action);
    if ((await show(message, command.title)) === command.title) await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}
