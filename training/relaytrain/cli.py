"""The command line of a job runner: `python3 -m PACKAGE JOB.json`, one JSON line on success."""
import json
import sys
from typing import Callable


def run_job_file(argv: list[str], package: str, run: Callable[[dict], dict], summary: Callable[[dict, dict], dict]) -> int:
    """Runs the job in the one file `argv` names; a bad job is one line on stderr and exit 2."""
    if len(argv) != 1:
        print(f"usage: python3 -m {package} JOB.json", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        metrics = run(job)
    except ValueError as error:
        print(f"{package}: {error}", file=sys.stderr)
        return 2
    print(json.dumps(summary(job, metrics)))
    return 0
