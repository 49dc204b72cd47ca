import * as v from "valibot";

/**
 * What a failed turn offers to do, in the panel, in a notification and under an `@relay` answer; the host maps
 * each to one command (src/extension/errorActions.ts), and every front end shows it with the same title.
 */
export const PANEL_ACTIONS = ["selectStudent", "chooseTeacher", "testTeacher", "setApiKey", "openSettings", "openTeacherSettings", "retryWithTeacher", "stopSolve"] as const;
export const panelActionSchema = v.picklist(PANEL_ACTIONS);
export type PanelAction = v.InferOutput<typeof panelActionSchema>;

/** Each action's button title. */
export const ACTION_TITLES: Readonly<Record<PanelAction, string>> = {
    selectStudent: "Select Student Model",
    chooseTeacher: "Choose Teacher Provider",
    testTeacher: "Test Teacher Connection",
    setApiKey: "Set Teacher API Key",
    openSettings: "Open Settings",
    openTeacherSettings: "Open Teacher Settings",
    retryWithTeacher: "Retry with teacher",
    stopSolve: "Stop the Running Solve",
};
