"""hedge for notebooks and scripts: the command line's answers as Pydantic models.

    import hedgecli
    rows = hedgecli.heatmap(year=2024)              # list[Score], one per country and group
    de = hedgecli.score("germany")                   # names, codes and aliases as on the CLI
    de.hedging_level, de.reversal_score, de.pillars
    hedgecli.to_pandas(rows)                         # the columns of --format csv (pandas needed)

Every function takes what the matching command takes: `data` (a file, or None for the shipped
data), `method` (a preset name or a TOML file; None for the default) and `year` (None: the
latest well-covered year). Each result's `model_dump()` is the document `hedge ... --format
json` prints, because both come from queries.py. A problem raises HedgeError with the message
the command line prints; nothing here prints or exits.
"""

from __future__ import annotations

import os
from typing import Optional, Union

from . import queries
from .errors import HedgeError, UsageError
from .results import (
    Comparison,
    DiffRow,
    Drift,
    Entity,
    Explanation,
    ExportRow,
    Reference,
    MethodInfo,
    ScenarioResult,
    Score,
    Sensitivity,
    Source,
    TrendYear,
    Validation,
    WhatIf,
)

__all__ = ["HedgeError", "heatmap", "score", "scores", "what_if", "explain", "compare", "trend", "drift",
           "sources", "entities", "presets", "export", "cite", "sensitivity", "validate", "diff", "to_pandas",
           "figure"]

MIN_DRAWS, MAX_DRAWS = 100, 1_000_000  # as the command line's --draws


def heatmap(year: Optional[int] = None, *, data: Optional[str] = None, method: Optional[str] = None,
            uncertainty: bool = False, draws: int = 1000, seed: int = 1, groups: Optional[list[str]] = None,
            scenario: Optional[str] = None) -> Union[list[Score], ScenarioResult]:
    """Every country and group (groups first, then by name), as `hedge heatmap`.

    With uncertainty=True each result's `uncertainty` holds, per score, the Monte Carlo median,
    5-95% interval, rank interval and the probability of each level. `groups` adds your own
    (["Quad=AUS,IND,JPN"], or files with a [groups] table). With scenario="FILE.toml" the result
    is the heat map before and after the scenario, largest change first (a ScenarioResult).
    """
    _check_draws(draws, seed)
    ctx = _context(data, method, year, groups, scenario)
    if ctx.scenario is not None:
        return ScenarioResult.model_validate(_clean(queries.scenario_changes(ctx, uncertainty, draws, seed)))
    return _models(Score, queries.heatmap(ctx, uncertainty, draws, seed))


def score(country: str, year: Optional[int] = None, *, data: Optional[str] = None,
          method: Optional[str] = None, uncertainty: bool = False, draws: int = 1000, seed: int = 1,
          groups: Optional[list[str]] = None, scenario: Optional[str] = None) -> Union[Score, WhatIf]:
    """One country or group, as `hedge score COUNTRY` (under a scenario: a WhatIf, before and after)."""
    return scores([country], year, data=data, method=method, uncertainty=uncertainty, draws=draws, seed=seed,
                  groups=groups, scenario=scenario)[0]


def scores(countries: list[str], year: Optional[int] = None, *, data: Optional[str] = None,
           method: Optional[str] = None, uncertainty: bool = False, draws: int = 1000,
           seed: int = 1, groups: Optional[list[str]] = None,
           scenario: Optional[str] = None) -> Union[list[Score], list[WhatIf]]:
    """Several countries or groups, in the order given (each once), as `hedge score A B ...`."""
    if isinstance(countries, str):
        raise UsageError("scores takes a list of countries; score takes one")
    _check_draws(draws, seed)
    ctx = _context(data, method, year, groups, scenario)
    records = queries.scores(ctx, _codes(ctx, countries), uncertainty, draws, seed)
    return _models(WhatIf if ctx.scenario is not None else Score, records)


