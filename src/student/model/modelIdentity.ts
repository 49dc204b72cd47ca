import { basename } from "node:path";
import type { StudentInfo } from "../../relay/student";
import { isRecord } from "../../util/schema";

/** The parts of GGUF metadata the identity is read from (node-llama-cpp nests dotted keys). */
export type GgufMetadataLike = Readonly<Record<string, unknown>>;

const relayMetadataPrefix = "relayllm";
const relayNamePattern = /relay/i;

/**
 * Names the model and decides whether it was trained for relay decoding (writing `<call>n</call>`).
 *
 * Name: GGUF `general.name`, unless it is missing or just the architecture (llama.cpp's converters write
 * "llama" for unnamed models), then the file name without `.gguf`.
 * Relay-trained: `override` when given; else `relayllm.trained` when the GGUF has it; else true when any
 * other `relayllm.*` key exists or the name, base name, fine-tune or file name contains "relay".
 */
export function describeModel(metadata: GgufMetadataLike, filePath: string, override?: boolean): StudentInfo {
    const general = asRecord(metadata["general"]);
    const fileName = basename(filePath).replace(/\.gguf$/i, "");
    const generalName = asString(general["name"]);
    const name = generalName !== undefined && generalName !== asString(general["architecture"]) ? generalName : fileName;
    return { name, relayTrained: override ?? isRelayTrained(metadata, [generalName, asString(general["basename"]), asString(general["finetune"]), fileName]) };
}

function isRelayTrained(metadata: GgufMetadataLike, names: ReadonlyArray<string | undefined>): boolean {
    const relayKeys = asRecord(metadata[relayMetadataPrefix]);
    if (typeof relayKeys["trained"] === "boolean") return relayKeys["trained"];
    if (Object.keys(relayKeys).length > 0) return true;
    if (Object.keys(metadata).some((key) => key.startsWith(relayMetadataPrefix + "."))) return true;
    return names.some((name) => name !== undefined && relayNamePattern.test(name));
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
    return isRecord(value) ? value : {};
}

function asString(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
