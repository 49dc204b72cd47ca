"""`python3 -m relaytrain JOB.json`: runs one fine-tuning job (see finetune.py for the job format)."""
import sys

from .cli import run_job_file
from .finetune import run_job

if __name__ == "__main__":
    sys.exit(run_job_file(sys.argv[1:], "relaytrain", run_job, lambda job, m: {"out": job["out"], "seconds": m["seconds"], "factLoss": m["factLoss"]["last"]}))
