#!/usr/bin/env python3
"""Hostile inputs: how fast and in how little memory hedge refuses what it must refuse.

    python benchmarks/hostile_inputs.py [--max-draws N]

Each case is a command an outside test once ran into 10-20 GB of memory or a hang (issue 14), or
into a wrong answer (issue 21: numbers that overflow, a full disk, the new features' edges).
For each, prints the exit code (non-zero for a refusal; for the issue 21 cases, the exit the case
must give, 0 where hedge must now answer), the wall time, the peak memory of the hedge process,
and both as ratios to a plain `hedge score germany --format json`. A refusal should cost about
what a normal call costs: ratios near 1, never growing with the input.

Then peak memory against Monte Carlo draws (up to --max-draws, default 1,000,000, which takes
minutes): time grows with the draws, memory must not (ratios to the smallest run near 1).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60  # CPU seconds a case may take: a regression fails, not hangs
DRAWS_TIMEOUT = 1800  # ... and a run of a million draws
DRAWS = (10_000, 100_000, 1_000_000)
SENSITIVITY_DRAWS = 200_000  # four runs a draw: past the exact bound (50,000) is what counts


def run(cmd: list[str], stdin=None, stdout=subprocess.DEVNULL, limit: int = TIMEOUT) -> tuple[int, float, float]:
    """Exit code, seconds and peak RSS in MB of one child process (ru_maxrss of a fresh wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CPU, (limit, limit)))
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except KeyboardInterrupt:
        proc.kill()
        raise
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


SCENARIOS = {
    # members of a GDP-weighted group at GDP 1e308: the weights once summed to inf (NaN scores)
    "big.toml": ('[groups.big]\nmembers = ["Germany", "France"]\nweights = "gdp"\n'
                 '[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany", "France"]\nset = 1e308\n'),
    # a GDP that passes "above 0" but makes trade / GDP infinite
    "tiny.toml": '[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany"]\nscale = 1e-320\n',
    # a value that printed as 309 digits in explain's table
    "huge.toml": '[[change]]\nindicator = "security.us_troops"\ncountries = ["Germany"]\nset = 1e308\n',
    # a description that once closed the markdown fence
    "fence.toml": ("description = \"\"\"\n```\n<img src=x onerror=alert(1)>\n\"\"\"\n"
                   '[[change]]\nindicator = "security.us_troops"\ncountries = ["Germany"]\nset = 0\n'),
}


def issue21_cases(base: list[str], tmp: str) -> list[tuple]:
    """(label, command, stdin, stdout, expected exit) for the holes of issue 21."""
    paths = {}
    for name, text in SCENARIOS.items():
        paths[name] = os.path.join(tmp, name)
        with open(paths[name], "w", encoding="utf-8") as fh:
            fh.write(text)
    # a file of one country with a GDP of 5e-324 (valid, but trade / GDP overflows) and a
    # javascript: address for its source
    doc = json.loads(subprocess.run(base + ["data", "template", "germany"], capture_output=True).stdout)
    doc["countries"]["DEU"]["indicators"]["economy.gdp"][0]["values"] = {"2024": 5e-324}
    doc["countries"]["DEU"]["indicators"]["trade.china_trade"][0]["values"] = {"2024": 1000}
    doc["sources"]["my-source"]["url"] = "javascript:alert(1)"
    tiny_gdp = os.path.join(tmp, "tinygdp.json")
    with open(tiny_gdp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh)
    cases = [
        ("GDP weights of 1e308 (answered)", ["heatmap", "--scenario", paths["big.toml"], "--format", "json"], 0),
        ("--data with a GDP of 5e-324", ["heatmap", "--data", tiny_gdp, "--format", "ndjson"], 1),
        ("data validate, GDP of 5e-324", ["data", "validate", tiny_gdp], 1),
        ("scenario scale = 1e-320 on GDP", ["heatmap", "--scenario", paths["tiny.toml"], "--uncertainty",
                                            "--draws", "100"], 1),
        ("--set economy.gdp=5e-324", ["score", "germany", "--set", "economy.gdp=5e-324"], 1),
        ("--set economy.gdp=0", ["score", "germany", "--set", "economy.gdp=0"], 2),
        ("export --output DataPackage.json", ["data", "export", "--output", os.path.join(tmp, "DataPackage.json")], 2),
        ("markdown of a ``` description", ["heatmap", "--scenario", paths["fence.toml"], "--format", "markdown"], 0),
        ("cite a javascript: address", ["cite", "--data", tiny_gdp, "--format", "bibtex"], 0),
        ("explain with 1e308 troops", ["explain", "germany", "--scenario", paths["huge.toml"]], 0),
    ]
    out = [(label, base + cmd, None, None, code) for label, cmd, code in cases]
    if os.path.exists("/dev/full"):  # a full disk on stdout: exit 1, never 0 with the output cut
        out += [(f"{' '.join(cmd)} > /dev/full", base + cmd, None, "/dev/full", 1)
                for cmd in (["heatmap", "--format", "json"], ["data", "export"], ["cite", "--format", "bibtex"])]
    return out


