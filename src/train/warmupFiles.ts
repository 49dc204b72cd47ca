import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WarmupRecord } from "./warmupData";

/** The files `relayllm train warmup` writes into its output folder. */
export const WARMUP_FILES = {
    /** TRL's conversational SFT format: `{"messages": [user, assistant]}` (train with `assistant_only_loss`). */
    messages: "sft-messages.jsonl",
    /**
     * TRL's conversational prompt-completion format: `{"prompt": [user], "completion": [assistant]}`; TRL's SFT
     * computes the loss on the completion only by default, with no `{% generation %}` markers in the template.
     */
    promptCompletion: "sft-prompt-completion.jsonl",
    /** Plain text, TRL's language-modeling format: `{"text": templated prompt + answer}` (for models without a chat template). */
    text: "sft-text.jsonl",
    /** Everything known about each example: the sampled answer, the commands and their offsets, its grade. */
    records: "records.jsonl",
} as const;

const lines = (values: unknown[]) => values.map((value) => JSON.stringify(value) + "\n").join("");

/** Writes the warm-up examples in every format, replacing earlier files. Returns the paths by format. */
export function writeWarmupFiles(dir: string, records: readonly WarmupRecord[]): Record<keyof typeof WARMUP_FILES, string> {
    mkdirSync(dir, { recursive: true });
    const paths = {
        messages: join(dir, WARMUP_FILES.messages),
        promptCompletion: join(dir, WARMUP_FILES.promptCompletion),
        text: join(dir, WARMUP_FILES.text),
        records: join(dir, WARMUP_FILES.records),
    };
    writeFileSync(paths.messages, lines(records.map((r) => ({ messages: [{ role: "user", content: r.prompt }, { role: "assistant", content: r.answer }] }))));
    writeFileSync(paths.promptCompletion, lines(records.map((r) => ({ prompt: [{ role: "user", content: r.prompt }], completion: [{ role: "assistant", content: r.answer }] }))));
    writeFileSync(paths.text, lines(records.map((r) => ({ text: r.templatedPrompt + r.answer }))));
    writeFileSync(paths.records, lines([...records]));
    return paths;
}
