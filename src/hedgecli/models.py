"""The indicators file format, as Pydantic models.

These models are the single definition of what a valid data file is: `hedge` validates every
file it has not validated before against them (see `data.py`), and `scripts/build_data.py`
validates what it writes. Scoring never sees these classes: it works on the plain structures
of `dataset.py`, so that a command that only reads the shipped, already-validated file does
not pay for importing Pydantic (users call hedge in loops).

Shape (JSON):

    {"format": "hedge-indicators/1",
     "sources":    {source_id: {title, publisher, url, licence, citation, coverage}},
     "indicators": {indicator_id: {name, pillar, unit, description, derivation}},
     "countries":  {ISO3: {name, alpha2, aliases,
                           indicators: {indicator_id: [{source, unit, values: {year: value},
                                                        error: {kind: size}, note, notes: {year: text},
                                                        pages: {year: [source_id]}}]}}},
     "groups":     {CODE: {name, members: [ISO3...], source, aliases}}}

Each value therefore carries its source (the series it sits in), its year (its key) and its
unit; an indicator may be made of several series when the source changes over time, but a
year may appear in only one of them. A series may say how uncertain its values are (`error`:
the 5-95% band its source gives, as one rule for the series), which the Monte Carlo draws from.
"""

from __future__ import annotations

import json
import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import units
from .errors import DataError

FORMAT = "hedge-indicators/2"  # the one spelling: data.py and build/main.py use this name
FORMATS = (FORMAT, "hedge-indicators/1")  # version 1 files (no bands, no economy pillar) still read
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_KINDS = {bool: "true/false", str: "text in quotes", type(None): "null", list: "a list", dict: "an object"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(_Strict):
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str | None = None
    licence: str | None = None
    citation: str | None = None
    coverage: str | None = None


class Indicator(_Strict):
    name: str = Field(min_length=1)
    pillar: Literal["trade", "technology", "infrastructure", "investment", "finance", "diplomacy", "security",
                    "political", "friction", "economy"]
    unit: str = Field(min_length=1)
    description: str = Field(min_length=1)
    derivation: str | None = None
    # evidence not collected before this year (the thing existed, its source starts later):
    # missing before it, and said so, never filled in
    collected_from: int | None = None
    not_collected_why: str | None = None
    # the states it can apply to (China-CEEC: its participants; blocked EU statements: EU
    # members): for the others it is not missing, it does not apply
    applies_to: list[str] | None = None


class Series(_Strict):
    source: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    values: dict[int, float]
    error: dict[Literal["absolute", "relative", "numerator_relative"], float] | None = None
    note: str | None = None
    # what each year's value rests on, where that changes by year (year -> text)
    notes: dict[str, str] | None = None
    # the cited pages each year's value is computed from, where a table of cited rows builds it
    # (year -> source ids): the incidents or visits a stock counts up to that year, and the
    # dataset whose decayed visits it still holds (CEIAS, China Vitae)
    pages: dict[str, list[str]] | None = None

    @field_validator("values", mode="before")
    @classmethod
    def _strict_keys_and_numbers(cls, values: object) -> object:
        # Pydantic's lax mode would read "02020" as the year 2020 (silently merging it with
        # "2020", the last one winning) and "0.9" or true as numbers: a data file is JSON, where
        # a year key is four digits and a number is not written in quotes
        if not isinstance(values, dict):
            return values  # Pydantic's own message for a values field that is not an object
        for year, value in values.items():
            if isinstance(year, bool) or not (isinstance(year, int) or _YEAR.match(str(year))):
                raise ValueError(f"year {year!r} is not a four-digit year")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"value for {year} is not a valid number ({_KINDS.get(type(value), 'not a number')}: "
                                 f"{json.dumps(value, default=repr)[:40]})")
        return values

    @field_validator("values")
    @classmethod
    def _years_and_numbers(cls, values: dict[int, float]) -> dict[int, float]:
        for year, value in values.items():
            if not 1900 <= year <= 2100:
                raise ValueError(f"year {year} is outside 1900-2100")
            if not math.isfinite(value):
                raise ValueError(f"value for {year} is not a finite number ({value})")
        return values

    @model_validator(mode="after")
    def _notes_and_pages_of_years_with_a_value(self) -> "Series":
        # what a year's value rests on is keyed as `values` is: a misspelt or stray year would
        # say nothing of any value, silently
        for field in ("notes", "pages"):
            for year in getattr(self, field) or {}:
                if not _YEAR.match(year) or int(year) not in self.values:
                    raise ValueError(f"{field}: {year!r} is not a year the series has a value for")
        return self

    @field_validator("error")
    @classmethod
    def _one_finite_error(cls, error):
        if error is not None:
            if len(error) != 1:
                raise ValueError("error: give one of absolute, relative, numerator_relative")
            size = next(iter(error.values()))
            if not math.isfinite(size) or size < 0 or size > 1e6:
                raise ValueError(f"error: {size!r} is not a size between 0 and 1e6")
        return error


class Country(_Strict):
    name: str = Field(min_length=1)
    alpha2: str | None = None
    aliases: list[str] = []
    indicators: dict[str, list[Series]]


