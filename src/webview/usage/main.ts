/** The usage panel's entry point (bundled to media/build/usage.js). */
import type { WebviewApi } from "../shared/webviewApi";
import { createUsageApp } from "./createUsageApp";

declare function acquireVsCodeApi(): WebviewApi<unknown>;

createUsageApp(window, acquireVsCodeApi());
