// `npm run demo`: solves one prompt with the two small shared models — stories260K.gguf as the local
// student, a real llama-server serving TinyStories-656K-Q8_0.gguf as the teacher — and prints the relay
// spans (teacher text highlighted) and the usage line, exactly as `relayllm solve` shows them.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startLlamaServer } from "../test/support/llamaServer";
import { projectRoot, studentModelPath, requireSharedModels } from "../test/support/paths";

async function main(): Promise<number> {
    requireSharedModels();
    const server = await startLlamaServer();
    try {
        const prompt = process.argv.slice(2).join(" ") || "Tell me a story about a girl and her dog.";
        const cli = join(projectRoot, "dist", "cli.js");
        if (!existsSync(cli)) throw new Error("dist/cli.js is missing: run `npm run build` first");
        process.stdout.write(`student: ${studentModelPath}\nteacher: llama-server at ${server.baseURL}\n\n`);
        const result = spawnSync(process.execPath, [
            cli, "solve",
            "--student", studentModelPath,
            "--teacher-url", server.baseURL,
            "--teacher-model", "TinyStories-656K",
            "--grammar", join(projectRoot, "examples", "grammars", "call-once.gbnf"),
            "--mode", "learned",
            "--threads", "1",
            "--seed", "1",
            "--max-tokens", "200",
            prompt,
        ], { stdio: "inherit" });
        return result.status ?? 1;
    } finally {
        await server.stop();
    }
}

main().then((code) => process.exit(code), (error) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
