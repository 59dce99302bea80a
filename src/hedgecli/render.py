"""Every output format in one place: results in, text out. Scoring knows nothing of this.

json / ndjson / csv / markdown and the plain table need only the standard library; Rich is
imported only to draw a coloured table on a terminal, so scripts do not pay for it.
"""

from __future__ import annotations

import csv
import io
import json

from .dataset import Dataset, Observation
from .method import LEVELS
from .scoring import ENGAGEMENT_PILLARS, PILLARS, REVERSAL_SOURCES, Result

FORMATS = ("table", "json", "csv", "ndjson", "markdown")
LEVEL_STYLE = dict(zip(LEVELS, ("green", "chartreuse3", "yellow", "dark_orange", "red")))
WHAT_IF_TITLE = "what-if (set by you)"
SUMMARY_FIELDS = ("code", "name", "kind", "year", "hedging_score", "hedging_level",
                  "reversal_score", "reversal_level")
LIST_SEP = "; "  # one cell holding a list (CSV, tables): items may contain spaces
# nested objects whose CSV columns take the singular: pillar_trade, component_anchor
CSV_PREFIX = {"pillars": "pillar", "components": "component"}


def join_list(items) -> str:
    """A list in one cell, the same way in every format: "a; b; c"."""
    return LIST_SEP.join(str(v) for v in items)


def no_negative_zero(value):
    """0.0 for -0.0 (a rounded slope or points of -0.001 must not print as "-0.0")."""
    return 0.0 if isinstance(value, float) and value == 0 else value


# ---------------------------------------------------------------- records (the JSON contract)

def note(result: Result) -> str:
    """A short, computed reading of the result: what drives engagement, how firm the anchor is."""
    parts = []
    engaged = {p: result.pillars.get(p) for p in ENGAGEMENT_PILLARS if result.pillars.get(p) is not None}
    if engaged:
        parts.append(f"engagement led by {max(engaged, key=engaged.get)}")
    anchor = result.components.get("anchor")
    if anchor is not None:
        parts.append("US anchor " + ("strong" if anchor >= 75 else "moderate" if anchor >= 40 else "weak"))
    if result.lacking:
        parts.append("no data for " + ", ".join(result.lacking))
    if result.kind == "country":
        if result.missing:
            parts.append(f"{len(result.missing)} missing")
        if result.stale:
            parts.append(f"{len(result.stale)} carried forward")
    else:
        parts.append(f"{len(result.members)} members")
        # a group's score averages the members that have one: say so when that is not all
        parts += [f"{construct}: {len(scored)} of {len(result.members)} members scored"
                  for construct, scored in result.members_scored.items() if len(scored) < len(result.members)]
    return "; ".join(parts)


def record(result: Result, data: Dataset | None = None) -> dict:
    rec = {
        "code": result.code,
        "name": result.name,
        "kind": result.kind,
        "year": result.year,
        "hedging_score": result.hedging_score,
        "hedging_level": result.hedging_level,
        "reversal_score": result.reversal_score,
        "reversal_level": result.reversal_level,
        "pillars": {p: result.pillars.get(p) for p in PILLARS},
        "components": dict(result.components),
        "note": note(result),
    }
    if result.kind == "group":
        rec["members"] = list(result.members)
        rec["members_scored"] = {k: list(v) for k, v in result.members_scored.items()}
        rec["missing_parts"] = result.lacking
        return rec
    rec["missing"] = result.missing
    rec["missing_parts"] = result.lacking
    rec["stale"] = result.stale
    rec["indicators"] = [
        {
            "indicator": t.indicator,
            "part": t.part,
            "value": None if t.observation is None else t.observation.value,
            "unit": None if t.observation is None else t.observation.unit,
            "year": None if t.observation is None else t.observation.year,
            "age": None if t.observation is None else t.observation.age,
            "source": None if t.observation is None else t.observation.source,
            "source_title": _source_title(data, t.observation),
            "from_year": None if t.earlier is None else t.earlier.year,
            "from_value": None if t.earlier is None else t.earlier.value,
            "score": None if t.score is None else round(t.score, 1),
            "weight": t.weight,
        }
        for t in result.terms
    ]
    return rec