def what_if(country: str, settings: dict[str, float], year: Optional[int] = None, *,
            data: Optional[str] = None, method: Optional[str] = None) -> WhatIf:
    """A country before and after setting indicators, as `hedge score COUNTRY --set I=V ...`:
    what_if("germany", {"security.us_troops": 0}). Nothing on disk changes."""
    if not isinstance(settings, dict) or not settings:
        raise UsageError("what_if needs settings as {indicator: value}, e.g. {'security.us_troops': 0}")
    ctx = _context(data, method, year)
    return WhatIf.model_validate(_clean(queries.what_if(ctx, _codes(ctx, country), settings)[0]))


def explain(country: str, year: Optional[int] = None, *, data: Optional[str] = None,
            method: Optional[str] = None, scenario: Optional[str] = None) -> Explanation:
    """Each indicator's points and what would move each level, as `hedge explain COUNTRY`:
    explain("germany").explained("reversal").contributions."""
    ctx = _context(data, method, year, scenario=scenario)
    return Explanation.model_validate(_clean(queries.explain(ctx, _codes(ctx, country)[0])))


def compare(countries: list[str], year: Optional[int] = None, *, data: Optional[str] = None,
            method: Optional[str] = None, groups: Optional[list[str]] = None,
            scenario: Optional[str] = None) -> Comparison:
    """Scores and parts side by side with the largest differences, as `hedge compare A B ...`."""
    ctx = _context(data, method, year, groups, scenario)
    return Comparison.model_validate(_clean(queries.compare(ctx, _codes(ctx, countries))))


def trend(country: Union[str, list[str]], since: Optional[int] = None, *, data: Optional[str] = None,
          method: Optional[str] = None, groups: Optional[list[str]] = None) -> list[TrendYear]:
    """A country's scores every year from `since` to the latest, as `hedge trend COUNTRY`; a
    list of countries gives their years one after another, as `hedge trend A B`."""
    ctx = _context(data, method, groups=groups)
    _, series = queries.trend(ctx, _codes(ctx, country), _whole(since, "since"))
    return _models(TrendYear, [r for one in series for r in one["records"]])


def drift(since: Optional[int] = None, by: Optional[str] = None, *, data: Optional[str] = None,
          method: Optional[str] = None, groups: Optional[list[str]] = None) -> list[Drift]:
    """Every country ranked by how fast score `by` moves (Theil-Sen, points a year), as `hedge drift`."""
    ctx = _context(data, method, groups=groups)
    return _models(Drift, queries.drift(ctx, _whole(since, "since"), by)[2])


def sources(data: Optional[str] = None) -> list[Source]:
    """Every source behind the data, with what it feeds and covers, as `hedge sources`."""
    return _models(Source, queries.sources(queries.load_data(data)))


def export(*, data: Optional[str] = None, method: Optional[str] = None) -> list[ExportRow]:
    """Every country x indicator x year value in use, with provenance and scores, as
    `hedge data export` (to_pandas(export()) is the replication table)."""
    return _models(ExportRow, queries.export(_context(data, method)))


def cite(countries: Optional[list[str]] = None, year: Optional[int] = None, *, data: Optional[str] = None,
         method: Optional[str] = None, format: str = "csl-json") -> Union[list[Reference], str]:
    """hedge and the sources behind the data (or behind these countries' scores), as `hedge
    cite`: CSL-JSON items (Reference models), or with format="bibtex" or "text" the text the
    command prints."""
    from . import citation

    if isinstance(countries, str):
        countries = [countries]
    if format not in ("csl-json", "bibtex", "text"):
        raise UsageError(f"unknown format {format!r}; choose csl-json, bibtex or text")
    ctx = _context(data, method, year)
    entries = _clean(queries.cite(ctx, _codes(ctx, countries) if countries else None))
    if format == "bibtex":
        return citation.bibtex(entries)
    if format == "text":
        return citation.text(entries)
    return _models(Reference, entries)


def entities(data: Optional[str] = None) -> list[Entity]:
    """Every country and group in the data with its codes, as `hedge list`."""
    return _models(Entity, queries.entities(queries.load_data(data)))


def presets() -> list[MethodInfo]:
    """The shipped methods, as `hedge method list`."""
    return _models(MethodInfo, queries.methods())


