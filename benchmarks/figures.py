#!/usr/bin/env python3
"""Wall time of each figure command on every country, as a user waits for it (a new process:
start-up, matplotlib's import, scoring, drawing, writing). Target: under 2 s each.

    python benchmarks/figures.py [--runs 3]

Prints the median of --runs runs per command.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0


def commands(codes: list[str]) -> list[tuple[str, list[str]]]:
    return [
        ("heatmap (svg)", ["heatmap", "--output", "{out}/heatmap.svg"]),
        ("heatmap (png)", ["heatmap", "--output", "{out}/heatmap.png"]),
        ("heatmap (pdf)", ["heatmap", "--output", "{out}/heatmap.pdf"]),
        ("heatmap --pillars (png)", ["heatmap", "--pillars", "--output", "{out}/pillars.png"]),
        ("heatmap --uncertainty (png)", ["heatmap", "--uncertainty", "--output", "{out}/uncertain.png"]),
        ("map --region world (png)", ["map", "--region", "world", "--output", "{out}/world.png"]),
        ("map --region europe (svg)", ["map", "--region", "europe", "--output", "{out}/europe.svg"]),
        (f"trend, all {len(codes)} countries (png)", ["trend", *codes, "--output", "{out}/trend-all.png"]),
        ("trend, 3 countries --uncertainty (png)", ["trend", "japan", "germany", "korea", "--uncertainty",
                                                    "--output", "{out}/trend3.png"]),
        (f"trend, all {len(codes)} countries --uncertainty (png)",
         ["trend", *codes, "--uncertainty", "--output", "{out}/trend-all-u.png"]),
        ("brief germany (html)", ["brief", "germany", "--output", "{out}/germany.html"]),
        ("brief germany (pdf)", ["brief", "germany", "--output", "{out}/germany.pdf"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    hedge = shutil.which("hedge")
    base = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    from hedgecli import data

    codes = [e.code for e in data.load().countries]
    slow = 0
    with tempfile.TemporaryDirectory() as out:
        for label, args in commands(codes):
            args = [a.format(out=out) for a in args] + ["--force"]
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run(base + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                times.append(time.perf_counter() - start)
            t = statistics.median(times)
            size = max(Path(out).iterdir(), key=lambda p: p.stat().st_mtime).stat().st_size
            flag = "" if t < TARGET else "  over target"
            slow += t >= TARGET
            print(f"{label:48s} {t:6.2f} s  {size / 1024:7.0f} KB{flag}")
    print(f"target: under {TARGET:.0f} s each; {slow} over")


if __name__ == "__main__":
    main()