class Group(_Strict):
    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=1)
    source: str = Field(min_length=1)
    aliases: list[str] = []
    # a group whose membership changes: a member counts in a year only while this 0/1 indicator
    # is 1 for it (the Major Non-NATO Allies: designated that year)
    members_when: str | None = None


class Dataset(_Strict):
    format: Literal[FORMATS]  # type: ignore[valid-type]  # (type checkers want the literal text here)
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    countries: dict[str, Country]
    groups: dict[str, Group] = {}


def _out_of_range(values: dict[int, float], unit: str):
    for year, value in sorted(values.items()):
        message = units.problem(value, unit)
        if message:
            yield year, message


def cross_reference_problems(data: Dataset) -> list[str]:
    """What field types cannot say: every reference resolves, units agree, no year twice."""
    out = []
    for code, country in data.countries.items():
        if not _ISO3.match(code):
            out.append(f"country code {code!r}: use an upper-case ISO 3166 alpha-3 code (three letters)")
        elif code in ("USA", "CHN"):
            out.append(f"country {code}: the US and China are the two poles every score is measured between, "
                       "not countries to score")
        for ind, series_list in country.indicators.items():
            where = f"country {code}, indicator {ind}"
            if ind not in data.indicators:
                out.append(f"{where}: unknown indicator (not in 'indicators')")
                continue
            unit = data.indicators[ind].unit
            seen: set[int] = set()
            for n, series in enumerate(series_list):
                if series.source not in data.sources:
                    out.append(f"{where}, series {n}: unknown source {series.source!r}")
                unknown = sorted({p for ids in (series.pages or {}).values() for p in ids} - data.sources.keys())
                if unknown:
                    out.append(f"{where}, series {n}: unknown source {unknown[0]!r} among its pages")
                if series.unit != unit:
                    out.append(f"{where}, series {n}: unit {series.unit!r} differs from the indicator's unit {unit!r}")
                else:
                    out += [f"{where}, {year}: {msg}" for year, msg in _out_of_range(series.values, unit)]
                twice = seen & series.values.keys()
                if twice:
                    out.append(f"{where}: year {min(twice)} appears in two series")
                seen |= series.values.keys()
    out += _name_problems(data)
    for code, group in data.groups.items():
        if not _CODE.match(code):
            out.append(f"group code {code!r}: use upper-case letters")
        if code in data.countries:
            out.append(f"group code {code!r} is also a country code")
        if group.source not in data.sources:
            out.append(f"group {code}: unknown source {group.source!r}")
        out += [f"group {code}: member {m} is not a country in the file"
                for m in group.members if m not in data.countries]
        out += [f"group {code}: member {m} is listed more than once (it would count twice in the mean)"
                for m in sorted({m for m in group.members if group.members.count(m) > 1})]
    if not any(s.values for c in data.countries.values() for sl in c.indicators.values() for s in sl):
        out.append("countries: no indicator values at all, so nothing to score")
    return out


def _name_problems(data: Dataset) -> list[str]:
    """Names, codes and aliases that would make `hedge score NAME` ambiguous: each must name one
    country or group only (a file giving Germany the alias "france" would score Germany for
    France). Compared as the command line compares them (case, accents, dots ignored)."""
    from .countries import _key

    owners: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    entries = [(code, "country", [code, c.alpha2, c.name, *c.aliases]) for code, c in data.countries.items()]
    entries += [(code, "group", [code, g.name, *g.aliases]) for code, g in data.groups.items()]
    for code, kind, names in entries:
        for name in names:
            if name:
                key = _key(name)
                owners.setdefault(key, set()).add(code)
                where.setdefault((key, code), f"{kind} {code}")
    out = []
    for key, codes in sorted(owners.items()):
        if len(codes) > 1:
            named = ", ".join(where[(key, c)] for c in sorted(codes))
            out.append(f"name {key!r} names more than one country or group ({named}); each name, code and "
                       "alias must name one")
    return out


def _location(loc: tuple) -> str:
    """Turn Pydantic's error location into words a user can find in the file."""
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "countries":
        rest = ".".join(parts[2:])
        return f"country {parts[1]}" + (f", {rest}" if rest else "")
    if len(parts) >= 2 and parts[0] == "groups":
        rest = ".".join(parts[2:])
        return f"group {parts[1]}" + (f", {rest}" if rest else "")
    return ".".join(parts) or "top level"


def problems(raw: object) -> list[str]:
    """Every problem in a parsed data file, one readable line each (not only the first)."""
    try:
        dataset = Dataset.model_validate(raw)
    except ValidationError as exc:
        return [f"{_location(err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
                for err in exc.errors(include_url=False)]
    return cross_reference_problems(dataset)


def validate(raw: object, origin: str) -> dict:
    """Validate a parsed data file; return it normalised, or raise DataError naming the problem."""
    found = problems(raw)
    if found:
        extra = len(found) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''}; see 'hedge data validate')" if extra else ""
        raise DataError(f"{origin}: {found[0]}{more}")
    return Dataset.model_validate(raw).model_dump(mode="json")