def draws_series(base: list[str], most: int) -> int:
    """Peak memory against --draws: flat, not linear. Returns the number of failures."""
    failures = 0
    for label, command, cap in (("score germany --uncertainty", ["score", "germany", "--uncertainty"], most),
                                ("sensitivity", ["sensitivity"], min(most, SENSITIVITY_DRAWS))):
        first = None
        for draws in sorted({d for d in DRAWS if d <= cap} | {cap}):
            code, seconds, mem = run(base + command + ["--draws", str(draws)], limit=DRAWS_TIMEOUT)
            first = first or (draws, seconds, mem)
            bad = code != 0 or mem > 1.5 * first[2]
            failures += bad
            print(f"{label + f' --draws {draws:,}':44s} exit {code:<2d} {seconds:7.1f} s   {mem:6.1f} MB   "
                  f"draws x{draws / first[0]:<5.0f} time x{seconds / first[1]:6.2f}  memory x{mem / first[2]:4.2f}"
                  f"{'   FAILED' if bad else ''}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description="refusal time and peak memory of hostile inputs")
    parser.add_argument("--max-draws", type=int, default=DRAWS[-1], help="largest --draws of the memory series")
    args = parser.parse_args()
    hedge = shutil.which("hedge")
    base = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "pipe")
        os.mkfifo(fifo)
        big = os.path.join(tmp, "big.json")
        with open(big, "wb") as handle:  # sparse: 200 MB that cost no disk
            handle.truncate(200 * 1024 * 1024)
        cases = [(label, cmd, stdin, None, None) for label, cmd, stdin in (
            ("--data /dev/zero", base + ["heatmap", "--data", "/dev/zero"], None),
            ("--data /dev/urandom", base + ["heatmap", "--data", "/dev/urandom"], None),
            ("--method /dev/zero", base + ["heatmap", "--method", "/dev/zero"], None),
            ("data validate /dev/zero", base + ["data", "validate", "/dev/zero"], None),
            ("--data 200 MB file", base + ["heatmap", "--data", big], None),
            ("--data - < /dev/zero", base + ["heatmap", "--data", "-"], "/dev/zero"),
            ("--output 300-char name", base + ["heatmap", "--output", "a" * 300 + ".csv"], None),
        )] + issue21_cases(base, tmp)
        code, ref_time, ref_mem = run(base + ["score", "germany", "--format", "json"])
        if code != 0:
            print("hedge score germany failed; is hedge installed?", file=sys.stderr)
            return 1
        print(f"{'reference: score germany':44s} exit 0  {ref_time * 1000:7.1f} ms  {ref_mem:6.1f} MB")
        failures = 0
        for label, cmd, stdin_path, stdout_path, expected in cases:
            stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
            stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
            try:
                code, seconds, mem = run(cmd, stdin, stdout)
            finally:
                for stream, path in ((stdin, stdin_path), (stdout, stdout_path)):
                    if path:
                        stream.close()
            # a refusal: exit 0 or killed (negative) fails; an issue 21 case: any other exit than its own
            bad = (code == 0 or code < 0) if expected is None else code != expected
            failures += bad
            print(f"{label:44s} exit {code:<2d} {seconds * 1000:7.1f} ms  {mem:6.1f} MB   "
                  f"time x{seconds / ref_time:4.2f}  memory x{mem / ref_mem:4.2f}{'   FAILED' if bad else ''}")
        print()
        failures += draws_series(base, args.max_draws)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