def sensitivity(year: Optional[int] = None, *, data: Optional[str] = None, method: Optional[str] = None,
                draws: int = 1000, seed: int = 1) -> list[Sensitivity]:
    """Which assumption moves which country's scores most, as `hedge sensitivity`."""
    _check_draws(draws, seed)
    return _models(Sensitivity, queries.sensitivity(_context(data, method, year), draws, seed))


def validate(year: Optional[int] = None, *, data: Optional[str] = None, method: Optional[str] = None,
             draws: int = 1000, seed: int = 1) -> Validation:
    """How far the scores agree with the reference heat map and outside measures, and how stable
    each level is, as `hedge validate`."""
    _check_draws(draws, seed)
    return Validation.model_validate(_clean(queries.validate(_context(data, method, year), draws, seed)))


def diff(methods: Optional[list[str]] = None, data: Optional[list[str]] = None,
         year: Optional[int] = None) -> list[DiffRow]:
    """Which countries change between two methods or two data files, largest change first, as
    `hedge diff`: diff(methods=["v1", "v2"]), or diff(data=["old.json", "new.json"])."""
    for name, given in (("methods", methods), ("data", data)):
        if given is not None and (isinstance(given, (str, os.PathLike)) or not isinstance(given, (list, tuple))):
            raise UsageError(f"diff takes {name} as a list of one or two, e.g. {name}=[{given!r}]")
    methods = [_path(m, "methods") for m in methods or ()]
    data = [_path(d, "data") for d in data or ()]
    return _models(DiffRow, queries.diff(methods, data, _whole(year, "year")).rows)


def to_pandas(results):
    """A pandas DataFrame with the columns `--format csv` gives for the same result: a score's
    documented columns, an explanation's points, a comparison's measures. pandas is not a
    dependency of hedge: install it to use this."""
    try:
        import pandas
    except ImportError:
        raise HedgeError("to_pandas needs pandas: pip install pandas") from None
    from . import render

    items = results if isinstance(results, list) else [results]
    rows = []
    for item in items:
        doc = item.model_dump()
        if isinstance(item, Explanation):
            rows += [render.flatten(r) for r in queries.explain_points(doc)]
        elif isinstance(item, Comparison):
            rows += [render.flatten(r) for r in queries.compare_lines(doc)]
        elif isinstance(item, Validation):
            rows += [render.flatten(r) for r in queries.validate_lines(doc)]
        elif isinstance(item, ScenarioResult):  # a row per country and group, as its CSV
            rows += [render.flatten(r) for r in doc["rows"]]
        elif isinstance(item, WhatIf):
            rows.append(render.what_if_row(doc))
        elif isinstance(item, Score):
            rows.append(render.score_row(doc))
        else:
            rows.append(render.flatten(doc))
    return pandas.DataFrame(rows)


FIGURES = ("heatmap", "map", "trend", "brief")


