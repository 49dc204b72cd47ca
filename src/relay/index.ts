/** The relay engine's public surface. It imports no vscode, node-llama-cpp or openai: only these interfaces. */
export * from "./callParser";
export * from "./chatMessages";
export * from "./confidenceTrigger";
export * from "./errors";
export * from "./studentCrashedError";
export * from "./events";
export * from "./options";
export * from "./presets";
export * from "./referenceTurn";
export * from "./relayLoop";
export * from "./student";
export * from "./teacher";
export * from "./usageMeter";
export { grantFor } from "./callGrant";
export * from "./usageTotals";
