"""`python3 -m relaystudent JOB.json`: runs one fine-tuning job with an anchor and metadata (see sft.py for the job format)."""
import sys

from relaytrain.cli import run_job_file

from .sft import run_sft

if __name__ == "__main__":
    sys.exit(run_job_file(sys.argv[1:], "relaystudent", run_sft, lambda job, m: {"out": job["out"], "seconds": m["seconds"], "loss": m["loss"]["last"]}))