def _source_title(data: Dataset | None, obs: Observation | None) -> str | None:
    """The title of a value's source; a what-if value says it was set by the user (it keeps the
    replaced value's source id, which the drift check compares)."""
    if obs is None:
        return None
    if obs.what_if:
        return WHAT_IF_TITLE
    if data is None or obs.source not in data.sources:
        return None
    return data.sources[obs.source]["title"]


def score_row(rec: dict) -> dict:
    """The documented CSV row of a score record (scripts rely on these columns, in this order):
    the summary fields, each pillar as pillar_<name>, the note; with --uncertainty, the Monte
    Carlo columns after them (see uncertainty_columns)."""
    row = {k: rec.get(k) for k in SUMMARY_FIELDS}
    row.update({f"pillar_{p}": v for p, v in rec["pillars"].items()})
    row["note"] = rec["note"]
    if "uncertainty" in rec:
        row.update(uncertainty_columns(rec))
    return row


def _slug(level: str) -> str:
    return level.lower().replace("-", "_")


def uncertainty_columns(rec: dict) -> dict:
    """Per score: median, 5th and 95th percentiles, rank interval (countries), the probability of
    the level reported (p_level) and of each level (p_low ... p_high); then draws and seed."""
    u = rec["uncertainty"]
    row = {}
    for construct in ("hedging", "reversal"):
        s = u[construct]
        level = rec[f"{construct}_level"]
        row.update({f"{construct}_median": s["median"], f"{construct}_p5": s["p5"], f"{construct}_p95": s["p95"],
                    f"{construct}_rank_p5": s["rank_p5"], f"{construct}_rank_p95": s["rank_p95"],
                    f"{construct}_p_level": s["levels"].get(level) if level else None})
        row.update({f"{construct}_p_{_slug(lv)}": s["levels"].get(lv) for lv in LEVELS})
    row.update(draws=u["draws"], seed=u["seed"])
    return row


def what_if_row(rec: dict) -> dict:
    """The CSV row of a what-if: the settings, then the score columns before and after (the
    documented ones, so that a file's columns do not depend on which countries it holds)."""
    return flatten({**rec, "before": score_row(rec["before"]), "after": score_row(rec["after"])})


def flatten(rec: dict, prefix: str = "") -> dict:
    """A CSV row from a record of any shape: nested objects become prefix_key columns (pillars
    and components as pillar_ and component_, as in the heatmap's CSV), a list of plain values
    one cell joined with "; ". Lists of objects are left out: a cell cannot hold a table (json
    and ndjson carry them)."""
    row = {}
    for key, value in rec.items():
        name = prefix + str(key)
        if isinstance(value, dict):
            row.update(flatten(value, prefix + CSV_PREFIX.get(str(key), str(key)) + "_"))
        elif not isinstance(value, list):
            row[name] = value
        elif not any(isinstance(v, (dict, list)) for v in value):
            row[name] = join_list(value)
    return row


# ---------------------------------------------------------------- serialisers

def serialise(records: list[dict], fmt: str, document=None, csv_row=None) -> str | None:
    """Every command's machine output: json prints `document` (default: the list of records),
    ndjson a record a line, csv a `csv_row(record)` a line (default: `flatten`). None for
    table and markdown, which each command lays out for people."""
    if fmt == "json":
        return to_json(records if document is None else document)
    if fmt == "ndjson":
        return to_ndjson(records)
    if fmt == "csv":
        return to_csv([(csv_row or flatten)(r) for r in records])
    return None


def to_json(records: list[dict] | dict) -> str:
    return _dumps(records, indent=2) + "\n"


def to_ndjson(records: list[dict]) -> str:
    return "".join(_dumps(r) + "\n" for r in records)


def _dumps(value, indent: int | None = None) -> str:
    # json writes -0.0 as it is; a rounded slope or point of -0.001 must read 0.0
    return json.dumps(_clean(value), indent=indent, ensure_ascii=False)


