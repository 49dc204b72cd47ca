import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { UsageError } from "./usageError";

/** Largest prompt read from a file or standard input, in bytes (far above any student context). */
export const MAX_PROMPT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a prompt from `--prompt-file FILE`, or from `stdin` when the source is `-`. An argument cannot
 * carry it: Linux caps one argument at 128 KiB. Throws a UsageError naming the file for a missing,
 * unreadable, oversized or empty prompt.
 */
export async function readPromptInput(source: string, stdin: Readable): Promise<string> {
    const name = source === "-" ? "standard input" : `--prompt-file ${source}`;
    const bytes = source === "-" ? await readStream(stdin, name) : await readFileCapped(source, name);
    const text = bytes.toString("utf8");
    if (text.trim() === "") throw new UsageError(`the prompt from ${name} is empty`);
    return text;
}

async function readStream(stream: Readable, name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
        const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
        size += buffer.length;
        if (size > MAX_PROMPT_BYTES) throw new UsageError(`the prompt from ${name} is larger than ${MAX_PROMPT_BYTES} bytes`);
        chunks.push(buffer);
    }
    return Buffer.concat(chunks);
}

async function readFileCapped(path: string, name: string): Promise<Buffer> {
    let file;
    try {
        file = await open(path, "r");
    } catch (error) {
        throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
        // A directory opens fine but fails to read (EISDIR); a FIFO has no size: read it as a stream.
        return await readStream(file.createReadStream({ autoClose: false }), name);
    } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    } finally {
        await file.close();
    }
}
