import * as vscode from "vscode";
import { defaultMaxContextSize } from "../student";
import {
    defaultModelsDirectory, deleteDownloadedStudentModel, estimateStudentFit, fitLabel, listDownloadedStudentModels, quantizationOf, readMachineMemory,
    recommendedStudents, sizeLabel, type DownloadedStudentModel, type MachineMemory, type StudentFit,
} from "../student/catalog";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { downloadWithProgress } from "./studentModelDownload";

type PickItem = vscode.QuickPickItem & { action?: "file" | "uri"; uri?: string; path?: string };

const relayTrained = "$(mortar-board) relay-trained";

/**
 * "Relay: Select Student Model": the recommended students with their download size and whether they fit this
 * machine at the configured context size (filled in as their headers arrive), the models already downloaded
 * (size, last used, delete), a file, or a URI. Returns the model to select — a checked local file or URI
 * already downloaded — or undefined.
 */
export async function pickStudentModel(): Promise<string | undefined> {
    const configured = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).student.contextSize;
    const contextSize = configured > 0 ? configured : defaultMaxContextSize;
    const directory = defaultModelsDirectory();
    const fits = new Map<string, StudentFit>();
    let downloaded: DownloadedStudentModel[] = await listDownloadedStudentModels(directory);

    const deleteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("trash"), tooltip: "Delete this downloaded model" };
    const pick = vscode.window.createQuickPick<PickItem>();
    pick.title = "Relay: Select Student Model";
    pick.placeholder = `Recommended students, with their fit on this machine at ${contextSize.toLocaleString("en-US")} tokens of context`;
    pick.matchOnDetail = true;
    const render = (): void => {
        pick.items = [
            { label: "Recommended", kind: vscode.QuickPickItemKind.Separator },
            ...recommendedStudents.flatMap((student) => student.uris.map((uri): PickItem => {
                const fit = fits.get(uri);
                const facts = fit ? [sizeLabel(fit.size), fitLabel(fit.fit), ...(fit.relayTrained ? [relayTrained] : [])] : ["estimating size and fit…"];
                return { label: `$(cloud-download) ${student.name} ${quantizationOf(uri) ?? ""}`.trim(), description: facts.join(" · "), detail: uri, uri };
            })),
            { label: "Downloaded", kind: vscode.QuickPickItemKind.Separator },
            ...downloaded.map((model): PickItem => {
                const fit = fits.get(model.path);
                const facts = [sizeLabel(model.size), `last used ${new Date(model.lastUsed).toLocaleDateString()}`, ...(fit ? [fitLabel(fit.fit)] : []), ...(fit?.relayTrained ? [relayTrained] : [])];
                return { label: `$(file-binary) ${model.name}`, description: facts.join(" · "), detail: model.path, path: model.path, buttons: [deleteButton] };
            }),
            { label: "Other", kind: vscode.QuickPickItemKind.Separator },
            { label: "$(file) Choose a .gguf file…", action: "file" },
            { label: "$(link) Enter a model URI (hf:user/repo:quant or https://…/x.gguf)…", action: "uri" },
        ];
    };
    render();
    pick.busy = true;
    const closed = new AbortController();
    void estimateAll([...recommendedStudents.flatMap((student) => student.uris), ...downloaded.map((model) => model.path)], contextSize, fits, render, closed.signal).finally(() => (pick.busy = false));

    const chosen = await new Promise<PickItem | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]));
        pick.onDidHide(() => resolve(undefined));
        pick.onDidTriggerItemButton(async ({ item }) => {
            if (!item.path) return;
            const remove = "Delete";
            if ((await vscode.window.showWarningMessage(`Relay: delete ${item.path}?`, { modal: true }, remove)) !== remove) return;
            await deleteDownloadedStudentModel(item.path);
            downloaded = downloaded.filter((model) => model.path !== item.path);
            render();
        });
        pick.show();
    });
    closed.abort();
    pick.dispose();
    if (!chosen) return undefined;
    if (chosen.path) return chosen.path;
    if (chosen.uri) return (await downloadWithProgress(chosen.uri)) && chosen.uri;
    if (chosen.action === "file") {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "GGUF models": ["gguf"] }, title: "Student model" });
        return picked?.[0]?.fsPath;
    }
    if (chosen.action === "uri") {
        const uri = (await vscode.window.showInputBox({
            title: "Relay: student model URI",
            placeHolder: "hf:Qwen/Qwen3-0.6B-GGUF:Q8_0",
            validateInput: (value) => (/^(hf:|https?:\/\/)\S+$/.test(value.trim()) ? undefined : "an hf: URI or an http(s):// URL to a .gguf file"),
        }))?.trim();
        return uri && (await downloadWithProgress(uri)) ? uri : undefined;
    }
    return undefined;
}

/** Reads each model's header (two at a time) and re-renders as each estimate arrives; stops when the picker closes. */
async function estimateAll(models: string[], contextSize: number, fits: Map<string, StudentFit>, render: () => void, signal: AbortSignal): Promise<void> {
    let machine: MachineMemory;
    try {
        machine = await readMachineMemory();
    } catch {
        for (const model of models) fits.set(model, { fit: "unknown" });
        return render();
    }
    const queue = [...models];
    const worker = async (): Promise<void> => {
        for (let model = queue.shift(); model !== undefined && !signal.aborted; model = queue.shift()) {
            fits.set(model, await estimateStudentFit(model, contextSize, machine, signal));
            render();
        }
    };
    await Promise.all([worker(), worker()]);
}
