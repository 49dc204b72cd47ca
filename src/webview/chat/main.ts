/** The chat view's entry point (bundled to media/build/chat.js). */
import type { WebviewApi } from "../shared/webviewApi";
import { createChatApp, type ChatViewState } from "./createChatApp";

declare function acquireVsCodeApi(): WebviewApi<ChatViewState>;

createChatApp(window, acquireVsCodeApi());
