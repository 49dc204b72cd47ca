/** The answer renderer: spans and calls in, sanitized DOM out. Works on any `Window` (webview or jsdom). */
export { createRenderer, type AnswerRenderer, type RenderInput } from "./createRenderer";
export { codeForAction, CODE_ACTION_ATTRIBUTE, type CodeAction } from "./codeActions";
export { CALL_MARKER_CLASS } from "./createCallMarker";
export { describeCall, type CallInfo } from "./describeCall";
export { STUDENT_CLASS, TEACHER_CLASS } from "./markAuthors";
