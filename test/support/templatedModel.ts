import { join } from "node:path";
import { withStringMetadata } from "./ggufMetadata";

/** Qwen3's chat template reduced to what matters here: ChatML, and an empty think block only on request. */
export const qwen3LikeTemplate =
    "{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endfor %}" +
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}" +
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}";

/** A copy of a GGUF model in `dir` with the Qwen3-like chat template (and any extra string metadata). */
export function chatTemplatedCopy(source: string, dir: string, extra: Record<string, string> = {}): string {
    const target = join(dir, "templated-stories.gguf");
    withStringMetadata(source, target, { "tokenizer.chat_template": qwen3LikeTemplate, ...extra });
    return target;
}
