/** The node-llama-cpp module namespace (types only at compile time). */
export type NodeLlamaCpp = typeof import("node-llama-cpp");

let loading: Promise<NodeLlamaCpp> | undefined;

/**
 * Loads node-llama-cpp. It is ESM-only while this package compiles to CommonJS, so it must come in
 * through a real dynamic `import()` (never `require`); esbuild keeps it external for the same reason.
 */
export function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
    loading ??= import("node-llama-cpp");
    return loading;
}
