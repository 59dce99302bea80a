"""What a value in each unit may be: one table for the file checks, what-if and explain.

Units not listed (e.g. the UN position, which lies below 0 beyond China) only need to be finite
numbers. No Pydantic here: what-if and explain use this without validating a file.
"""

from __future__ import annotations

RANGES: dict[str, tuple[float, float | None]] = {
    "share": (0.0, 1.0), "0/1": (0.0, 1.0), "policy code": (0.0, 1.0),
    "USD million": (0.0, None), "persons": (0.0, None), "visits": (0.0, None), "events (decayed)": (0.0, None),
    "years (decayed)": (0.0, None), "stance": (-1.0, 1.0),
}
# coded indicators take only these values
CODES: dict[str, tuple[float, ...]] = {"0/1": (0.0, 1.0), "policy code": (0.0, 0.5, 1.0)}


def problem(value: float, unit: str, divides: bool = False) -> str | None:
    """Why `value` cannot be a value in `unit`, or None if it can. `divides`: the method divides
    other values by it (GDP), so it must be above 0 too. One rule for data files, --set, what-if
    and scenarios: a value one of them refuses, all of them refuse."""
    if value != value or value in (float("inf"), float("-inf")):
        return "not a finite number"
    if unit in CODES and value not in CODES[unit]:
        return f"value {value:g} is not one of the codes {', '.join(f'{c:g}' for c in CODES[unit])}"
    lo, hi = RANGES.get(unit, (None, None))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        span = f"between {lo:g} and {hi:g}" if hi is not None else f"{lo:g} or more"
        return f"value {value:g} is out of range for {unit} (must be {span})"
    if divides and value <= 0:
        return f"value {value:g}: other values are divided by it (a denominator), so it must be above 0"
    return None