def _clean(value):
    """The document with every -0.0 made 0.0."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return no_negative_zero(value)


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    # rows may differ in their keys (countries and groups, stale indicators): the header is
    # every column in the order first seen, and a row without one leaves its cell empty
    columns = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    return buf.getvalue()


def _csv_safe(value):
    """Neutralise cells a spreadsheet would run as a formula (= + - @ at the start) and
    control characters a terminal would run as escape sequences."""
    if value is None:
        return ""
    value = no_negative_zero(value)
    if isinstance(value, str):
        value = _plain(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def _cell(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return _unsigned_zero(f"{value:.1f}")
    if isinstance(value, (list, tuple)):
        return join_list(value)
    return str(value)


def _unsigned_zero(text: str) -> str:
    """"0.0" for "-0.0" and "0.00" for "+0.00"/"-0.00": a number that shows as zero has no sign."""
    digits = text.lstrip("+-")
    return digits if digits.replace(",", "").strip("0.") == "" else text


def to_markdown(header: list[str], rows: list[list]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(_plain(h)) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(esc(_plain(_cell(v))) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_text(text: str) -> str:
    """Text for a markdown document: control characters replaced, the characters that would
    start markup (emphasis, links, code, HTML, table cells) escaped. An underscore inside a
    word (trade.china_tilt) is not emphasis and stays as it is."""
    return "".join("\\" + ch if ch in "\\`*[]<|" else ch for ch in _plain(text).replace("\n", " "))


def md_title(text: str) -> str:
    """A table's title in markdown: a bold line, then the blank line a table needs."""
    return f"**{md_text(text)}**\n\n"


def md_lines(lines: list[str]) -> str:
    """Notes under a table (largest differences, what would move a level) as a markdown list;
    a line indented by two spaces becomes a sub-item."""
    out = []
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        out.append("  " * depth + "- " + md_text(line.strip()))
    return "\n" + "\n".join(out) + "\n" if out else ""


def table_text(title: str, header: list[str], rows: list[list], level_columns: set[int], style: str,
               color: bool = False, lead: str = "") -> str:
    """One titled table as text: style "rich" (a terminal), "plain" (pipes, .txt files: the title
    line first, no box drawing) or "markdown" (a bold title line). `lead` (sparklines) goes
    between the title and the table."""
    lead = _plain_lines(lead)
    if style == "markdown":
        return md_title(title) + (f"```\n{lead}```\n\n" if lead else "") + to_markdown(header, rows)
    if style == "plain":
        return _plain(title) + "\n" + lead + to_plain(header, rows)
    if lead:
        return _plain(title) + "\n" + lead + rich_table(None, header, rows, level_columns, color)
    return rich_table(title, header, rows, level_columns, color)


def _plain_lines(text: str) -> str:
    return "\n".join(_plain(line) for line in text.split("\n"))


def to_plain(header: list[str], rows: list[list]) -> str:
    """An aligned text table with no colour and no box drawing, for pipes and NO_COLOR."""
    cells = [[_plain(h) for h in header]] + [[_plain(_cell(v)) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n" for r in cells)


def plain(text: str) -> str:
    """Text safe to print: control characters (escape sequences) replaced by '?'."""
    return _plain(text)


def _plain(text: str) -> str:
    # control characters from a data file must not reach the terminal as escape sequences
    return "".join(ch if ch.isprintable() else "?" for ch in text)


# ---------------------------------------------------------------- tables

HEATMAP_HEADER = ["Name", "Hedging level", "Hedging score", "Reversal level", "Reversal score", "Note"]


def heatmap_rows(records: list[dict]) -> list[list]:
    return [[r["name"], r["hedging_level"], r["hedging_score"], r["reversal_level"],
             r["reversal_score"], r["note"]] for r in records]


def _rich_table(title: str | None, header: list[str], rows: list[list], level_columns: set[int]):
    """The Rich table both the terminal and the SVG/HTML export draw; every cell is Text, not
    markup, so data cannot inject [tags], and control characters are replaced."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=None if title is None else Text(_plain(title)), header_style="bold")
    for name in header:
        table.add_column(Text(_plain(name)), justify="right" if "score" in name.lower() else "left")
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = Text(_plain(_cell(value)))
            if i in level_columns and _level_of(value) in LEVEL_STYLE:
                text.stylize(f"bold {LEVEL_STYLE[_level_of(value)]}")
            cells.append(text)
        table.add_row(*cells)
    return table


def rich_table(title: str | None, header: list[str], rows: list[list], level_columns: set[int], color: bool) -> str:
    """A box-drawn table with level cells coloured, rendered to a string for the terminal."""
    from rich.console import Console

    console = Console(file=io.StringIO(), force_terminal=color, no_color=not color,
                      color_system="auto" if color else None, width=_width())
    console.print(_rich_table(title, header, rows, level_columns))
    return console.file.getvalue()


def export_table(title: str, header: list[str], rows: list[list], level_columns: set[int], kind: str,
                 lead: str = "") -> str:
    """The coloured table as a standalone SVG or HTML document (Rich's exporters)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, file=io.StringIO(), width=140, force_terminal=True, color_system="truecolor")
    if lead:  # the title, then the lead (sparklines), then the table
        console.print(Text(_plain(title) + "\n" + _plain_lines(lead).rstrip("\n")))
    console.print(_rich_table(None if lead else title, header, rows, level_columns))
    return console.export_svg(title=_plain(title)) if kind == "svg" else console.export_html()


def _level_of(value) -> str | None:
    """The level in a cell: "High" or, with uncertainty, "High 72%"."""
    if not isinstance(value, str):
        return None
    return value.rsplit(" ", 1)[0] if value.endswith("%") else value


def _width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 24)).columns)


