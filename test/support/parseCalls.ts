import { CallStreamParser, type CallSegment } from "../../src/relay/callParser";

/** Parses a complete text at once with the engine's stream parser, adjacent text joined: the tests' oracle. */
export function parseCalls(text: string): CallSegment[] {
    const parser = new CallStreamParser();
    const out: CallSegment[] = [];
    for (const segment of [...parser.push(text), ...parser.flush()]) {
        const last = out[out.length - 1];
        if (segment.kind === "text" && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + segment.text };
        else if (segment.kind !== "text" || segment.text) out.push(segment);
    }
    return out;
}

/** The text with every command, well-formed or not, removed. */
export function stripCommands(text: string): string {
    return parseCalls(text).map((segment) => (segment.kind === "text" ? segment.text : "")).join("");
}
