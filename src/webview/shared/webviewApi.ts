import type { WebviewToHost } from "../../protocol/messages";

/** The part of VS Code's `acquireVsCodeApi()` object the views use, typed with the protocol. */
export interface WebviewApi<State> {
    postMessage(message: WebviewToHost): void;
    getState(): State | undefined;
    setState(state: State): State;
}
