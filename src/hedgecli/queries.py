"""What each command answers, as plain data: the documents `--format json` prints.

One code path for the terminal and for notebooks: cli.py formats these documents, api.py types
them with Pydantic. Everything here takes the same names, codes and aliases as the command line
and raises the same HedgeError messages; nothing here prints, exits or imports Rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError, UsageError


@dataclass(frozen=True)
class Context:
    """The data, the method and the year a question is asked of; under a scenario, `dataset`
    holds its changes and `baseline` the data as they are."""

    dataset: object  # dataset.Dataset
    method: object  # method.Method
    year: int
    scenario: object = None  # scenario.Scenario
    baseline: object = None  # dataset.Dataset without the scenario
    applied: tuple = ()  # scenario.Applied, one per change

    def mark(self, doc):
        """A document (or each of a list) with the scenario's name, so that no output under a
        scenario can pass for the baseline."""
        if self.scenario is not None:
            for d in doc if isinstance(doc, list) else [doc]:
                d["scenario"] = self.scenario.name
        return doc


def load_method(spec: str | None):
    """A preset by name, a TOML method file, or (None) the default method."""
    from .method import load

    if spec == "":
        raise UsageError("--method needs a preset name or a file name")
    return load(spec)


def context(data: str | None = None, method: str | None = None, year: int | None = None,
            groups=(), scenario: str | None = None) -> Context:
    """Load the data (None: the shipped file; '-': stdin) and the method, and settle the year
    (None: the latest year the method's indicators cover well). `groups` are --group values
    (NAME=MEMBERS or files) to score as well; `scenario` a scenario file to apply."""
    ctx = context_of(load_method(method), data, year)
    return with_groups_and_scenario(ctx, groups, scenario)


def with_groups_and_scenario(ctx: Context, groups=(), scenario: str | None = None) -> Context:
    from . import groups as user_groups

    specs = [spec for given in groups or () for spec in user_groups.parse(given)]
    loaded = None
    if scenario is not None:
        from . import scenario as scenarios

        loaded = scenarios.load(scenario)
        specs += user_groups.from_table(loaded.groups, loaded.origin)
    dataset = user_groups.add(ctx.dataset, specs)
    if loaded is None:
        return Context(dataset, ctx.method, ctx.year)
    from . import scenario as scenarios

    changed, applied = scenarios.apply(dataset, loaded, ctx.year, ctx.method)
    return Context(changed, ctx.method, ctx.year, loaded, dataset, tuple(applied))


def load_data(path: str | None):
    """The shipped data (None), a JSON or long CSV file, or '-' for stdin."""
    from .data import load

    if path == "":
        raise UsageError("--data needs a file name ('-' reads standard input)")
    return load(path)


def context_of(method, data: str | None, year: int | None) -> Context:
    from .method import unknown_indicators

    dataset = load_data(data)

    unknown = unknown_indicators(method, dataset.indicators)
    if unknown:
        raise DataError(f"method {method.name}: {unknown[0]}: not an indicator the data file defines"
                        + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""))
    if year is None:
        from .method import used_indicators

        year = dataset.latest_common_year(used_indicators(method))
    elif not dataset.first_year <= year <= dataset.last_year:
        raise UsageError(f"year {year} is outside the data ({dataset.first_year}-{dataset.last_year}; "
                         f"scores: {scored(dataset, method)})")
    return Context(dataset, method, year)


def scored(dataset, method) -> str:
    """The years each score covers, for messages: "hedging 2009-2025, reversal 2011-2025"."""
    from .analysis import describe_scored, scored_years

    return describe_scored(scored_years(dataset, method))


def codes_of(ctx: Context, names) -> list[str]:
    """Country and group names, codes or aliases to codes, in order, each once."""
    from .countries import resolve

    if isinstance(names, str):
        names = [names]
    return list(dict.fromkeys(resolve(n, ctx.dataset) for n in names))


# ---------------------------------------------------------------- scores

def heatmap(ctx: Context, uncertainty: bool = False, draws: int = 1000, seed: int = 1,
            progress=None) -> list[dict]:
    """Every country and group, groups first then by name: one score record each (under a
    scenario, each record holds the scores before and after it: see scores)."""
    return scores(ctx, order(ctx.dataset), uncertainty, draws, seed, progress)


def order(dataset) -> list[str]:
    """The heat map's rows: groups first, then countries, each by name."""
    from . import scoring

    return [e.code for e in scoring.entity_order(list(dataset.entities.values()))]


def scores(ctx: Context, codes: list[str], uncertainty: bool = False, draws: int = 1000, seed: int = 1,
           progress=None) -> list[dict]:
    """Score records of `codes` (see codes_of), with Monte Carlo summaries if asked. Under a
    scenario: {code, name, year, method, scenario, before, after} each, as a what-if."""
    if ctx.scenario is not None:
        before = scores(Context(ctx.baseline, ctx.method, ctx.year), codes, uncertainty, draws, seed, progress)
        after = scores(Context(ctx.dataset, ctx.method, ctx.year), codes, uncertainty, draws, seed, progress)
        return [{"code": b["code"], "name": b["name"], "year": ctx.year, "method": ctx.method.name,
                 "scenario": ctx.scenario.name, "before": b, "after": a} for b, a in zip(before, after)]
    from . import render, scoring

    records = [render.record(r, ctx.method, ctx.dataset) for r in scoring.score_all(ctx.dataset, ctx.year,
                                                                                      ctx.method, codes)]
    if uncertainty:
        add_uncertainty(ctx, records, draws, seed, progress)
    return records


def add_uncertainty(ctx: Context, records: list[dict], draws: int, seed: int, progress=None) -> None:
    """Attach each record's Monte Carlo summary (numpy is imported only here)."""
    from . import uncertainty

    results = uncertainty.run(ctx.dataset, ctx.year, ctx.method, draws, seed, [r["code"] for r in records],
                              progress=progress)
    for rec in records:
        rec["uncertainty"] = {"draws": draws, "seed": seed,
                              **{k: dict(v.__dict__) for k, v in results[rec["code"]].items()}}


def scenario_changes(ctx: Context, uncertainty: bool = False, draws: int = 1000, seed: int = 1,
                     progress=None) -> dict:
    """The heat map under a scenario: every country and group's scores and levels before and
    after, largest change first, with what each change did (and with `uncertainty`, the
    probability of each level shown, before and after)."""
    from dataclasses import asdict

    from . import analysis

    method = ctx.method
    rows = analysis.diff((ctx.baseline, method), (ctx.dataset, method), ctx.year)
    if uncertainty:
        from . import uncertainty as monte_carlo

        codes = [r["code"] for r in rows]
        runs = {when: monte_carlo.run(data, ctx.year, method, draws, seed, codes, progress=progress)
                for when, data in (("before", ctx.baseline), ("after", ctx.dataset))}
        for r in rows:
            for c in method.constructs:
                for when, run in runs.items():
                    level = r[f"{c}_level_{when}"]
                    r[f"{c}_p_level_{when}"] = run[r["code"]][c].levels.get(level) if level else None
    for r in rows:
        r["scenario"] = ctx.scenario.name
    doc = {"scenario": {"name": ctx.scenario.name, "description": ctx.scenario.description,
                        "file": ctx.scenario.origin, "changes": [asdict(a) for a in ctx.applied]},
           "year": ctx.year, "method": method.name, "rows": rows}
    if uncertainty:
        doc.update(draws=draws, seed=seed)
    return doc


def what_if(ctx: Context, codes: list[str], settings: dict[str, float] | list[str]) -> list[dict]:
    """Each country's record before and after setting indicators (nothing on disk changes).

    `settings` is {indicator: value} or the command line's ["indicator=value", ...].
    """
    from . import analysis, render, scoring
    from .method import used_indicators

    if isinstance(settings, dict):
        settings = [f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}" for k, v in settings.items()]
    names = [item.partition("=")[0].strip() for item in settings]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"--set {twice[0]} is given more than once; set each indicator once")
    values = analysis.parse_settings(settings, ctx.dataset, scoring.denominators(ctx.method))
    unused = [name for name in values if name not in used_indicators(ctx.method)]
    if unused:
        raise UsageError(f"--set {unused[0]}: the method does not use this indicator, so setting it changes "
                         "nothing ('hedge method show' lists the indicators it scores)")
    records = []
    for code in codes:
        before = scoring.score(ctx.dataset, code, ctx.year, ctx.method)
        changed = analysis.with_overrides(ctx.dataset, code, ctx.year, values, ctx.method.max_age)
        after = scoring.score(changed, code, ctx.year, ctx.method)
        records.append({"code": code, "name": before.name, "year": ctx.year, "method": ctx.method.name,
                        "set": values, "before": render.record(before, ctx.method, ctx.dataset),
                        "after": render.record(after, ctx.method, ctx.dataset)})
    return records


