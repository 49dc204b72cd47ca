"""`python3 -m relaystudent JOB.json`: runs one masked fine-tuning job (see sft.py for the job format)."""
import json
import sys

from .sft import run_sft


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python3 -m relaystudent JOB.json", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        metrics = run_sft(job)
    except ValueError as error:
        print(f"relaystudent: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"out": job["out"], "seconds": metrics["seconds"], "loss": metrics["loss"]["last"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
