import type * as vscode from "vscode";
import { ConfigError, ModelLoadError, TeacherRequestError, type TeacherErrorKind } from "../relay";
import { ACTION_TITLES, type PanelAction } from "../protocol/panelActions";
import { SolveBusyError } from "./solveBusyError";

/**
 * The one place that decides what fixes a failure: the panel's note, the notification and the button under an
 * `@relay` answer all offer this action. By class and kind, never by message text; undefined when no
 * setting or command can help (a crashed student restarts by itself, an internal error is ours to fix).
 */
export function actionFor(error: unknown): PanelAction | undefined {
    if (error instanceof SolveBusyError) return "stopSolve";
    if (error instanceof ModelLoadError) return "selectStudent";
    if (error instanceof TeacherRequestError) return actionForTeacherFailure(error.kind);
    if (error instanceof ConfigError) return "openSettings";
    return undefined;
}

/** What fixes a failed teacher call, by its kind (a rejected key, or anything the connection test can diagnose). */
export function actionForTeacherFailure(kind: TeacherErrorKind): "setApiKey" | "testTeacher" {
    return kind === "auth" ? "setApiKey" : "testTeacher";
}

/** The command behind each action (retrying with the teacher is the panel's own, per turn). */
export const ACTION_COMMANDS: Readonly<Record<Exclude<PanelAction, "retryWithTeacher">, [string, ...unknown[]]>> = {
    selectStudent: ["relay.selectStudentModel"],
    chooseTeacher: ["relay.chooseTeacherProvider"],
    testTeacher: ["relay.testTeacherConnection"],
    setApiKey: ["relay.setTeacherApiKey"],
    openSettings: ["workbench.action.openSettings", "@ext:relayllm.relayllm"],
    openTeacherSettings: ["workbench.action.openSettings", "relay.teacher"],
    stopSolve: ["relay.stop"],
};

/** The action as a VS Code command (a chat button, a notification's choice). */
export function commandFor(action: Exclude<PanelAction, "retryWithTeacher">): vscode.Command {
    const [command, ...args] = ACTION_COMMANDS[action];
    return { command, title: ACTION_TITLES[action], arguments: args };
}