def explain(ctx: Context, code: str) -> dict:
    """Every indicator's points toward each score, and what would move each level."""
    from . import render, scoring

    if ctx.dataset.entities[code].kind == "group":
        raise UsageError(f"explain takes a country; {code} is a group (try 'hedge score {code}')")
    return ctx.mark(render.explain_record(scoring.score(ctx.dataset, code, ctx.year, ctx.method), ctx.method,
                                          ctx.dataset))


def explain_points(doc: dict) -> list[dict]:
    """An explanation as one line per indicator's points, naming the country so that runs stack."""
    return [{"code": doc["code"], "name": doc["name"], "method": doc["method"], **c, "construct": k}
            for k, section in doc.items() if isinstance(section, dict) and "contributions" in section
            for c in section["contributions"]]


def compare(ctx: Context, codes: list[str]) -> dict:
    """Scores and parts side by side, with the three parts that differ most."""
    from . import scoring

    if len(codes) < 2:
        raise UsageError("compare needs at least two different countries or groups")
    method = ctx.method
    results = [scoring.score(ctx.dataset, c, ctx.year, method) for c in codes]
    measures = [(c, lambda r, c=c: r.score(c)) for c in method.constructs]
    n_scores = len(measures)
    measures += [(p, lambda r, p=p: r.pillars.get(p)) for p in method.parts]
    rows = []
    for name, get in measures:
        values = {r.code: get(r) for r in results}
        present = [v for v in values.values() if v is not None]
        spread = round(max(present) - min(present), 1) if len(present) > 1 else None
        rows.append({"measure": name, "values": values, "spread": spread})
    ranked = sorted((r for r in rows[n_scores:] if r["spread"] is not None), key=lambda r: -r["spread"])[:3]
    largest = [{"measure": r["measure"], "spread": r["spread"],
                "highest": max(r["values"], key=lambda k: r["values"][k] if r["values"][k] is not None else -1),
                "lowest": min(r["values"], key=lambda k: r["values"][k] if r["values"][k] is not None else 101)}
               for r in ranked]
    return ctx.mark({"year": ctx.year, "method": method.name, "countries": codes, "rows": rows,
                     "largest_differences": largest})


