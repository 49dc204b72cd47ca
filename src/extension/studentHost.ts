import * as vscode from "vscode";
import { join } from "node:path";
import { ModelLoadError } from "../relay";
import { isModelUri, loadWorkerStudent, type StudentModelOptions, type WorkerStudent } from "../student";

/**
 * Owns the student's worker process: started on the first solve (nothing native loads at activation),
 * reused while the model settings stay the same, replaced when they change or after a crash.
 */
export class StudentHost implements vscode.Disposable {
    private worker?: WorkerStudent;
    private loadedKey?: string;
    private loading?: Promise<WorkerStudent>;

    constructor(private readonly extensionPath: string, private readonly log: vscode.OutputChannel) {}

    async get(options: StudentModelOptions): Promise<WorkerStudent> {
        if (!options.model) throw new ModelLoadError("no student model is set: run “Relay: Select Student Model” to choose a .gguf file or an hf: URI");
        const key = JSON.stringify(options);
        if (this.worker?.alive && this.loadedKey === key) return this.worker;
        if (this.loading && this.loadedKey === key) return this.loading;
        const previous = this.worker;
        this.worker = undefined;
        await previous?.dispose();
        this.loadedKey = key;
        this.loading = this.load(options).finally(() => (this.loading = undefined));
        this.worker = await this.loading;
        return this.worker;
    }

    private load(options: StudentModelOptions): Promise<WorkerStudent> {
        const remote = isModelUri(options.model);
        const start = (report?: (message: string, percent: number) => void, signal?: AbortSignal) =>
            loadWorkerStudent({
                ...options,
                workerPath: join(this.extensionPath, "dist", "student-worker.js"),
                onWorkerOutput: (text) => this.log.append(text),
                signal,
                onDownloadProgress: report && (({ downloadedSize, totalSize }) => report(`downloading ${options.model}`, totalSize ? (100 * downloadedSize) / totalSize : 0)),
            });
        if (!remote) return start();
        return Promise.resolve(
            vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Relay: loading the student model", cancellable: true }, (progress, token) => {
                const abort = new AbortController();
                token.onCancellationRequested(() => abort.abort());
                let reported = 0;
                return start((message, percent) => {
                    progress.report({ message, increment: percent - reported });
                    reported = percent;
                }, abort.signal);
            }),
        );
    }

    /** Stops the worker (settings changed, or the extension deactivates). */
    async reset(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        this.loadedKey = undefined;
        await worker?.dispose();
    }

    dispose(): void {
        void this.reset();
    }
}
