"""The loaded indicators, as plain objects the scorer can query quickly.

A `Dataset` is built from a file that has already passed validation (`models.validate`), so
this module trusts its shape and only answers questions: which countries and groups there are,
and what the latest value of an indicator is at a given year, with its provenance.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Observation:
    """One value with its provenance, as used for a given scoring year."""

    indicator: str
    value: float
    year: int  # the year the value is for
    unit: str
    source: str  # id into Dataset.sources
    age: int  # scoring year minus `year`: > 0 means carried forward from an earlier year


@dataclass(frozen=True)
class Entity:
    """A country or a group: what name resolution and listings need."""

    code: str
    name: str
    kind: str  # "country" or "group"
    alpha2: str | None
    aliases: tuple[str, ...]
    members: tuple[str, ...] = ()


class Dataset:
    def __init__(self, raw: dict, origin: str) -> None:
        self.origin = origin
        self.sources: dict[str, dict] = raw["sources"]
        self.indicators: dict[str, dict] = raw["indicators"]
        self.entities: dict[str, Entity] = {}
        # (country, indicator) -> years ascending, and parallel (value, source, unit)
        self._years: dict[tuple[str, str], list[int]] = {}
        self._points: dict[tuple[str, str], list[tuple[float, str, str]]] = {}
        years: set[int] = set()
        for code, country in raw["countries"].items():
            self.entities[code] = Entity(code, country["name"], "country", country.get("alpha2"),
                                         tuple(country.get("aliases", ())))
            for ind, series_list in country["indicators"].items():
                points = sorted(
                    (int(year), value, s["source"], s["unit"])
                    for s in series_list
                    for year, value in s["values"].items()
                )
                self._years[(code, ind)] = [p[0] for p in points]
                self._points[(code, ind)] = [p[1:] for p in points]
                years.update(self._years[(code, ind)])
        for code, group in raw.get("groups", {}).items():
            self.entities[code] = Entity(code, group["name"], "group", None,
                                         tuple(group.get("aliases", ())), tuple(group["members"]))
        self.first_year = min(years) if years else None
        self.last_year = max(years) if years else None

    @property
    def countries(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "country"]

    @property
    def groups(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "group"]

    def observation(self, code: str, indicator: str, year: int) -> Observation | None:
        """The latest value at or before `year`, or None if there is none."""
        years = self._years.get((code, indicator))
        if not years:
            return None
        i = bisect_right(years, year)
        if i == 0:
            return None
        value, source, unit = self._points[(code, indicator)][i - 1]
        return Observation(indicator, value, years[i - 1], unit, source, year - years[i - 1])

    def latest_common_year(self) -> int | None:
        """The most recent year for which most indicators have fresh values somewhere.

        Sources end in different years (SIPRI 2021, ATOP 2018, trade 2024, troops 2025);
        scoring in the last year of the freshest source would make everything else look stale,
        so the default year is the last one that at least half of the indicators reach.
        """
        last_by_indicator: dict[str, int] = {}
        for (code, ind), years in self._years.items():
            last_by_indicator[ind] = max(last_by_indicator.get(ind, years[-1]), years[-1])
        if not last_by_indicator:
            return None
        ends = sorted(last_by_indicator.values(), reverse=True)
        return ends[(len(ends) - 1) // 2]
