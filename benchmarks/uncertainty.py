#!/usr/bin/env python3
"""Monte Carlo speed: 10,000 draws over every country and indicator (target: under 1 s on 2 cores),
and how the time grows with draws and countries.

    python benchmarks/uncertainty.py
"""

import time

from hedgecli import data, uncertainty
from hedgecli.dataset import Dataset
from hedgecli.method import default


def timed(dataset: Dataset, draws: int) -> float:
    start = time.perf_counter()
    uncertainty.run(dataset, 2024, default(), draws, 1, [e.code for e in dataset.entities.values()])
    return time.perf_counter() - start


def subset(full: Dataset, n: int) -> Dataset:
    """The first n countries (groups dropped), to see growth with countries."""
    keep = {e.code for e in full.countries[:n]}
    small = Dataset.__new__(Dataset)
    small.__dict__.update(full.__dict__)
    small.entities = {c: e for c, e in full.entities.items() if c in keep}
    small._series = {k: v for k, v in full._series.items() if k[0] in keep}
    small._index = {}
    return small


def main() -> None:
    full = data.load()
    timed(full, 100)  # warm-up: imports, caches
    base = timed(full, 10_000)
    n = len(full.countries)
    print(f"10,000 draws x {n} countries x every indicator: {base:.2f} s (target < 1 s)")
    for draws in (1_000, 10_000, 50_000):
        t = timed(full, draws)
        print(f"  draws {draws:>6,}: {t:6.2f} s   ratio to 10,000 draws {t / base:5.2f}")
    for k in (10, 25, n):
        t = timed(subset(full, k), 10_000)
        print(f"  countries {k:>3}: {t:6.2f} s   ratio to all {t / base:5.2f}")


if __name__ == "__main__":
    main()
