import { readFile } from "node:fs/promises";
import { CHAT_ROLES, type ChatMessage, type ChatRole } from "../relay";
import { errorMessage } from "../util/errorMessage";
import { isRecord } from "../util/schema";
import { UsageError } from "./usageError";

/**
 * Reads `--messages FILE.json`: an OpenAI-style messages array (`[{ "role": "user", "content": "…" }, …]`).
 * Content may be a string or an array of `{ "type": "text", "text": "…" }` parts (other parts, such as
 * images, are refused: the student reads text only). Throws a UsageError naming the file and the message.
 */
export async function readMessagesFile(path: string): Promise<ChatMessage[]> {
    let raw: string;
    try {
        raw = await readFile(path, "utf8");
    } catch (error) {
        throw new UsageError(`cannot read the messages file ${path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (error) {
        throw new UsageError(`the messages file ${path} is not valid JSON: ${errorMessage(error)}`);
    }
    if (!Array.isArray(parsed)) throw new UsageError(`the messages file ${path} must hold a JSON array of {role, content} messages`);
    return parsed.map((message, index) => readMessage(message, `${path}: message ${index + 1}`));
}

function readMessage(value: unknown, where: string): ChatMessage {
    if (!isRecord(value)) throw new UsageError(`${where} is not an object with role and content`);
    const { role, content } = value;
    // OpenAI's "developer" role is its newer name for system instructions.
    const normalizedRole = role === "developer" ? "system" : role;
    if (!CHAT_ROLES.includes(normalizedRole as ChatRole)) throw new UsageError(`${where} has role ${JSON.stringify(role)}; expected ${CHAT_ROLES.join(", ")}`);
    return { role: normalizedRole as ChatRole, content: readContent(content, where) };
}

function readContent(content: unknown, where: string): string {
    if (typeof content === "string") return content;
    if (Array.isArray(content)) {
        return content
            .map((part, index) => {
                if (isRecord(part) && part.type === "text" && typeof part.text === "string") return part.text;
                throw new UsageError(`${where}, content part ${index + 1}: only text parts are supported`);
            })
            .join("");
    }
    throw new UsageError(`${where} has no text content`);
}