def compare_lines(doc: dict) -> list[dict]:
    """A comparison as one line per measure, a column per country."""
    return [dict({"measure": r["measure"]}, **r["values"], spread=r["spread"]) for r in doc["rows"]]


# ---------------------------------------------------------------- over time

def trend(ctx: Context, codes: list[str], since: int | None = None) -> tuple[int, list[dict]]:
    """Countries' scores and levels every year from `since` (default: the first in the data) to
    the context's year, each level change named with its driver. Returns (first year, series):
    per country {code, name, records, changes}."""
    from . import analysis, render

    dataset, method, last = ctx.dataset, ctx.method, ctx.year
    first = since if since is not None else dataset.first_year
    if not dataset.first_year <= first <= last:
        raise UsageError(f"--since {first} is outside the data ({dataset.first_year}-{dataset.last_year}; "
                         f"scores: {scored(dataset, method)})")
    series = []
    for code in codes:
        results = analysis.trend(dataset, code, method, first, last)
        series.append({"code": code, "name": dataset.entities[code].name,
                       "records": render.trend_records(results, analysis.level_changes(results, method)),
                       "changes": analysis.level_change_list(results, method)})
    if all(r[f"{c}_score"] is None for one in series for r in one["records"] for c in method.constructs):
        names = ", ".join(one["name"] for one in series)
        raise UsageError(f"{names} {'has' if len(series) == 1 else 'have'} no score in {first}-{last} "
                         f"(scores: {scored(dataset, method)})")
    return first, series


