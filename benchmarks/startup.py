#!/usr/bin/env python3
"""Start-up cost of hedge, as a ratio to importing its two main libraries.

    python benchmarks/startup.py [--runs 20]

Prints the median wall time of `hedge score germany --format json` and of
`python -c "import typer, pydantic"`, and their ratio (target: 1.05 or less; issue 18). Scripts
call hedge in loops, so start-up is most of what they wait for. The heat map commands, which
read every country, are shown for comparison.

Each round runs every command once, so that a busy machine slows them alike and the ratios
stay comparable even when the times are not.

Measure a normal install (`pip install .`, which compiles bytecode): an editable install run with
PYTHONDONTWRITEBYTECODE=1 recompiles every module on every call and reads about 15 ms slower.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time


TARGET = 1.05


def wall_time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    hedge = shutil.which("hedge")
    hedge_cmd = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    label = 'python -c "import typer, pydantic"'
    commands = {label: [sys.executable, "-c", "import typer, pydantic"]}
    for args in (["score", "germany", "--format", "json"], ["heatmap", "--format", "json"], ["heatmap"]):
        commands["hedge " + " ".join(args)] = hedge_cmd + args
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall_time(cmd))
    median = {name: statistics.median(t) for name, t in times.items()}
    baseline = median.pop(label)
    for name, t in median.items():
        target = f"   (target {TARGET})" if name.startswith("hedge score") else ""
        print(f"{name:38s} {t * 1000:7.1f} ms   ratio to import baseline {t / baseline:5.2f}{target}")
    print(f"{label:38s} {baseline * 1000:7.1f} ms   (baseline)")


if __name__ == "__main__":
    main()
