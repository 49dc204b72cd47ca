"""`python3 -m relaytrain JOB.json`: runs one fine-tuning job (see finetune.py for the job format)."""
import json
import sys

from .finetune import run_job


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python3 -m relaytrain JOB.json", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        metrics = run_job(job)
    except ValueError as error:
        print(f"relaytrain: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"out": job["out"], "seconds": metrics["seconds"], "factLoss": metrics["factLoss"]["last"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
