"""Scenarios: one file of changes across many countries, scored against the data as they are.

    name = "US troops leave Europe"
    description = "Every US soldier based in a European NATO state goes home."

    [[change]]
    indicator = "security.us_troops"
    countries = ["NATO"]          # countries, groups (their members), or "all"
    except = ["Canada"]
    set = 0                       # or: scale = 2, or: add = 0.1

A change works as `--set` does: it replaces the value in use in the year scored (keeping its
year and source, so a change over years is measured from the source's earlier value), and a
`set` with no value in use gives one for that year. `scale` and `add` need a value to change:
a country without one is listed as skipped. Changes apply in file order. Every result is checked
against the indicator's unit, as data files are; an impossible one is an error naming it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from .dataset import Dataset, Observation
from .errors import DataError, UsageError

OPERATIONS = ("set", "scale", "add")
_KEYS = {"name", "description", "change", "groups"}
_CHANGE_KEYS = {"indicator", "countries", "except", *OPERATIONS}


@dataclass(frozen=True)
class Change:
    indicator: str
    countries: tuple[str, ...]  # as written: names, codes, aliases, groups, or "all"
    excluded: tuple[str, ...]
    operation: str  # one of OPERATIONS
    amount: float

    def describe(self) -> str:
        what = {"set": f"= {self.amount:g}", "scale": f"x {self.amount:g}", "add": f"{self.amount:+g}"}[self.operation]
        where = ", ".join(self.countries) + (f" except {', '.join(self.excluded)}" if self.excluded else "")
        return f"{self.indicator} {what} for {where}"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    changes: tuple[Change, ...]
    groups: dict  # a [groups] table (groups.py reads it), for targets and for the heat map
    origin: str

    def title(self) -> str:
        return f"scenario {self.name!r}"


def load(path: str) -> Scenario:
    """A scenario file, checked for shape (its indicators and countries are checked against
    the data when it is applied)."""
    from .fileio import read_user_file
    from .method import _parse_toml

    if not path:
        raise UsageError("--scenario needs a file name")
    table = _parse_toml(read_user_file(path, "scenario file"), path)
    return from_table(table, path)


def from_table(table: dict, origin: str) -> Scenario:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise DataError(f"{origin}: unknown key {unknown[0]!r} (a scenario has name, description, [[change]] "
                        "and [groups])")
    name = table.get("name", Path(origin).stem or "scenario")
    description = table.get("description", "")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise DataError(f"{origin}: name must be a short text")
    if not isinstance(description, str):
        raise DataError(f"{origin}: description must be text")
    changes = table.get("change")
    if not isinstance(changes, list) or not changes:
        raise DataError(f"{origin}: no [[change]] tables; a scenario needs at least one change")
    groups = table.get("groups", {})
    if not isinstance(groups, dict):
        raise DataError(f"{origin}: groups must be a table of groups ([groups.NAME])")
    return Scenario(name.strip(), description.strip(), tuple(_change(c, f"{origin}: change {i}")
                                                             for i, c in enumerate(changes, 1)), groups, origin)


def _change(table, where: str) -> Change:
    if not isinstance(table, dict):
        raise DataError(f"{where}: expected a table ([[change]])")
    unknown = sorted(set(table) - _CHANGE_KEYS)
    if unknown:
        raise DataError(f"{where}: unknown key {unknown[0]!r} (a change has indicator, countries, except "
                        "and one of set, scale, add)")
    indicator = table.get("indicator")
    if not isinstance(indicator, str) or not indicator:
        raise DataError(f"{where}: indicator must be an indicator name, e.g. \"security.us_troops\"")
    operations = [op for op in OPERATIONS if op in table]
    if len(operations) != 1:
        raise DataError(f"{where}: give exactly one of set, scale, add")
    op = operations[0]
    amount = table[op]
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount):
        raise DataError(f"{where}: {op} must be a finite number")
    if op == "scale" and amount < 0:
        raise DataError(f"{where}: scale must be 0 or more (a negative amount of a flow or a share is no value)")
    return Change(indicator, _names(table.get("countries", "all"), f"{where}: countries"),
                  _names(table.get("except", []), f"{where}: except"), op, float(amount))


def _names(value, where: str) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise DataError(f"{where}: expected a list of country or group names (or \"all\")")
    return tuple(n.strip() for n in names)


# ---------------------------------------------------------------- applying


@dataclass(frozen=True)
class Applied:
    """What a change did in the year scored: the countries it changed and those it skipped."""

    change: str
    changed: list[str]
    skipped: list[str]  # scale/add with no value in use


def apply(data: Dataset, scenario: Scenario, year: int, method) -> tuple[Dataset, list[Applied]]:
    """`data` with the scenario's changes in `year`; every target, indicator and result checked."""
    from .countries import resolve
    from .method import used_indicators

    from .scoring import denominators

    used = used_indicators(method)
    dividing = denominators(method)  # a scenario must leave them above 0, as --set must
    plan: dict[tuple[str, str], list[tuple[int, Change]]] = {}
    for i, change in enumerate(scenario.changes, 1):
        where = f"{scenario.origin}: change {i}"
        if change.indicator not in data.indicators:
            import difflib

            close = difflib.get_close_matches(change.indicator, data.indicators, n=1)
            raise UsageError(f"{where}: unknown indicator {change.indicator!r}"
                             + (f"; did you mean {close[0]}?" if close else ""))
        if change.indicator not in used:
            raise UsageError(f"{where}: method {method.name} does not use {change.indicator}, so changing it "
                             "changes nothing ('hedge method show' lists the indicators it scores)")
        if change.operation == "set":
            _check(change.amount, change.indicator, data, f"{where}: set", change.indicator in dividing)
        targets = _countries(data, change.countries, where, resolve)
        targets -= _countries(data, change.excluded, where, resolve)
        if not targets:
            raise UsageError(f"{where}: no country left to change")
        for code in sorted(targets):
            plan.setdefault((code, change.indicator), []).append((i, change))
    changed = _Scenario(data, scenario, year, plan, method.max_age, dividing)
    report = [Applied(c.describe(), [], []) for c in scenario.changes]  # one per change, in file order
    for (code, indicator) in sorted(plan):
        changed.observation(code, indicator, year)  # computes, and checks, every result
        for i, did in changed.log[(code, indicator)]:
            (report[i - 1].changed if did else report[i - 1].skipped).append(code)
    return changed, report