def drift(ctx: Context, since: int | None = None, by: str | None = None) -> tuple[int, str, list[dict]]:
    """Every country and group ranked by the Theil-Sen slope of score `by` (default: reversal)
    from `since` (default: ten years back) to the context's year. Returns (first year, by, rows)."""
    from . import analysis

    dataset, method, last = ctx.dataset, ctx.method, ctx.year
    names = list(method.constructs)
    by = by or ("reversal" if "reversal" in names else names[0])
    if by not in names:
        raise UsageError(f"--by {by}: not a score of method {method.name} ({', '.join(names)})")
    first = since if since is not None else last - 9
    if not dataset.first_year <= first <= last - 2:
        raise UsageError(f"--since {first}: the window must start between {dataset.first_year} and {last - 2}")
    records = [analysis.drift(dataset, code, method, first, last) for code in dataset.entities]
    if all(r[f"{c}_slope"] is None for r in records for c in method.constructs):
        raise UsageError(f"no slope in {first}-{last}: a slope needs three scored years "
                         f"(scores: {scored(dataset, method)})")
    records.sort(key=lambda d: -(d[f"{by}_slope"] if d[f"{by}_slope"] is not None else float("-inf")))
    for r in records:
        r["method"] = method.name
    return first, by, records


# ---------------------------------------------------------------- the data and the method

def entities(dataset) -> list[dict]:
    """Every country and group with its codes (groups first, then by name)."""
    return [{"code": e.code, "name": e.name, "kind": e.kind, "alpha2": e.alpha2,
             "members": list(e.members) if e.kind == "group" else None}
            for e in sorted(dataset.entities.values(), key=lambda e: (e.kind != "group", e.name))]


def sources(dataset) -> list[dict]:
    """Every source with the indicators it feeds and the countries and years it covers."""
    usage = dataset.source_usage()
    records = []
    for sid, src in sorted(dataset.sources.items()):
        u = usage.get(sid, {"indicators": set(), "countries": set(), "years": set()})
        records.append({"id": sid, **src, "indicators": sorted(u["indicators"]),
                        "countries": len(u["countries"]),
                        "years": f"{min(u['years'])}-{max(u['years'])}" if u["years"] else None})
    return records


def export(ctx: Context) -> list[dict]:
    """Every country x indicator x year value in use, with provenance and scores (replication.py)."""
    from . import replication

    return replication.rows(ctx.dataset, ctx.method)


def cite(ctx: Context, codes: list[str] | None = None) -> list[dict]:
    """hedge and the sources behind the data (or behind these countries' scores in the year),
    as CSL-JSON items (citation.py)."""
    from . import citation

    if not codes:
        ids = set(ctx.dataset.source_usage())
    else:
        countries = [m for code in codes for m in (ctx.dataset.entities[code].members or (code,))]
        records = scores(Context(ctx.dataset, ctx.method, ctx.year), list(dict.fromkeys(countries)))
        ids = {v for rec in records for i in rec["indicators"]
               for v in (i["source"], i.get("per_source"), *i.get("pages", ())) if v}
    return citation.items(ctx.dataset.sources, ids - {"what-if", "scenario"})


