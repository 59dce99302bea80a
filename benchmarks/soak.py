#!/usr/bin/env python3
"""Soak: many mixed invocations of the installed `hedge`, as a script loop would make them.

    python benchmarks/soak.py [--runs 1000]

Reports failures (must be 0: a crash, a traceback, an unexpected exit code, unparsable JSON,
or an error message that is not one line) and the median time per call.
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time

# (arguments, expected exit code, output that must parse as JSON)
CALLS = [
    (["score", "germany", "--format", "json"], 0, True),
    (["score", "DE", "japan", "korea", "--format", "json"], 0, True),
    (["heatmap", "--format", "json"], 0, True),
    (["heatmap", "--format", "csv"], 0, False),
    (["heatmap"], 0, False),
    (["list", "--format", "ndjson"], 0, False),
    (["explain", "uk", "--format", "json"], 0, True),
    (["compare", "germany", "france", "--format", "json"], 0, True),
    (["trend", "asean", "--format", "json"], 0, True),
    (["score", "germany", "--set", "security.us_troops=0", "--format", "json"], 0, True),
    (["heatmap", "--year", "2015", "--format", "markdown"], 0, False),
    (["score", "germny"], 2, False),
    (["score", "atlantis"], 2, False),
    (["heatmap", "--format", "nonsense"], 2, False),
    (["score", "germany", "--data", "/nonexistent.json"], 1, False),
    (["score", "germany", "--set", "trade.china_tilt=7"], 2, False),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    hedge = shutil.which("hedge")
    base = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    rng = random.Random(args.seed)
    failures, times = [], []
    for i in range(args.runs):
        call, expected, is_json = rng.choice(CALLS)
        start = time.perf_counter()
        done = subprocess.run(base + call, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        problem = None
        if "Traceback" in done.stderr:
            problem = "traceback"
        elif done.returncode != expected:
            problem = f"exit {done.returncode}, expected {expected}"
        elif expected and done.stderr.count("\n") != 1:
            problem = "error message not one line"
        elif is_json:
            try:
                json.loads(done.stdout)
            except ValueError:
                problem = "output is not JSON"
        if problem:
            failures.append(f"hedge {' '.join(call)}: {problem}")
    print(f"{args.runs} calls, {len(failures)} failures, median {statistics.median(times) * 1000:.1f} ms per call")
    for line in sorted(set(failures))[:20]:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