def detail_sections(rec: dict) -> list[tuple[str, list[str], list[list]]]:
    """The breakdown behind one score: pillars, then every indicator with its value and source."""
    pillars = [[p, rec["pillars"][p]] for p in PILLARS]
    comps = [[k, v] for k, v in rec["components"].items()]
    sections = [("Pillars (0-100)", ["pillar", "score"], pillars),
                ("Components (0-100)", ["component", "score"], comps)]
    if rec.get("indicators"):
        rows = [[i["part"], i["indicator"], i["value"] if i["value"] is None else _num(i["value"]),
                 i["unit"], i["year"], i["score"], i["source_title"] or i["source"]]
                for i in rec["indicators"]]
        sections.append(("Indicators", ["part", "indicator", "value", "unit", "year", "score", "source"], rows))
    if rec.get("members"):
        # whether each member counts in the group's scores (those without one are left out)
        scored = rec["members_scored"]
        rows = [[m, *("yes" if m in scored[c] else "no" for c in ("hedging", "reversal"))]
                for m in rec["members"]]
        sections.append(("Members", ["code", "hedging scored", "reversal scored"], rows))
    if "uncertainty" in rec:
        u = rec["uncertainty"]
        sections.append((f"Uncertainty ({u['draws']:,} draws, seed {u['seed']}; level columns: probability)",
                         UNCERTAINTY_HEADER, uncertainty_rows(rec)))
    return sections


UNCERTAINTY_HEADER = ["measure", "median", "5-95%", "rank 5-95%", *LEVELS]


def uncertainty_rows(rec: dict) -> list[list]:
    """Per score: the median over draws, the 5-95% interval, the rank interval among countries
    (1 = highest; none for a group) and the probability of each level."""
    rows = []
    for construct in ("hedging", "reversal"):
        s = rec["uncertainty"][construct]
        if s["median"] is None:
            rows.append([construct, None, None, None, *([None] * len(LEVELS))])
            continue
        ranks = None if s["rank_p5"] is None else f"{s['rank_p5']}-{s['rank_p95']}"
        rows.append([construct, s["median"], f"{s['p5']:.1f}-{s['p95']:.1f}", ranks,
                     *(f"{s['levels'].get(lv, 0.0):.0%}" for lv in LEVELS)])
    return rows


def _num(value: float) -> str:
    return _unsigned_zero(f"{value:,.4g}" if abs(value) < 10 else f"{value:,.0f}")


def no_score_reason(rec: dict, construct: str) -> str:
    """Why a score is null: the parts it needs that have no data."""
    mine = ENGAGEMENT_PILLARS + ("security",) if construct == "hedging" else tuple(REVERSAL_SOURCES)
    parts = [p for p in rec.get("missing_parts", []) if p in mine]
    return "no data for " + ", ".join(parts) if parts else "no data"


def heading(key: str) -> str:
    """A record key as a table header: the same word, spelt for people (hedging_driver ->
    hedging driver)."""
    return key.replace("_", " ")


def headline(rec: dict) -> str:
    return (f"{_plain(rec['name'])} ({_plain(rec['code'])}), {rec['year']}: hedging {_cell(rec['hedging_level'])} "
            f"({_cell(rec['hedging_score'])}), reversal risk {_cell(rec['reversal_level'])} "
            f"({_cell(rec['reversal_score'])})")


# ---------------------------------------------------------------- analyses

