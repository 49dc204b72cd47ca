"""`python3 -m relaygrpo JOB.json`: GRPO with relay rollouts on a llama GGUF (see toy_trainer.py for the job format)."""
import sys

from relaytrain.cli import run_job_file

from .toy_trainer import run_grpo_job

if __name__ == "__main__":
    sys.exit(run_job_file(sys.argv[1:], "relaygrpo", run_grpo_job, lambda job, m: {"out": job["out"], "seconds": m["seconds"], "steps": len(m["steps"])}))