def _countries(data: Dataset, names: tuple[str, ...], where: str, resolve) -> set[str]:
    out: set[str] = set()
    for name in names:
        if name.lower() == "all":
            out |= {e.code for e in data.countries}
            continue
        try:
            code = resolve(name, data)
        except UsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
        entity = data.entities[code]
        out |= set(entity.members) if entity.kind == "group" else {code}
    return out


def _check(value: float, indicator: str, data: Dataset, where: str, divides: bool = False) -> None:
    from . import units

    problem = units.problem(value, data.indicators[indicator]["unit"], divides)
    if problem:
        raise UsageError(f"{where}: {problem}")


class _Scenario(Dataset):
    """A dataset whose values in use for one year are changed as a scenario says."""

    def __init__(self, base: Dataset, scenario: Scenario, year: int, plan: dict, max_age: int,
                 dividing: set[str]) -> None:
        self.__dict__.update(base.__dict__)
        self._base, self._scenario, self._year, self._plan, self._max_age = base, scenario, year, plan, max_age
        self._dividing = dividing
        self._done: dict[tuple[str, str], Observation | None] = {}
        self.log: dict[tuple[str, str], list[tuple[int, bool]]] = {}  # which changes changed a value

    def observation(self, code: str, indicator: str, year: int) -> Observation | None:
        key = (code, indicator)
        if year != self._year or key not in self._plan:
            return self._base.observation(code, indicator, year)
        if key not in self._done:
            self._done[key] = self._changed(code, indicator, year)
        return self._done[key]

    def _changed(self, code: str, indicator: str, year: int) -> Observation | None:
        obs = self._base.observation(code, indicator, year)
        if obs is not None and obs.age > self._max_age:
            obs = None  # not in use: a set gives the year's value, a scale or add has nothing to change
        label = f"scenario: {self._scenario.name}"
        log = self.log.setdefault((code, indicator), [])
        for i, change in self._plan[(code, indicator)]:
            if change.operation == "set":
                obs = (Observation(indicator, change.amount, year, self.indicators[indicator]["unit"], "scenario", 0)
                       if obs is None else replace(obs, value=change.amount))
            elif obs is not None:
                value = obs.value * change.amount if change.operation == "scale" else obs.value + change.amount
                _check(value, indicator, self, f"{self._scenario.origin}: {change.describe()} gives "
                       f"{self.entities[code].name} {value:g} in {year}", indicator in self._dividing)
                obs = replace(obs, value=value)
            log.append((i, obs is not None))
            if obs is not None:
                obs = replace(obs, what_if=True, changed_by=label, band=None)
        return obs
