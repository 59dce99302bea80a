"""Each figure and the brief from a question (queries.Context), with the checks a figure needs:
one code path for the commands (cli.py) and the Python API (api.figure). Scoring is queries';
drawing is figures' and brief's; this module only gathers what they draw and refuses what they
cannot (a year with no scores, an unknown region, a group's brief).
"""

from __future__ import annotations

from .errors import DataError, UsageError
from .figures import PLAIN, Editorial

GROUP_BY = ("region", "group", "none")


def data_credit(dataset) -> str | None:
    """How a figure names its data: None for the shipped file, else the file's name."""
    from pathlib import Path

    from .data import shipped_path

    try:
        if Path(dataset.origin).resolve() == shipped_path().resolve():
            return None
    except (OSError, ValueError):
        pass
    return "standard input" if dataset.origin == "<stdin>" else Path(dataset.origin).name


def credits(dataset, method, codes, year: int) -> str:
    """The figure's source line: the main sources of the values behind `codes` in `year`."""
    from . import figures

    return figures.credit(figures.sources_used(dataset, method, codes, year), dataset.sources)


def _scored(records, method, year: int, constructs=None) -> None:
    """A figure of a year with no scores is a data error: no score at all, or (`constructs`)
    none of a score it is to draw."""
    if constructs is None:
        if not any(r[f"{c}_score"] is not None for r in records for c in method.constructs):
            raise DataError(f"no country has a score in {year}; try another --year")
        return
    for c in constructs:
        if not any(r[f"{c}_score"] is not None for r in records):
            raise DataError(f"no country has a {c} score in {year}; try another --year")


def heatmap(ctx, fmt: str, *, pillars: bool = False, group_by: str = "region", uncertainty: bool = False,
            draws: int = 1000, seed: int = 1, style: Editorial = PLAIN, progress=None, records=None) -> bytes:
    """The heat map figure of `ctx` (under a scenario: the scores after it, beside those before)."""
    from . import figures, queries

    group_by = group_by.lower()
    if group_by not in GROUP_BY:
        raise UsageError(f"--group-by {group_by}: choose region, group or none")
    method, year, dataset = ctx.method, ctx.year, ctx.dataset
    if records is None:
        records = queries.heatmap(queries.Context(dataset, method, year), uncertainty, draws, seed, progress)
    _scored(records, method, year)
    groups = {g.code: list(g.members) for g in dataset.groups}
    first = next(iter(method.constructs))
    before = None
    if ctx.scenario is not None:  # the scores without it, beside those under it
        before = {r["code"]: r for r in queries.heatmap(queries.Context(ctx.baseline, method, year))}
    return figures.heatmap(figures.blocks(records, group_by, groups, first), method, year, fmt, pillars,
                           {"draws": draws, "seed": seed} if uncertainty else None, data_credit(dataset),
                           under=None if ctx.scenario is None else ctx.scenario.title(), before=before,
                           sources=credits(dataset, method, [r["code"] for r in records], year), style=style)


def constructs_of(method, score: str | None) -> list[str]:
    """--score: a construct of the method (default its first), or both (all of them)."""
    names = list(method.constructs)
    if score is None:
        return names[:1]
    if score.lower() in ("both", "all"):
        return names
    if score not in names:
        raise UsageError(f"--score {score}: not a score of method {method.name} ({', '.join(names)})")
    return [score]


def choropleth(ctx, fmt: str, *, score: str | None = None, region: str = "world", style: Editorial = PLAIN) -> bytes:
    """The map of one score, or of both side by side."""
    from . import figures, render, scoring
    from .regions import VIEWS

    region = region.lower()
    if region not in VIEWS:
        raise UsageError(f"--region {region}: choose {', '.join(VIEWS)}")
    method, year, dataset = ctx.method, ctx.year, ctx.dataset
    names = constructs_of(method, score)
    records = [render.record(r, method, dataset)
               for r in scoring.score_all(dataset, year, method, [e.code for e in dataset.countries])]
    _scored(records, method, year, names)
    return figures.choropleth(records, method, names if len(names) > 1 else names[0], region, year, fmt,
                              figures.load_geometry(), data_credit(dataset),
                              credits(dataset, method, [r["code"] for r in records], year), style)


def trend(ctx, codes: list[str], fmt: str, *, since: int | None = None, uncertainty: bool = False,
          draws: int = 1000, seed: int = 1, style: Editorial = PLAIN, working=None) -> bytes:
    """The trend figure of `codes` (small multiples past six); `working(label, work)`: a context
    manager around the Monte Carlo (the command line's bar)."""
    import contextlib

    from . import figures, queries

    method, dataset, last = ctx.method, ctx.dataset, ctx.year
    _first, series = queries.trend(ctx, codes, since)
    records = [r for one in series for r in one["records"]]
    bands = None
    if uncertainty:
        from . import uncertainty as mc

        # only the years with a score to draw a band around (hedging starts in 2009, not 2000)
        years = sorted({r["year"] for r in records if any(r[f"{c}_score"] is not None for c in method.constructs)})
        with (working or (lambda work, label: contextlib.nullcontext()))(draws * len(years) * len(codes),
                                                                          f"Monte Carlo, {len(years)} years"):
            bands = {"draws": draws, "seed": seed, "years": years,
                     **mc.run_years(dataset, years, method, draws, seed, codes)}
    labels = {k: v.get("name") or k for k, v in dataset.indicators.items()}
    return figures.trend(series, method, fmt, data_credit(dataset), bands, sources=credits(dataset, method, codes, last),
                         labels=labels, style=style)


def brief(ctx, code: str, fmt: str, *, since: int | None = None, draws: int = 1000, seed: int = 1,
          working=None) -> bytes:
    """The brief on one country: "html" (one self-contained page) or "pdf" (one A4 page)."""
    import contextlib

    from . import brief as briefing

    method, year, dataset = ctx.method, ctx.year, ctx.dataset
    if dataset.entities[code].kind == "group":
        raise UsageError(f"brief takes a country; {code} is a group (try 'hedge score {code}')")
    first = since if since is not None else dataset.first_year
    if not dataset.first_year <= first <= year:
        raise UsageError(f"--since {first} must be between {dataset.first_year} and {year}")
    with (working or (lambda work, label: contextlib.nullcontext()))(draws * (year - first + 2), "Monte Carlo"):
        doc = briefing.compose(dataset, code, year, method, draws, seed, first, data_credit(dataset))
    if all(c["score"] is None for c in doc["constructs"]):
        raise DataError(f"{doc['record']['name']} has no score in {year}; try another --year")
    return briefing.to_pdf(doc) if fmt == "pdf" else briefing.to_html(doc).encode("utf-8")
