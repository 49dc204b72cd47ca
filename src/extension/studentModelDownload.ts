import * as vscode from "vscode";
import { AbortError } from "../relay/errors";
import { downloadStudentModel, sizeLabel, StudentDownloadError } from "../student/catalog";

/**
 * Downloads a model URI into the student's models directory with progress in a cancellable notification.
 * Returns the checked local file, or undefined when the person cancelled or gave up: a cancelled download
 * resumes next time, an offline one offers Retry, a broken one (deleted) is reported. Other errors propagate.
 */
export async function downloadWithProgress(uri: string): Promise<string | undefined> {
    for (;;) {
        try {
            return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Relay: downloading ${uri}`, cancellable: true }, async (progress, token) => {
                const abort = new AbortController();
                const listener = token.onCancellationRequested(() => abort.abort());
                let reported = 0;
                try {
                    return await downloadStudentModel(uri, {
                        signal: abort.signal,
                        onProgress: ({ downloadedSize, totalSize }) => {
                            const percent = totalSize > 0 ? (downloadedSize / totalSize) * 100 : 0;
                            progress.report({ increment: percent - reported, message: `${sizeLabel(downloadedSize)} of ${sizeLabel(totalSize)}` });
                            reported = percent;
                        },
                    });
                } finally {
                    listener.dispose();
                }
            });
        } catch (error) {
            if (error instanceof AbortError) {
                void vscode.window.showInformationMessage(`Relay: download of ${uri} cancelled; choosing it again resumes it.`);
                return undefined;
            }
            if (!(error instanceof StudentDownloadError)) throw error;
            const retry = "Retry";
            const choice = error.failure === "broken"
                ? await vscode.window.showErrorMessage(`Relay: ${error.message}`)
                : await vscode.window.showErrorMessage(`Relay: ${error.failure === "offline" ? "offline: " : ""}${error.message}`, retry);
            if (choice !== retry) return undefined;
        }
    }
}
