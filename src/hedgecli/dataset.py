"""The loaded indicators, as plain objects the scorer can query quickly.

A `Dataset` is built from a file that has already passed validation (`models.validate`), so
this module trusts its shape and only answers questions: which countries and groups there are,
and what the latest value of an indicator is at a given year, with its provenance.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Observation:
    """One value with its provenance, as used for a given scoring year."""

    indicator: str
    value: float
    year: int  # the year the value is for
    unit: str
    source: str  # id into Dataset.sources
    age: int  # scoring year minus `year`: > 0 carried forward from an earlier year, < 0 applied back
    what_if: bool = False  # set by the user (score --set, a scenario), not read from the source
    changed_by: str | None = None  # what set it, when not --set ("scenario: NAME")
    band: tuple[float, float] | None = None  # the source's 5-95% band for the value, if it gives one


def band_of(value: float, error: dict | None) -> tuple[float, float] | None:
    """The 5-95% band a series' error rule gives a value:
    - absolute h: value +- h (a posterior width);
    - relative r: value x (1 +- r) (a gap between two records of the same flow);
    - numerator_relative r: a share x/(x + y) whose x is uncertain by r: s(1 +- r) / (1 +- r s)."""
    if not error:
        return None
    kind, size = next(iter(error.items()))
    if kind == "absolute":
        return value - size, value + size
    if kind == "relative":
        ends = (value * (1 - size), value * (1 + size))
        return min(ends), max(ends)
    low, high = (value * (1 + d) / (1 + d * value) for d in (-size, size))
    return min(low, high), max(low, high)


@dataclass(frozen=True)
class Entity:
    """A country or a group: what name resolution and listings need."""

    code: str
    name: str
    kind: str  # "country" or "group"
    alpha2: str | None
    aliases: tuple[str, ...]
    members: tuple[str, ...] = ()
    # a user's group may weigh its members: explicit weights (one per member) or "gdp" (each
    # member's GDP in the year scored); None is one state, one voice
    weights: tuple[float, ...] | str | None = None
    members_when: str | None = None  # an indicator that says in which years a member belongs


class Dataset:
    def __init__(self, raw: dict, origin: str, series: Mapping | None = None,
                 spans: dict[str, list[int] | None] | None = None) -> None:
        """`raw` as in the file. The shipped data's start-up twin (data.py) passes its countries
        without their series, `series` (code -> {indicator: [series]}, each country parsed when
        first asked for) and `spans` (the build's span of every indicator the countries have),
        so that a one-country command parses one country, not the whole file."""
        self.origin = origin
        self.sources: Mapping[str, dict] = raw["sources"]
        self.indicators: dict[str, dict] = raw["indicators"]
        self.entities: dict[str, Entity] = {}
        if series is None:
            series = {code: country["indicators"] for code, country in raw["countries"].items()}
        self._by_country: Mapping[str, dict[str, list[dict]]] = series
        # (country, indicator) -> its points, indexed on first use, because a one-country
        # command touches a few dozen of the thousands of series
        self._index: dict[tuple[str, str], tuple[list[int], list[tuple]]] = {}
        # the indicators some country has (what first_year and last_year span), and their spans
        if spans is None:
            self._span_cache: dict[str, tuple[int, int] | None] = {}
            self._present = list(dict.fromkeys(ind for inds in series.values() for ind in inds))
        else:
            self._span_cache = {ind: tuple(span) if span else None for ind, span in spans.items()}
            self._present = list(spans)
        for code, country in raw["countries"].items():
            self.entities[code] = Entity(code, country["name"], "country", country.get("alpha2"),
                                         tuple(country.get("aliases", ())))
        for code, group in raw.get("groups", {}).items():
            self.entities[code] = Entity(code, group["name"], "group", None,
                                         tuple(group.get("aliases", ())), tuple(group["members"]),
                                         members_when=group.get("members_when"))

    def _series(self, code: str, indicator: str) -> list[dict]:
        return self._by_country.get(code, {}).get(indicator, ())

    def year_note(self, code: str, indicator: str, source: str, year: int) -> str | None:
        """What the data file says a value of `year` rests on, where that changes by year (the
        incidents behind China's force up to that year); None where the file says nothing."""
        return ((self._series_of(code, indicator, source) or {}).get("notes") or {}).get(str(year))

    def year_pages(self, code: str, indicator: str, source: str, year: int) -> list[str]:
        """The source ids of the cited pages a value of `year` is computed from, where a table of
        cited rows builds it (the incidents or visits a stock counts, and the dataset it
        continues); [] elsewhere."""
        return list(((self._series_of(code, indicator, source) or {}).get("pages") or {}).get(str(year), ()))

    def _series_of(self, code: str, indicator: str, source: str) -> dict | None:
        return next((s for s in self._series(code, indicator) if s["source"] == source), None)

    @property
    def countries(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "country"]

    @property
    def groups(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "group"]

    def _points(self, key: tuple[str, str]):
        if key not in self._index:
            points = sorted(
                (int(year), value, s["source"], s["unit"], s.get("error"))
                for s in self._series(*key)
                for year, value in s["values"].items()
            )
            self._index[key] = ([p[0] for p in points], [p[1:] for p in points])
        return self._index[key]

    def observation(self, code: str, indicator: str, year: int) -> Observation | None:
        """The latest value at or before `year`, or None if there is none."""
        years, points = self._points((code, indicator))
        i = bisect_right(years, year)
        if i == 0:
            return None
        value, source, unit, error = points[i - 1]
        return Observation(indicator, value, years[i - 1], unit, source, year - years[i - 1],
                           band=band_of(value, error))

    def first_after(self, code: str, indicator: str, year: int) -> Observation | None:
        """The first value of a series that begins after `year`, as used for `year` (its age is
        negative): how a method applies evidence back to the years before it was collected
        (Rule.back_apply), or dates the value a policy had before it (Rule.before_first). None if
        the series has a value at or before `year`, or none at all."""
        years, points = self._points((code, indicator))
        if not years or years[0] <= year:
            return None
        value, source, unit, error = points[0]
        return Observation(indicator, value, years[0], unit, source, year - years[0], band=band_of(value, error))

    def error_rule(self, code: str, indicator: str, source: str) -> dict | None:
        """The error rule of a country's series of `indicator` from `source` (see band_of)."""
        for s in self._series(code, indicator):
            if s["source"] == source and s.get("error"):
                return dict(s["error"])
        return None

    def span(self, indicator: str) -> tuple[int, int] | None:
        """First and last year of an indicator anywhere in the file, computed once (the default
        year, the year checks and the titles ask; one command needs a handful of indicators)."""
        if indicator not in self._span_cache:
            first = last = None
            for inds in self._by_country.values():
                for s in inds.get(indicator, ()):
                    if s["values"]:
                        # years are validated to 1900-2100: as four-digit strings they sort like numbers
                        lo, hi = int(min(s["values"])), int(max(s["values"]))
                        first = lo if first is None else min(first, lo)
                        last = hi if last is None else max(last, hi)
            self._span_cache[indicator] = None if first is None else (first, last)
        return self._span_cache[indicator]

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        spans = {ind: self.span(ind) for ind in self._present}
        return {ind: span for ind, span in spans.items() if span is not None}

    @property
    def first_year(self) -> int | None:
        spans = self._spans.values()
        return min(s[0] for s in spans) if spans else None

    @property
    def last_year(self) -> int | None:
        spans = self._spans.values()
        return max(s[1] for s in spans) if spans else None

    def latest_common_year(self, indicators=None) -> int | None:
        """The most recent year that most of the scored indicators reach.

        Sources end in different years (SIPRI 2021, ATOP 2018, trade 2024, troops 2025);
        scoring in the last year of the freshest source would make everything else look stale,
        so the default year is the last one that at least half of the indicators reach. Only
        `indicators` (those the method scores) count, if given: series kept in the file for
        reading (COW shares to 2014, say) must not move the year the scores are for.
        """
        if indicators is None:
            spans = list(self._spans.values())
        else:
            spans = [span for span in map(self.span, sorted(indicators)) if span is not None]
        ends = sorted((last for _first, last in spans), reverse=True)
        return ends[(len(ends) - 1) // 2] if ends else None

    def source_usage(self) -> dict[str, dict]:
        """For each source: the indicators it feeds, how many countries, and its year span."""
        usage: dict[str, dict] = {}
        for code, inds in self._by_country.items():
            for ind, series_list in inds.items():
                for s in series_list:
                    u = usage.setdefault(s["source"], {"indicators": set(), "countries": set(), "years": set()})
                    u["indicators"].add(ind)
                    u["countries"].add(code)
                    u["years"].update(int(y) for y in s["values"])
                    # the cited pages a table-built stock counts feed its values as it does
                    for year, ids in (s.get("pages") or {}).items():
                        for page in ids:
                            p = usage.setdefault(page, {"indicators": set(), "countries": set(), "years": set()})
                            p["indicators"].add(ind)
                            p["countries"].add(code)
                            p["years"].add(int(year))
        return usage