def figure(kind: str, countries: Union[str, list[str], None] = None, *, output=None, format: Optional[str] = None,
           year: Optional[int] = None, data: Optional[str] = None, method: Optional[str] = None,
           groups: Optional[list[str]] = None, scenario: Optional[str] = None, uncertainty: bool = False,
           draws: int = 1000, seed: int = 1, pillars: bool = False, group_by: str = "region",
           score: Optional[str] = None, region: str = "world", since: Optional[int] = None,
           title: Optional[str] = None, subtitle: Optional[str] = None, note: Optional[str] = None,
           width: Optional[float] = None, height: Optional[float] = None, page: Optional[str] = None,
           force: bool = False):
    """A figure, as `hedge heatmap|map|trend --output` and `hedge brief --output` draw it:
    figure("heatmap"), figure("map", score="both", region="europe"), figure("trend", ["japan",
    "korea"]), figure("brief", "germany", format="pdf").

    Returns the file's bytes (`format`: svg, png or pdf; a brief html or pdf; default svg, a brief
    html), or with `output` (a path whose extension gives the format) writes the file atomically,
    an existing one kept unless force=True, and returns its Path. The editor's controls (title,
    subtitle, note, width, height, page) and every other option are the command's, with the
    same checks: a problem raises HedgeError with the command line's message.
    """
    from pathlib import Path

    from . import figures, plots

    if kind not in FIGURES:
        raise UsageError(f"figure kind {kind!r}: choose {', '.join(FIGURES)}")
    formats = ("html", "pdf") if kind == "brief" else figures.FORMATS
    target = _path(output, "output")
    if target is not None:
        fmt = Path(target).suffix.lower().lstrip(".")
        fmt = "html" if fmt == "htm" else fmt
        if format is not None and format.lower() != fmt:
            raise UsageError(f"format {format} disagrees with output {target}")
    else:
        fmt = (format or formats[0]).lower()
    if fmt not in formats:
        raise UsageError(f"a {kind} is {', '.join('.' + f for f in formats)}, not {fmt!r}")
    if kind in ("trend", "brief") and not countries:
        raise UsageError(f"a {kind} needs a country" + ("" if kind == "brief" else " or a list of them"))
    if kind in ("heatmap", "map") and countries:
        raise UsageError(f"a {kind} shows every country; countries= is for a trend or a brief")
    if uncertainty and kind in ("map", "brief"):
        raise UsageError("uncertainty shapes a heatmap or a trend; a brief always has it, a map never")
    _check_draws(draws, seed)
    style = figures.editorial(title, subtitle, note, width, height, page)
    if target is not None:
        from .fileio import check_output

        try:
            check_output(target, force)
        except FileExistsError:
            raise UsageError(f"{target} exists; use force=True to replace it") from None
    ctx = _context(data, method, year, groups, scenario)
    if kind == "heatmap":
        payload = plots.heatmap(ctx, fmt, pillars=pillars, group_by=group_by, uncertainty=uncertainty, draws=draws,
                                seed=seed, style=style)
    elif kind == "map":
        payload = plots.choropleth(ctx, fmt, score=score, region=region, style=style)
    elif kind == "trend":
        payload = plots.trend(ctx, _codes(ctx, countries), fmt, since=_whole(since, "since"), uncertainty=uncertainty,
                              draws=draws, seed=seed, style=style)
    else:
        payload = plots.brief(ctx, _codes(ctx, countries)[0], fmt, since=_whole(since, "since"), draws=draws,
                              seed=seed)
    if target is None:
        return payload
    from .errors import DataError
    from .fileio import publish

    try:
        publish(target, payload, force)
    except FileExistsError:
        raise UsageError(f"{target} exists; use force=True to replace it") from None
    except OSError as exc:
        raise DataError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Path(target)


def _check_draws(draws: int, seed: int) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise UsageError(f"draws must be a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}, not {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UsageError(f"seed must be a whole number of 0 or more, not {seed!r}")


def _context(data=None, method=None, year=None, groups=None, scenario=None) -> queries.Context:
    """The command line's context, from arguments checked as the command line checks its options:
    a wrong type is a HedgeError naming the argument, not a TypeError from deep inside."""
    if groups is not None and (isinstance(groups, (str, bytes)) or not isinstance(groups, (list, tuple))
                               or not all(isinstance(g, (str, os.PathLike)) for g in groups)):
        raise UsageError(f"groups takes a list of NAME=MEMBERS or file names, e.g. groups=['Quad=AUS,IND,JPN'], "
                         f"not {groups!r}")
    return queries.context(_path(data, "data"), _path(method, "method"), _whole(year, "year"),
                           [os.fspath(g) for g in groups or ()], _path(scenario, "scenario"))


def _whole(value, name: str):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise UsageError(f"{name} must be a whole number, not {value!r}")
    return value


def _path(value, name: str):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise UsageError(f"{name} must be a file name (or a preset name for method), not {value!r}")


def _codes(ctx, names) -> list[str]:
    """Names, codes or aliases (one, or a list) to codes, as the command line resolves them."""
    listed = [names] if isinstance(names, str) else names
    if not isinstance(listed, (list, tuple)) or not listed or not all(isinstance(n, str) for n in listed):
        raise UsageError(f"expected a country or group name, or a list of them, not {names!r}")
    return queries.codes_of(ctx, listed)


def _clean(doc):
    from .render import clean

    return clean(doc)


def _models(model, docs: list[dict]) -> list:
    return [model.model_validate(d) for d in _clean(docs)]