def methods() -> list[dict]:
    """The shipped methods, oldest first, the default marked."""
    from .method import DEFAULT_NAME, load, presets

    records = []
    for name in presets():
        m = load(name)
        records.append({"name": name, "default": name == DEFAULT_NAME, "constructs": list(m.constructs),
                        "parts": list(m.parts), "description": m.description})
    return records


# ---------------------------------------------------------------- checks of the method

def sensitivity(ctx: Context, draws: int = 1000, seed: int = 1) -> list[dict]:
    """Each country's share of score variance per assumption (weights, goalposts, aggregation, data)."""
    from . import uncertainty

    return uncertainty.sensitivity(ctx.dataset, ctx.year, ctx.method, draws, seed)


def validate(ctx: Context, draws: int = 1000, seed: int = 1) -> dict:
    """Agreement with the reference heat map, outside measures (FBIC) and level stability."""
    from . import validation

    return validation.report(ctx.dataset, ctx.year, ctx.method, draws, seed, validation.load_measures())


def validate_lines(doc: dict) -> list[dict]:
    """A validation report as one line per check."""
    lines = ([{"check": "seed_cell", **r} for r in doc["seed_cells"]]
             + [{"check": "seed_pair", **{k: v for k, v in r.items() if k != "indicators"}} for r in doc["seed_pairs"]]
             + [{"check": "correlation", **r} for r in doc["correlations"]]
             + [{"check": "target", **r} for r in doc.get("targets", [])]
             + [{"check": "group_order", **{k: v for k, v in r.items() if k != "groups"},
                 "means": {g["group"]: g["mean"] for g in r["groups"]}} for r in doc.get("group_orders", [])]
             + [{"check": "jump", **r} for r in doc.get("jumps", {}).get("list", [])]
             + [{"check": "stability", **r} for r in doc["stability"]])
    for line in lines:
        line["method"] = doc["method"]
    return lines


@dataclass(frozen=True)
class Diff:
    rows: list[dict]
    year: int
    what: str  # "method v1 -> v2" or "data A -> B"
    constructs: list[str]  # the scores both sides have


def diff(methods: list[str] | None = None, datas: list[str] | None = None, year: int | None = None) -> Diff:
    """Which countries change score and level between two methods or two data files, largest
    change first. One method or data file is compared with the default or the shipped data."""
    from . import analysis

    methods, datas = list(methods or []), list(datas or [])
    if len(methods) > 2 or len(datas) > 2:
        raise UsageError("diff compares two things: give --method at most twice and --data at most twice")
    if not methods and not datas:
        raise UsageError("diff needs two methods (--method A --method B) or two data files (--data A --data B)")
    # two data files may be compared under one method (--method given once); two methods are
    # compared on the shipped data only (with a --data, the two sides would differ in both)
    if len(methods) == 2 and datas or len(datas) == 2 and len(methods) > 1:
        raise UsageError("diff changes one thing at a time: two methods on one data file, or two data files under one method")
    method_a = load_method(methods[0] if methods else None)
    method_b = load_method(methods[1]) if len(methods) == 2 else (method_a if datas else load_method(None))
    a = context_of(method_a, datas[0] if datas else None, year)
    b = context_of(method_b, datas[1] if len(datas) == 2 else (None if len(datas) == 1 else datas[0] if datas else None),
                   a.year)
    rows = analysis.diff((a.dataset, method_a), (b.dataset, method_b), a.year)
    by_method = method_a.name != method_b.name or not datas
    what = (f"method {method_a.name} -> {method_b.name}" if by_method
            else f"data {a.dataset.origin} -> {b.dataset.origin}")
    for r in rows:
        r["before"], r["after"] = ((method_a.name, method_b.name) if not datas
                                   else (a.dataset.origin, b.dataset.origin))
    return Diff(rows, a.year, what, [c for c in method_a.constructs if c in method_b.constructs])