def explain_record(result: Result, method, data: Dataset) -> dict:
    """Every indicator's points in each score, and what would move each level."""
    from . import analysis

    def rows(contribs):
        out = []
        for c in contribs:
            obs = c.term.observation
            out.append({"indicator": c.indicator, "part": c.part,
                        "value": obs.value, "unit": obs.unit, "year": obs.year, "age": obs.age,
                        "source": obs.source, "source_title": _source_title(data, obs),
                        "score": round(c.score, 1), "weight": c.term.weight,
                        "points": no_negative_zero(round(c.points, 2))})
        return out

    def gap_rows(construct):
        return [{"direction": g.direction, "to_level": g.target_level, "threshold": g.threshold,
                 "points_needed": g.points,
                 "levers": [{"indicator": lv.indicator, "part": lv.part, "now": lv.now, "needed": lv.needed,
                             "reaches": lv.reaches} for lv in g.levers]}
                for g in analysis.gaps(data, result, method, construct)]

    rec = record(result, data)
    rec.pop("indicators", None)
    for construct in ("hedging", "reversal"):
        rec[construct] = {"contributions": rows(analysis.contributions(result, method, construct)),
                          "moves": gap_rows(construct)}
    return rec


def contribution_rows(section: dict) -> list[list]:
    return [[c["part"], c["indicator"], None if c["value"] is None else _num(c["value"]), c["unit"],
             c["year"], c["score"], _unsigned_zero(f"{c['points']:+.2f}")] for c in section["contributions"]]


def move_lines(construct: str, section: dict) -> list[str]:
    lines = []
    for m in section["moves"]:
        needed = _unsigned_zero(f"{m['points_needed']:+.1f}")
        lines.append(f"{construct} {m['direction']} to {m['to_level']}: {needed} points "
                     f"(threshold {m['threshold']:g})")
        feasible = [lv for lv in m["levers"] if lv["needed"] is not None]
        for lv in feasible:
            beyond = "" if lv["reaches"] == m["to_level"] else f" (reaches {lv['reaches']})"
            lines.append(f"  {lv['indicator']}: {_num(lv['now'])} -> {_num(lv['needed'])} "
                         f"alone would do it{beyond}")
        if not feasible:
            lines.append("  no single indicator can do it alone")
    return lines


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """A one-line chart on the fixed 0-100 scale (not rescaled, so lines compare)."""
    return "".join(" " if v is None else SPARKS[min(7, int(v / 100 * 8))] for v in values)


def trend_records(results: list[Result], changes: list[str | None]) -> list[dict]:
    """Year by year, with the level changes and their drivers (see analysis.level_changes);
    each record names its country, so that the output of several runs can be stacked."""
    return [{"code": r.code, "name": r.name, "year": r.year,
             "hedging_score": r.hedging_score, "hedging_level": r.hedging_level,
             "reversal_score": r.reversal_score, "reversal_level": r.reversal_level,
             "pillars": dict(r.pillars), "components": dict(r.components),
             "missing": r.missing if r.kind == "country" else None, "change": change}
            for r, change in zip(results, changes)]


# ---------------------------------------------------------------- uncertainty

HEATMAP_UNCERTAIN_HEADER = ["Name", "Hedging level", "Hedging score (5-95%)", "Reversal level",
                            "Reversal score (5-95%)", "Note"]


def heatmap_uncertain_rows(records: list[dict]) -> list[list]:
    """Cells like "Medium-High 72%": the level and the share of draws that give it."""
    def cell(rec, construct):
        lvl = rec[f"{construct}_level"]
        if lvl is None:
            return None
        p = rec["uncertainty"][construct]["levels"].get(lvl, 0.0)
        return f"{lvl} {p:.0%}"

    def interval(rec, construct):
        u = rec["uncertainty"][construct]
        if u["median"] is None:
            return None
        return f"{rec[construct + '_score']:.1f} ({u['p5']:.1f}-{u['p95']:.1f})"

    return [[r["name"], cell(r, "hedging"), interval(r, "hedging"), cell(r, "reversal"),
             interval(r, "reversal"), r["note"]] for r in records]


def sensitivity_row(row: dict) -> dict:
    """The table's row: each score's driver and each assumption's share of the variance."""
    out = {"code": row["code"], "name": row["name"]}
    for construct in ("hedging", "reversal"):
        out[f"{construct}_driver"] = row[f"{construct}_driver"]
        for name, v in row[construct].items():
            out[f"{construct}_{name}_share"] = v["share"]
    return out
