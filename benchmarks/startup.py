#!/usr/bin/env python3
"""Start-up cost of hedge, as a ratio to importing its two main libraries.

    python benchmarks/startup.py [--runs 20]

Prints the median wall time of `hedge score germany --format json` and of
`python -c "import typer, pydantic"`, and their ratio (target: 1.0 or less). Scripts call hedge
in loops, so start-up is most of what they wait for.

Measure a normal install (`pip install .`, which compiles bytecode): an editable install run with
PYTHONDONTWRITEBYTECODE=1 recompiles every module on every call and reads about 15 ms slower.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    hedge = shutil.which("hedge")
    hedge_cmd = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    baseline = median_time([sys.executable, "-c", "import typer, pydantic"], runs)
    for args in (["score", "germany", "--format", "json"], ["heatmap", "--format", "json"], ["heatmap"]):
        t = median_time(hedge_cmd + args, runs)
        print(f"hedge {' '.join(args):32s} {t * 1000:7.1f} ms   ratio to import baseline {t / baseline:5.2f}")
    label = 'python -c "import typer, pydantic"'
    print(f"{label:38s} {baseline * 1000:7.1f} ms   (baseline)")


if __name__ == "__main__":
    main()
