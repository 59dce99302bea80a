#!/usr/bin/env python3
"""Hostile inputs: how fast and in how little memory hedge refuses what it must refuse.

    python benchmarks/hostile_inputs.py

Each case is a command an outside test once ran into 10-20 GB of memory or a hang (issue 14).
For each, prints the exit code (must be non-zero), the wall time, the peak memory of the hedge
process, and both as ratios to a plain `hedge score germany --format json`. A refusal should
cost about what a normal call costs: ratios near 1, never growing with the input.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60


def run(cmd: list[str], stdin=None) -> tuple[int, float, float]:
    """Exit code, seconds and peak RSS in MB of one child process (ru_maxrss of a fresh wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except KeyboardInterrupt:
        proc.kill()
        raise
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


def main() -> int:
    hedge = shutil.which("hedge")
    base = [hedge] if hedge else [sys.executable, "-m", "hedgecli"]
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT, TIMEOUT))  # a regression fails, not hangs
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "pipe")
        os.mkfifo(fifo)
        big = os.path.join(tmp, "big.json")
        with open(big, "wb") as handle:  # sparse: 200 MB that cost no disk
            handle.truncate(200 * 1024 * 1024)
        cases = [
            ("--data /dev/zero", base + ["heatmap", "--data", "/dev/zero"], None),
            ("--data /dev/urandom", base + ["heatmap", "--data", "/dev/urandom"], None),
            ("--method /dev/zero", base + ["heatmap", "--method", "/dev/zero"], None),
            ("data validate /dev/zero", base + ["data", "validate", "/dev/zero"], None),
            ("--data 200 MB file", base + ["heatmap", "--data", big], None),
            ("--data - < /dev/zero", base + ["heatmap", "--data", "-"], "/dev/zero"),
            ("--output 300-char name", base + ["heatmap", "--output", "a" * 300 + ".csv"], None),
        ]
        code, ref_time, ref_mem = run(base + ["score", "germany", "--format", "json"])
        if code != 0:
            print("hedge score germany failed; is hedge installed?", file=sys.stderr)
            return 1
        print(f"{'reference: score germany':28s} exit 0  {ref_time * 1000:7.1f} ms  {ref_mem:6.1f} MB")
        failures = 0
        for label, cmd, stdin_path in cases:
            stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
            try:
                code, seconds, mem = run(cmd, stdin)
            finally:
                if stdin_path:
                    stdin.close()
            bad = code == 0 or code < 0
            failures += bad
            print(f"{label:28s} exit {code:<2d} {seconds * 1000:7.1f} ms  {mem:6.1f} MB   "
                  f"time x{seconds / ref_time:4.2f}  memory x{mem / ref_mem:4.2f}{'   FAILED' if bad else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
