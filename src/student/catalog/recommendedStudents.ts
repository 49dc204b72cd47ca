/** One model the catalog recommends, in the quantizations its upstream repository publishes. */
export interface RecommendedStudent {
    /** A name for people: "Qwen 3 0.6B". */
    name: string;
    /** Model URIs node-llama-cpp downloads, best quality first: `hf:<user>/<repo>:<quant>`. */
    uris: readonly string[];
}

/**
 * The students the catalog offers: the models up to 8B parameters from node-llama-cpp 3.22.1's own
 * recommended-models list (`node_modules/node-llama-cpp/dist/cli/recommendedModels.js`, the list its
 * `npx node-llama-cpp pull` menu offers), whose ids and quantizations it checks against Hugging Face. Only ids
 * from that list belong here; a unit test checks each against the installed file. Small models first: a student
 * runs beside the editor.
 */
export const recommendedStudents: readonly RecommendedStudent[] = [
    { name: "Qwen 3 0.6B", uris: ["hf:Qwen/Qwen3-0.6B-GGUF:Q8_0"] },
    { name: "Qwen 3.5 0.8B", uris: ["hf:unsloth/Qwen3.5-0.8B-GGUF:Q8_0", "hf:unsloth/Qwen3.5-0.8B-GGUF:Q6_K", "hf:unsloth/Qwen3.5-0.8B-GGUF:Q5_K_M", "hf:unsloth/Qwen3.5-0.8B-GGUF:Q4_K_M"] },
    { name: "Qwen 3 4B", uris: ["hf:Qwen/Qwen3-4B-GGUF:Q8_0", "hf:Qwen/Qwen3-4B-GGUF:Q6_K", "hf:Qwen/Qwen3-4B-GGUF:Q5_K_M", "hf:Qwen/Qwen3-4B-GGUF:Q4_K_M"] },
    { name: "Qwen 3.5 4B", uris: ["hf:unsloth/Qwen3.5-4B-GGUF:Q8_0", "hf:unsloth/Qwen3.5-4B-GGUF:Q6_K", "hf:unsloth/Qwen3.5-4B-GGUF:Q5_K_M", "hf:unsloth/Qwen3.5-4B-GGUF:Q4_K_M"] },
    { name: "Gemma 4 5B E2B", uris: ["hf:giladgd/gemma-4-E2B-it-GGUF:Q8_0", "hf:giladgd/gemma-4-E2B-it-GGUF:Q6_K", "hf:giladgd/gemma-4-E2B-it-GGUF:Q5_K_M", "hf:giladgd/gemma-4-E2B-it-GGUF:Q4_K_M"] },
    { name: "DeepSeek R1 Distill Qwen 7B", uris: ["hf:mradermacher/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q8_0", "hf:mradermacher/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q6_K", "hf:mradermacher/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q5_K_M", "hf:mradermacher/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q5_K_S", "hf:mradermacher/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M"] },
    { name: "Qwen 3 8B", uris: ["hf:Qwen/Qwen3-8B-GGUF:Q8_0", "hf:Qwen/Qwen3-8B-GGUF:Q6_K", "hf:Qwen/Qwen3-8B-GGUF:Q5_K_M", "hf:Qwen/Qwen3-8B-GGUF:Q4_K_M"] },
];

/** The quantization a `hf:user/repo:QUANT` URI names, or undefined for a URI that names a file. */
export function quantizationOf(uri: string): string | undefined {
    return /^hf:[^/:]+\/[^/:]+:([\w.]+)$/.exec(uri)?.[1];
}
