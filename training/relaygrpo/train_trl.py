"""GRPO with relay rollouts at real scale: a Qwen3-1.7B student (after the warm-up SFT) on vLLM inside TRL's
GRPOTrainer, a Qwen3-8B teacher on any OpenAI-compatible server. NOT RUN IN THIS PROJECT (no GPU, no TRL, no vLLM
here); written from TRL's GRPOConfig documentation to match the reference's EasyR1 run (RL_stage/examples/config.yaml
@ 7ca9084) where TRL has the same knob, each listed in docs/training.md.

    vllm serve Qwen/Qwen3-8B --port 8001 &                        # the teacher, on its own GPU(s)
    accelerate launch --num_processes 4 -m relaygrpo.train_trl \\
        --student student-warmup --data filter/filtered.jsonl --teacher-url http://127.0.0.1:8001/v1

(`training/` and gguf-free: this file needs torch, transformers, datasets, trl[vllm] and accelerate; multi-GPU
through accelerate or DeepSpeed as TRL documents.) The data is `relayllm train filter`'s EasyR1 rows
`{problem, answer, success_rate}`.
"""
from __future__ import annotations

import argparse

from .rollout import RolloutConfig
from .trl_rollout import make_rollout_func, relay_reward

# The reference's boxed-answer instruction, appended to each problem (src/eval/bench/benchPrompt.ts).
SUFFIX = "\nPlease reason step by step, and put your final answer within \\boxed{}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--student", required=True, help="the warmed-up student (a Hugging Face folder or id)")
    parser.add_argument("--data", required=True, help="filtered.jsonl from relayllm train filter")
    parser.add_argument("--teacher-url", required=True)
    parser.add_argument("--teacher-model", default="Qwen/Qwen3-8B")
    parser.add_argument("--out", default="student-relay-grpo")
    parser.add_argument("--rollback", choices=["turn", "none"], default="turn", help="turn: the reference; none: commands kept and learned")
    parser.add_argument("--teacher-in-loss", action=argparse.BooleanOptionalAction, default=True, help="the reference trains on teacher tokens")
    args = parser.parse_args()

    from datasets import load_dataset  # noqa: PLC0415
    from trl import GRPOConfig, GRPOTrainer  # noqa: PLC0415

    data = load_dataset("json", data_files=args.data, split="train")
    data = data.map(lambda row: {"prompt": [{"role": "user", "content": row["problem"] + SUFFIX}]})
    config = GRPOConfig(
        output_dir=args.out,
        # The reference's EasyR1 config: lr 1e-6, weight decay 0.01, no warm-up, 1 epoch, gradient clip 1.0.
        learning_rate=1e-6, weight_decay=0.01, warmup_ratio=0.0, num_train_epochs=1, max_grad_norm=1.0, bf16=True,
        # Rollouts: 8 per prompt at temperature 1, no truncation; 128 prompts per rollout batch, updates of 32.
        num_generations=8, temperature=1.0, top_p=1.0, top_k=None, generation_batch_size=128 * 8,
        # One update per 32 prompts x 8 rollouts = 256 rows: 8 per device x 8 accumulation steps x 4 processes.
        per_device_train_batch_size=8, gradient_accumulation_steps=8, num_iterations=1,
        max_prompt_length=4096, max_completion_length=2048,
        # GRPO's loss: group-normalized advantages, clip 0.2 low / 0.3 high, the upper bound of the two-sided clip
        # (the dual clip) at 3, token-level averaging, KL (k3, TRL's estimator = low_var_kl without its clamp) 0.01.
        scale_rewards="group", epsilon=0.2, epsilon_high=0.3, delta=3.0, loss_type="dapo", beta=0.01,
        use_vllm=True, vllm_mode="colocate", vllm_importance_sampling_correction=not args.teacher_in_loss,
        logging_steps=1, save_steps=50,
    )
    rollout = RolloutConfig(max_turns=3, turn_max_tokens=2048, global_max_tokens=2048, rollback=args.rollback,
                            teacher_in_loss=args.teacher_in_loss, limit_note=True)
    trainer = GRPOTrainer(model=args.student, args=config, train_dataset=data, reward_funcs=relay_reward,
                          rollout_func=make_rollout_func(args.teacher_url, args.teacher_model, rollout))
    trainer.train()
    trainer.save_model(args.out)


if __name__ == "__main__":
    main()
