import * as vscode from "vscode";
import { randomBytes } from "node:crypto";

/** A fresh script nonce for each page: only our bundle may run, never anything in model output. */
export function createNonce(): string {
    return randomBytes(18).toString("base64");
}

/** Webview options: scripts on, and only the extension's media/ folder readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, "media")] };
}

/**
 * The page shell for a webview script (`chat` or `usage`) with a strict CSP: no remote resources, no
 * inline styles or scripts; only our bundle runs, by nonce. (KaTeX's layout styles are applied through
 * the CSSOM by the renderer, which this CSP allows.)
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: "chat" | "usage", title: string): string {
    const nonce = createNonce();
    const media = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "media", ...path)).toString();
    const csp = [
        "default-src 'none'",
        `style-src ${webview.cspSource}`,
        `font-src ${webview.cspSource}`,
        `script-src 'nonce-${nonce}'`,
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page === "chat" ? `<link rel="stylesheet" href="${media("build", "katex", "katex.min.css")}">\n` : ""}<link rel="stylesheet" href="${media(`${page}.css`)}">
<title>${title}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${media("build", `${page}.js`)}"></script>
</body>
</html>`;
}
