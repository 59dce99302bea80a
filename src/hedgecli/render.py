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
from .scoring import Result

FORMATS = ("table", "json", "csv", "ndjson", "markdown")
# One ordered five-colour scale for every level, in the terminal and in figures: ColorBrewer's
# YlOrRd (colour-blind safe, printable); relative luminance falls strictly from Low to High, so
# the order still reads in grayscale (tested).
LEVEL_COLORS = dict(zip(LEVELS, ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")))  # YlOrRd: the alarm
# every other score (hedging: diversification, not danger) on a scale that does not alarm: GnBu
NEUTRAL_COLORS = dict(zip(LEVELS, ("#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac")))
ALARM = ("reversal",)  # the scores drawn on the alarm scale


def level_colors(construct: str) -> dict[str, str]:
    """The five level colours of a score: the alarm scale for reversal risk, else the neutral one."""
    return LEVEL_COLORS if construct in ALARM else NEUTRAL_COLORS


def most_likely(rec: dict, construct: str) -> tuple[str | None, float | None, bool]:
    """The level to show with uncertainty: the Monte Carlo's most likely one, its probability,
    and whether it differs from the level of the score itself (to be marked). Without level
    probabilities: the score's level, None, False."""
    level = rec.get(f"{construct}_level")
    odds = ((rec.get("uncertainty") or {}).get(construct) or {}).get("levels") or {}
    if level is None or not odds:
        return level, None, False
    modal = max(LEVELS, key=lambda lv: (odds.get(lv, 0.0), lv == level))
    return modal, odds.get(modal, 0.0), modal != level
WHAT_IF_TITLE = "what-if (set by you)"
LIST_SEP = "; "  # one cell holding a list (CSV, tables): items may contain spaces
# nested objects whose CSV columns take the singular: pillar_trade, component_anchor
CSV_PREFIX = {"pillars": "pillar", "components": "component"}


def luminance(color: str) -> float:
    """WCAG relative luminance of a "#rrggbb" colour (0 black, 1 white)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_color(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (WCAG contrast ratio)."""
    lum = luminance(background)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


class LevelCell(str):
    """A table cell that shows a level: its text (e.g. "Medium-High  63.9") and the level it is
    coloured by. Plain text and markdown print the text; a Rich table draws a coloured block."""

    level: str | None
    colors: dict | None  # its score's scale (level_colors); None: the alarm scale

    def __new__(cls, level: str | None, text: str, colors: dict | None = None) -> LevelCell:
        cell = super().__new__(cls, text)
        cell.level = level
        cell.colors = colors
        return cell


def join_list(items) -> str:
    """A list in one cell, the same way in every format: "a; b; c"."""
    return LIST_SEP.join(str(v) for v in items)


def no_negative_zero(value):
    """0.0 for -0.0 (a rounded slope or points of -0.001 must not print as "-0.0")."""
    return 0.0 if isinstance(value, float) and value == 0 else value


# ---------------------------------------------------------------- records (the JSON contract)

def constructs(method) -> list[tuple[str, str]]:
    """The method's constructs as (name, label), in the method's order."""
    return [(c.name, c.label) for c in method.constructs.values()]


def scores_title(method) -> str:
    """"Hedging and reversal risk": the constructs' labels as a phrase."""
    labels = [label for _, label in constructs(method)]
    words = [labels[0]] + [label[:1].lower() + label[1:] for label in labels[1:]]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def note(result: Result, method) -> str:
    """A short, computed reading of the result: what leads each gated construct, how firm its
    gate (the US anchor) is, and the data gaps."""
    parts = []
    for c in method.constructs.values():
        if c.rule != "gated":
            continue
        comps = result.components.get(c.name, {})
        engaged = {e.name: comps.get(e.name) for e in c.entries if comps.get(e.name) is not None}
        if engaged:
            parts.append(f"{c.name} led by {max(engaged, key=engaged.get)}")
        for g, _strength in c.gates:
            gate = comps.get(g.name)
            if gate is not None:
                parts.append(f"{g.name} " + ("strong" if gate >= 75 else "moderate" if gate >= 40 else "weak"))
    if result.lacking:
        parts.append("no data for " + ", ".join(result.lacking))
    if result.kind == "country":
        if result.missing:
            parts.append(f"{len(result.missing)} missing")
        if result.stale:
            parts.append(f"{len(result.stale)} carried forward")
        if result.applied_back:
            parts.append(f"{len(result.applied_back)} applied back")
    else:
        parts.append(f"{len(result.members)} member{'s' if len(result.members) != 1 else ''}")
        # a group's score averages the members that have one: say so when that is not all
        parts += [f"{construct}: {len(scored)} of {len(result.members)} members scored"
                  for construct, scored in result.members_scored.items() if len(scored) < len(result.members)]
    return "; ".join(parts)


def record(result: Result, method, data: Dataset | None = None) -> dict:
    rec = {"code": result.code, "name": result.name, "kind": result.kind, "year": result.year,
           "method": result.method}
    for construct in result.scores:
        rec[f"{construct}_score"] = result.score(construct)
        rec[f"{construct}_level"] = result.level(construct)
    rec["pillars"] = dict(result.pillars)
    rec["components"] = {c: dict(v) for c, v in result.components.items()}
    rec["note"] = note(result, method)
    if result.kind == "group":
        rec["members"] = list(result.members)
        rec["members_scored"] = {k: list(v) for k, v in result.members_scored.items()}
        weights = data.entities[result.code].weights if data is not None and result.code in data.entities else None
        if weights is not None:  # a group of yours that weighs its members
            rec["weights"] = weights if isinstance(weights, str) else dict(zip(result.members, weights))
        rec["missing_parts"] = result.lacking
        return rec
    rec["missing"] = result.missing
    rec["missing_parts"] = result.lacking
    rec["stale"] = result.stale
    rec["applied_back"] = result.applied_back
    rec["indicators"] = [indicator_record(t, data, result.code) for t in result.terms]
    return rec


def indicator_record(t, data: Dataset | None, code: str) -> dict:
    """One term: its value with provenance (and for a ratio or change, the values behind it)."""
    obs = t.observation
    out = {
        "indicator": t.indicator,
        "part": t.part,
        "value": None if obs is None else obs.value,
        "unit": None if obs is None else obs.unit,
        "year": None if obs is None else obs.year,
        "age": None if obs is None else obs.age,
        "source": None if obs is None else _source_id(obs),
        "source_title": _source_title(data, obs),
    }
    pages = value_pages(data, code, obs)
    if pages:
        out["pages"] = pages
    out.update(derivation(t))
    out["score"] = None if t.score is None else round(t.score, 1)
    out["weight"] = t.weight
    return out


def value_pages(data: Dataset | None, code: str, obs) -> list[str]:
    """The cited pages (and continued dataset) a stock's value counts, as the data file keeps
    them by year; none for a value the user set (what-if) or one without an observation."""
    if data is None or obs is None or obs.what_if:
        return []
    return data.year_pages(code, obs.indicator, obs.source, obs.year)


def derivation(t) -> dict:
    """For a ratio or a change, the values behind the scored one: `value` is the numerator or the
    end year's level, which alone would mislead (score and explain records share this)."""
    out: dict = {}
    if t.per is not None:
        den = t.denominator
        out["per"] = t.per
        out["per_value"] = None if den is None else den.value
        out["per_source"] = None if den is None else den.source
    if t.change is not None:
        out["change_years"] = t.change
        out["from_year"] = None if t.earlier is None else t.earlier.year
        out["from_value"] = None if t.earlier is None else t.earlier.value
        if t.rule is not None and t.rule.world is not None:
            # the change is from the start moved as the world's moved (scoring.moved)
            out["world_series"] = t.rule.world.series
            if t.rule.world.per:
                out["world_per"] = t.rule.world.per
            out["world_growth"] = None if t.world_growth is None else round(t.world_growth, 6)
            out["world_expected"] = None if t.expected is None else round(t.expected, 6)
    if t.smoothed is not None:
        out["mean_of_changes"] = t.smoothed  # the scored value is the mean of this many changes
        out["end_year_change"] = round(t.end_change, 6)
    if t.per is not None or t.change is not None:
        out["scored_value"] = None if t.value is None or t.observation is None else round(t.value, 6)
    return out


def _source_id(obs: Observation) -> str:
    """The value's source id; a value you changed names what changed it instead."""
    if not obs.what_if:
        return obs.source
    return "scenario" if obs.changed_by else "what-if"


def _source_title(data: Dataset | None, obs: Observation | None) -> str | None:
    """The title of a value's source; a what-if value says it was set by the user."""
    if obs is None:
        return None
    if obs.what_if:
        return obs.changed_by or WHAT_IF_TITLE
    if data is None or obs.source not in data.sources:
        return None
    return data.sources[obs.source]["title"]


def score_row(rec: dict) -> dict:
    """The documented CSV row of a score record (scripts rely on these columns, in this order):
    code, name, kind, year, method, each construct's score and level, each part as
    pillar_<name>, the note; with --uncertainty, the Monte Carlo columns after them (see
    uncertainty_columns)."""
    row = {k: rec.get(k) for k in ("code", "name", "kind", "year", "method")}
    row.update({k: v for k, v in rec.items() if k.endswith(("_score", "_level"))})
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
    for construct, s in u.items():
        if not isinstance(s, dict):
            continue  # draws, seed
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
    """Indented JSON, as json.dumps(indent=2, ensure_ascii=False) writes it but for -0.0."""
    try:
        return _indented(records, 0) + "\n"
    except TypeError:  # a type the fast path does not know (a non-string key): the standard way
        return _dumps(records, indent=2) + "\n"


def to_ndjson(records: list[dict]) -> str:
    return "".join(_dumps(r) + "\n" for r in records)


def _dumps(value, indent: int | None = None) -> str:
    # json writes -0.0 as it is; a rounded slope or point of -0.001 must read 0.0; and NaN or
    # Infinity, which are not JSON, not at all (allow_nan=False)
    try:
        return json.dumps(clean(value), indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise _non_finite() from None


def _non_finite():
    from .errors import DataError

    class NonFinite(DataError, ValueError):  # a ValueError, as json's own refusal is
        pass

    # scoring refuses what would overflow (scoring._finite); this is the last line of defence
    return NonFinite("a number too large to compute reached the output; check the data's largest and smallest values")


def _indented(value, level: int) -> str:
    """json.dumps(indent=2) in a third of its time: with an indent, the json module falls back
    to its pure-Python encoder, and a heat map's JSON is half a megabyte (start-up matters).
    Strings go through the json module's own C escaping; -0.0 becomes 0.0 on the way."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value != value or value in (_INF, -_INF):
            raise _non_finite()  # never valid JSON
        return "0.0" if value == 0 else float.__repr__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "\n" + "  " * (level + 1)
        if not all(isinstance(k, str) for k in value):
            raise TypeError("non-string key")
        return ("{" + ",".join([pad + _string(k) + ": " + _indented(v, level + 1) for k, v in value.items()])
                + "\n" + "  " * level + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        pad = "\n" + "  " * (level + 1)
        return "[" + ",".join([pad + _indented(v, level + 1) for v in value]) + "\n" + "  " * level + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_string = json.encoder.encode_basestring  # the C escaping json.dumps uses with ensure_ascii=False
_INF = float("inf")


def clean(value):
    """The document with every -0.0 made 0.0."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
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
        return _scientific(value) if abs(value) >= LARGE else _unsigned_zero(f"{value:.1f}")
    if isinstance(value, (list, tuple)):
        return join_list(value)
    return str(value)


def _unsigned_zero(text: str) -> str:
    """"0.0" for "-0.0" and "0.00" for "+0.00"/"-0.00": a number that shows as zero has no sign."""
    digits = text.lstrip("+-")
    return digits if digits.replace(",", "").strip("0.") == "" else text


def to_markdown(header: list[str], rows: list[list]) -> str:
    """A markdown table; every cell escaped as md_text escapes text (a data file's "<script>" or
    "[link](...)" stays text in a rendered document)."""
    lines = ["| " + " | ".join(md_text(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_text(_cell(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_text(text: str) -> str:
    """Text for a markdown document: control characters replaced, the characters that would
    start markup (emphasis, links, code, HTML, table cells) escaped. An underscore inside a
    word (trade.china_tilt) is not emphasis and stays as it is."""
    return "".join("\\" + ch if ch in "\\`*[]<|" else ch for ch in _plain(text).replace("\n", " "))


def md_fenced(text: str) -> str:
    """`text` as a markdown code block. Its fence is longer than any run of backticks in it: a
    line of ``` in a scenario's description would otherwise close the block, and what follows
    (an <img onerror>, a heading) would come out as live markdown."""
    import re

    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}\n\n"


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
        return md_title(title) + (md_fenced(lead) if lead else "") + to_markdown(header, rows)
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

def heatmap_table(records: list[dict], method, blocks: bool = False,
                  notes: bool = False) -> tuple[list[str], list[list], set[int]]:
    """The heat map: per construct its level and score, then the note; and which columns hold
    levels (coloured).

    `blocks` (a Rich table: the terminal, --style terminal): one column per construct whose
    cell is the level and the score together, drawn as a block of the level's colour. The note
    column shows only what sets a row apart (data gaps, members scored); `notes`: the full note.
    """
    header, levels = ["Name"], set()
    for _, label in constructs(method):
        levels.add(len(header))
        header += [label] if blocks else [f"{label} level", f"{label} score"]

    def cells(r, name):
        if blocks:
            return [_block(r[f"{name}_level"], _score_text(r[f"{name}_score"]), level_colors(name))]
        return [r[f"{name}_level"], r[f"{name}_score"]]

    rows = [[r["name"], *(x for name, _ in constructs(method) for x in cells(r, name)),
             r["note"] if notes else note_cell(r)] for r in records]
    return header + ["Note"], rows, levels


def scenario_table(doc: dict, method) -> tuple[list[str], list[list], set[int]]:
    """The heat map under a scenario: per score, the level before and after (with their odds
    under --uncertainty) and the score's change; then which levels changed."""
    header, levels = ["Name"], set()
    for name, label in constructs(method):
        if f"{name}_before" not in (doc["rows"][0] if doc["rows"] else {}):
            continue
        levels |= {len(header), len(header) + 1}
        header += [f"{label} before", f"{label} after", f"{label} score"]
    rows = []
    for r in doc["rows"]:
        row = [r["name"]]
        for name, _ in constructs(method):
            if f"{name}_before" not in r:
                continue
            for when in ("before", "after"):
                level, p = r[f"{name}_level_{when}"], r.get(f"{name}_p_level_{when}")
                row.append(level if level is None or p is None else f"{level} {p:.0%}")
            b, a, change = r[f"{name}_before"], r[f"{name}_after"], r[f"{name}_change"]
            row.append("n/a" if b is None or a is None else f"{b:.1f} -> {a:.1f} ({change:+.1f})")
        row.append(join_list(r["levels_changed"]))
        rows.append(row)
    return header + ["Level changed"], rows, levels


def scenario_lead(doc: dict) -> list[str]:
    """What the scenario is and what each change did, for above its table."""
    s = doc["scenario"]
    lines = [s["description"]] if s["description"] else []
    for c in s["changes"]:
        line = f"{c['change']}: {len(c['changed'])} changed"
        if c["skipped"]:
            line += f"; no value to change for {join_list(c['skipped'])}"
        lines.append(line)
    return lines


def _score_text(score: float | None) -> str:
    return "n/a" if score is None else _unsigned_zero(f"{score:5.1f}")


def _block(level: str | None, tail: str, colors: dict | None = None) -> LevelCell:
    """"Medium-High  63.9": the level padded so that every block's tail lines up."""
    width = max(len(lv) for lv in LEVELS)
    return LevelCell(level, f"{level or 'n/a':<{width}} {tail}", colors)


def short_note(rec: dict) -> str:
    """What sets a heat map row apart: a country's data gaps (indicators missing, values carried
    forward, parts with no data), or how many of a group's members each score averages. The
    full reading (what leads, how firm the anchor is) is in `note`, and behind --notes."""
    out = []
    if rec.get("missing_parts"):
        out.append("no data for " + ", ".join(rec["missing_parts"]))
    if rec["kind"] == "group":
        n = len(rec.get("members", []))
        out.append(f"{n} member{'s' if n != 1 else ''}")
        out += [f"{construct} {len(scored)} scored" for construct, scored in rec.get("members_scored", {}).items()
                if len(scored) < n]
    else:
        if rec.get("missing"):
            out.append(f"{len(rec['missing'])} missing")
        if rec.get("stale"):
            out.append(f"{len(rec['stale'])} carried forward")
        if rec.get("applied_back"):
            out.append(f"{len(rec['applied_back'])} applied back")
    return ", ".join(out)


class NoteCell(str):
    """A heat map's note in words, with the terse form a terminal too narrow for the words shows
    ("2m 5c"), explained in a legend under the table. Everywhere else it is the words."""

    terse: str

    def __new__(cls, text: str, terse: str):
        cell = super().__new__(cls, text)
        cell.terse = terse
        return cell


# the terse note's codes, in the order the legend explains them
TERSE_CODES = {"x": "parts with no data", "m": "indicators missing", "c": "carried forward",
               "b": "applied back", "n=": "members", "h": "members with a hedging score",
               "r": "members with a reversal score"}


def terse_note(rec: dict) -> str:
    """short_note in codes: "2m 5c" (2 indicators missing, 5 carried forward); a group "n=10"."""
    out = [f"{len(rec['missing_parts'])}x"] if rec.get("missing_parts") else []
    if rec["kind"] == "group":
        n = len(rec.get("members", []))
        out.append(f"n={n}")
        out += [f"{len(scored)}{construct[0]}" for construct, scored in rec.get("members_scored", {}).items()
                if len(scored) < n]
    else:
        out += [f"{len(rec[key])}{code}" for key, code in (("missing", "m"), ("stale", "c"), ("applied_back", "b"))
                if rec.get(key)]
    return " ".join(out)


def note_cell(rec: dict) -> NoteCell:
    return NoteCell(short_note(rec), terse_note(rec))


def _terse_notes(header: list[str], rows: list[list], level_columns: set[int],
                 width: int) -> tuple[list[list], str]:
    """A heat map too wide for its notes in words at `width`: the rows with each note in codes,
    and the legend of the codes used (else the rows as they are and no legend). A note cut to
    "2 …" says nothing; "2m 5c" under a legend says all of it."""
    if not header or header[-1] != "Note" or not any(isinstance(r[-1], NoteCell) for r in rows if r):
        return rows, ""
    full = [max([len(_plain(_cell(r[i]))) for r in rows if i < len(r)] + [len(header[i])])
            + (2 if i in level_columns else 0) for i in range(len(header))]
    if sum(full) + 2 * len(header) + 1 <= width:
        return rows, ""
    terse = [[*r[:-1], r[-1].terse if isinstance(r[-1], NoteCell) else r[-1]] for r in rows]
    # a token is a count and its code ("5c") or a group's size ("n=10")
    used = {token.lstrip("0123456789") if not token.startswith("n=") else "n="
            for r in terse for token in str(r[-1]).split()}
    parts = [f"{code.rstrip('=')} = {what}" for code, what in TERSE_CODES.items() if code in used]
    return terse, "Note: " + ", ".join(parts) + "; --notes: in words" if parts else ""


def _rich_table(title: str | None, header: list[str], rows: list[list], level_columns: set[int],
                width: int | None = None, note: int = 1):
    """The Rich table both the terminal and the SVG/HTML export draw; every cell is Text, not
    markup, so data cannot inject [tags], and control characters are replaced. A level cell is a
    block filled with its level's colour (text black or white, whichever reads better); names,
    levels and scores never wrap, so that a row is one line when the terminal is wide enough,
    and a last "Note" column is cut short (…) rather than wrapped."""
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    # padding between columns collapses to one space: a narrow terminal keeps its room for words
    # on a narrow terminal the columns close up to one space, with no edges, before a table stacks
    compact = width is not None and not fits(header, rows, level_columns, width, note=note)
    table = Table(title=None if title is None else Text(_plain(title)), header_style="bold", box=box.SIMPLE_HEAD,
                  padding=(0, 0) if compact else (0, 1, 0, 0), show_edge=not compact, pad_edge=False)
    texts = [[_plain(_cell(row[i])) for row in rows if i < len(row)] for i in range(len(header))]
    widths = [max([len(t) for t in column] + [len(_plain(h))]) for column, h in zip(texts, header)]
    # the longest word of a column (a number, an id, a word of a header): never split, so a
    # column may wrap between words but not inside one ("valu/e", "+15./37")
    words = [max([len(w) for t in column + [_plain(h)] for w in t.split()] + [1]) for column, h in zip(texts, header)]
    specs = []
    for i, name in enumerate(header):
        last_note = i == len(header) - 1 and name == "Note"
        numeric = all(_numeric(t) for t in texts[i])
        # identifiers (indicator ids are what --set takes) are never cut: their column keeps its
        # width; on a narrow terminal the name and the note give way (…), never a level block
        ident = name.lower() in ID_COLUMNS and all(" " not in t for t in texts[i])
        names = i == 0 and name.lower() == "name"  # a heat map's row names: one line, cut short if need be
        # a number is one word: its column may narrow to the longest number (its header wrapping
        # between words), never below
        fixed = last_note or names or i in level_columns or ident
        least = (widths[i] + 2 if i in level_columns else widths[i] if ident
                 else min(12, widths[i]) if names else note if last_note else words[i])
        specs.append((name, numeric, fixed, last_note or names, least))
    # Rich narrows only the widest column and then lets each grow back to its minimum, which
    # can leave a table wider than the terminal: share out the room here, narrowing the text
    # columns that have room to wrap, the widest first, never below their longest word
    given = [max(w, spec[4]) for w, spec in zip(widths, specs)]
    if width is not None:
        # each column pads one space and the separator is one, plus the edges; compact: a space
        room = width - (len(header) - 1 if compact else 2 * len(header) + 1)
        while sum(given) > room:
            # a text column wraps between words; a name or a note is cut short (…); last, the note
            slack = [(specs[i][0] == "Note", given[i], i) for i, spec in enumerate(specs)
                     if (not spec[2] or spec[3]) and given[i] > spec[4]]
            if not slack:
                break
            given[max(slack)[2]] -= 1
    for i, (name, numeric, fixed, cut, least) in enumerate(specs):
        table.add_column(Text(_plain(name)), justify="right" if numeric else "left", no_wrap=fixed,
                         overflow="ellipsis" if cut else "fold", min_width=least,
                         width=given[i] if given[i] < widths[i] else None)
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = Text(_plain(_cell(value)))
            level = _level_of(value)
            if i in level_columns and level in LEVEL_COLORS:
                fill = (getattr(value, "colors", None) or LEVEL_COLORS)[level]
                style = f"{text_color(fill)} on {fill}"
                cells.append(Padding(Text(_plain(_cell(value)), style=style), (0, 1), style=style, expand=True))
                continue
            cells.append(text)
        table.add_row(*cells)
    return table


def _numeric(text: str) -> bool:
    """A cell that is a number, a range of numbers or n/a: kept on one line."""
    import re

    return bool(re.fullmatch(r"[-+]?[\d.,]+%?|n/a|[\d.]+-[\d.]+|", text.strip()))


def fits(header: list[str], rows: list[list], level_columns: set[int], width: int, compact: bool = False,
         note: int = 1) -> bool:
    """Whether a table fits `width` columns with no word, number or id split, spaced as usual
    (`compact`: one space between columns, no edges; if not even that, it is stacked). A last
    "Note" column may be cut to `note` characters."""
    texts = [[_plain(_cell(row[i])) for row in rows if i < len(row)] for i in range(len(header))]
    least = 0
    for i, (column, h) in enumerate(zip(texts, header)):
        whole = max([len(t) for t in column] + [len(_plain(h))])
        if i in level_columns:
            least += whole + 2
        elif i == len(header) - 1 and h == "Note":
            least += note
        elif i == 0 and h.lower() == "name":
            least += min(12, whole)
        elif h.lower() in ID_COLUMNS and all(" " not in t for t in column):
            least += whole
        else:
            least += max([len(w) for t in column + [_plain(h)] for w in t.split()] + [1])
    return least + (len(header) - 1 if compact else 2 * len(header) + 1) <= width


def stacked(title: str | None, header: list[str], rows: list[list], width: int) -> str:
    """A table too wide for the terminal as one block per row: the first cell, then each other
    field on its own line ("  unit: USD million"), wrapped between words only."""
    import textwrap

    out = [_plain(title) + "\n"] if title else []
    for row in rows:
        lead = _plain(_cell(row[0])) if row else ""
        out.append("\n" + "\n".join(textwrap.wrap(lead, width, break_long_words=False, break_on_hyphens=False)
                                    or [""]) + "\n")
        for h, value in zip(header[1:], row[1:]):
            text = _plain(_cell(value))
            if not text:
                continue
            out.append("\n".join(textwrap.wrap(f"{_plain(h)}: {text}", width, initial_indent="  ",
                                               subsequent_indent="    ", break_long_words=False,
                                               break_on_hyphens=False)) + "\n")
    return "".join(out)


def rich_table(title: str | None, header: list[str], rows: list[list], level_columns: set[int], color: bool,
               width: int | None = None) -> str:
    """A table with level cells as coloured blocks, rendered to a string for the terminal
    (`width`: the terminal's, unless given)."""
    from rich.console import Console
    from rich.text import Text

    width = width or _width()
    if not fits(header, rows, level_columns, width, compact=True):
        return stacked(title, header, rows, width)
    rows, legend = _terse_notes(header, rows, level_columns, width)
    # terse notes are not cut: the other columns close up and wrap first; if even that is not
    # room enough, the notes give way to the scores, and the legend says where they are
    note = max([len(str(r[-1])) for r in rows if r] + [1]) if legend else 1
    if legend and not fits(header, rows, level_columns, width, compact=True, note=note):
        header, rows, note = header[:-1], [r[:-1] for r in rows], 1
        legend = "Notes (data gaps, members) do not fit this width: widen the terminal, or --format csv"
    console = Console(file=io.StringIO(), force_terminal=color, no_color=not color,
                      color_system="auto" if color else None, width=width)
    console.print(_rich_table(title, header, rows, level_columns, width, note=note))
    if legend:
        console.print(Text(legend), overflow="fold")
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
    """The level in a cell: a LevelCell's, or "High" or, with uncertainty, "High 72%"."""
    if isinstance(value, LevelCell):
        return value.level
    if not isinstance(value, str):
        return None
    value = value.removesuffix(" †")
    return value.rsplit(" ", 1)[0] if value.endswith("%") else value


ID_COLUMNS = {"indicator", "code", "id"}


def _width() -> int:
    """The terminal's width (a narrow terminal gets a narrow table, folded, not wrapped lines)."""
    import shutil

    return max(20, shutil.get_terminal_size((120, 24)).columns)


def detail_sections(rec: dict, method) -> list[tuple[str, list[str], list[list]]]:
    """The breakdown behind one score: parts, what each construct combines, then every indicator
    with its value and source."""
    pillars = [[p, method.parts[p].label if p in method.parts else "", v] for p, v in rec["pillars"].items()]
    comps = [[c, k, v] for c, values in rec["components"].items() for k, v in values.items()]
    sections = [("Parts (0-100)", ["part", "what it measures", "score"], pillars),
                ("Components: what each score combines (0-100)", ["score", "component", "value"], comps)]
    if rec.get("indicators"):
        rows = [[i["part"], i["indicator"], i["value"] if i["value"] is None else _num(i["value"]),
                 i["unit"], i["year"], i["score"], i["source_title"] or i["source"]]
                for i in rec["indicators"]]
        sections.append(("Indicators", ["part", "indicator", "value", "unit", "year", "score", "source"], rows))
    if rec.get("members"):
        # whether each member counts in the group's scores (those without one are left out)
        scored = rec["members_scored"]
        rows = [[m, *("yes" if m in scored[c] else "no" for c in scored)] for m in rec["members"]]
        sections.append(("Members", ["code", *(f"{c} scored" for c in scored)], rows))
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
    for construct, s in rec["uncertainty"].items():
        if not isinstance(s, dict):
            continue  # draws, seed
        if s["median"] is None:
            rows.append([construct, None, None, None, *([None] * len(LEVELS))])
            continue
        ranks = None if s["rank_p5"] is None else f"{s['rank_p5']}-{s['rank_p95']}"
        rows.append([construct, s["median"], f"{s['p5']:.1f}-{s['p95']:.1f}", ranks,
                     *(f"{s['levels'].get(lv, 0.0):.0%}" for lv in LEVELS)])
    return rows


def _num(value: float) -> str:
    if abs(value) >= LARGE:
        return _scientific(value)
    return _unsigned_zero(f"{value:,.4g}" if abs(value) < 10 else f"{value:,.0f}")


# from here numbers print as 1.23e+12: no real value reaches it (values are in US$ million, persons,
# shares), and 1e308 written out is 309 digits that widen a table to hundreds of characters
LARGE = 1e9


def _scientific(value: float) -> str:
    return f"{value:.3g}"  # three significant digits: past LARGE, always with an exponent


def no_score_reason(rec: dict, construct: str, method) -> str:
    """Why a score is null: before the method's first year, or the parts it needs that have no data."""
    from .scoring import needs

    if method.first_year is not None and rec.get("year") is not None and rec["year"] < method.first_year:
        return f"method {method.name} scores from {method.first_year}"
    mine = needs(method.constructs[construct])
    parts = [p for p in rec.get("missing_parts", []) if p in mine]
    return "no data for " + ", ".join(parts) if parts else "no data"


def heading(key: str) -> str:
    """A record key as a table header: the same word, spelt for people (hedging_driver ->
    hedging driver)."""
    return key.replace("_", " ")


def headline(rec: dict, method) -> str:
    def one(name, label):
        text = f"{label.lower()} {_cell(rec[f'{name}_level'])} ({_cell(rec[f'{name}_score'])})"
        modal, p, differs = most_likely(rec, name)
        # with the Monte Carlo's odds, the headline says where its most likely level is another
        return text + (f" [most likely {modal}, {p:.0%}]" if differs else "")

    scores = ", ".join(one(name, label) for name, label in constructs(method))
    return f"{_plain(rec['name'])} ({_plain(rec['code'])}), {rec['year']}: {_plain(scores)}"


# ---------------------------------------------------------------- analyses

def explain_record(result: Result, method, data: Dataset) -> dict:
    """Every indicator's points in each score, and what would move each level."""
    from . import analysis

    def rows(contribs):
        out = []
        for c in contribs:
            obs = c.term.observation
            row = {"indicator": c.term.label, "part": c.part,
                   "value": obs.value, "unit": obs.unit, "year": obs.year, "age": obs.age,
                   "source": "what-if" if obs.what_if else obs.source, "source_title": _source_title(data, obs)}
            row.update(derivation(c.term))
            note = None if obs.what_if else data.year_note(result.code, obs.indicator, obs.source, obs.year)
            if note:
                row["source_note"] = note
            pages = value_pages(data, result.code, obs)
            if pages:
                row["pages"] = pages  # as in score's records
            row.update({"score": round(c.score, 1), "weight": c.term.weight,
                        "points": no_negative_zero(round(c.points, 2))})
            out.append(row)
        return out

    def gap_rows(construct):
        return [{"direction": g.direction, "to_level": g.target_level, "threshold": g.threshold,
                 "points_needed": g.points,
                 "levers": [{"indicator": lv.indicator, "part": lv.part, "now": lv.now, "needed": lv.needed,
                             "reaches": lv.reaches} for lv in g.levers]}
                for g in analysis.gaps(data, result, method, construct)]

    rec = record(result, method, data)
    rec.pop("indicators", None)
    for construct in method.constructs:  # method.py keeps construct names off the record's own keys
        rec[construct] = {"contributions": rows(analysis.contributions(result, method, construct)),
                          "moves": gap_rows(construct)}
    return rec


def contribution_rows(section: dict) -> list[list]:
    """A row per indicator's points: the value the goalposts were applied to, so a ratio ("x per
    y") shows the ratio and a change over years the change, not the raw value behind them."""
    return [[c["part"], c["indicator"], *_scored(c), c["year"], c["score"], _unsigned_zero(f"{c['points']:+.2f}")]
            for c in section["contributions"]]


def _scored(c: dict) -> list:
    """The value and unit a contribution row shows (see contribution_rows)."""
    if c.get("scored_value") is None:
        return [None if c["value"] is None else _num(c["value"]), c["unit"]]
    world = c["indicator"].endswith("(change vs world)")
    change, ratio = world or c["indicator"].endswith("(change)"), " per " in c["indicator"]
    unit = ("change of the ratio" if ratio else f"change, {c['unit']}") if change else "ratio"
    unit += " beyond the world's" if world else ""
    unit += f", mean of {c['mean_of_changes']}, each capped" if c.get("mean_of_changes", 1) > 1 else ""
    return [_unsigned_zero(f"{c['scored_value']:+.4g}") if change else _num(c["scored_value"]), unit]


def record_lines(rec: dict, constructs, width: int | None) -> list[str]:
    """What the values that add or take points rest on, in the data file's own words for the
    value's year (the incidents behind China's force up to it), an entry per indicator, wrapped
    to `width` with its continuation lines indented (None: one line each, a sub-item of the
    heading in markdown's list)."""
    import textwrap

    seen, lines = set(), []
    for construct in constructs:
        for c in rec[construct]["contributions"]:
            if c.get("source_note") and c["points"] != 0 and c["indicator"] not in seen:
                seen.add(c["indicator"])
                entry = f"{c['indicator']}: {_plain(c['source_note'])}"
                lines += ["  " + entry] if width is None else textwrap.wrap(
                    entry, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
    return ["What the values with points rest on (the data file's notes):", *lines] if lines else []


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
    out = []
    for r, change in zip(results, changes):
        rec = {"code": r.code, "name": r.name, "year": r.year, "method": r.method}
        for construct in r.scores:
            rec[f"{construct}_score"] = r.score(construct)
            rec[f"{construct}_level"] = r.level(construct)
        rec.update({"pillars": dict(r.pillars), "components": {c: dict(v) for c, v in r.components.items()},
                    "missing": r.missing if r.kind == "country" else None, "change": change})
        out.append(rec)
    return out


# ---------------------------------------------------------------- uncertainty

def heatmap_uncertain_table(records: list[dict], method, blocks: bool = False,
                            notes: bool = False) -> tuple[list[str], list[list], set[int]]:
    """Cells like "Medium-High 72%": the level the Monte Carlo finds most likely and the share of
    draws that give it ("†" where it is not the level of the score itself), and the score with
    its 5-95% interval (`blocks`, `notes`: as heatmap_table)."""
    def cell(rec, construct):
        lvl, p, differs = most_likely(rec, construct)
        if lvl is None:
            return None
        if blocks:  # the mark in the block's own width, so the columns still fit 80 characters
            return _block(lvl, f"{p:4.0%}" + ("†" if differs else ""), level_colors(construct))
        return f"{lvl} {p:.0%}" + (" †" if differs else "")

    def interval(rec, construct):
        u = rec["uncertainty"][construct]
        if u["median"] is None:
            return None
        return f"{rec[construct + '_score']:.1f} ({u['p5']:.1f}-{u['p95']:.1f})"

    header, levels = ["Name"], set()
    for _, label in constructs(method):
        levels.add(len(header))
        header += [f"{label} level", f"{label} score (5-95%)"]
    rows = [[r["name"], *(x for name, _ in constructs(method) for x in (cell(r, name), interval(r, name))),
             r["note"] if notes else note_cell(r)] for r in records]
    return header + ["Note"], rows, levels


def sensitivity_row(row: dict, method) -> dict:
    """The table's row: each score's driver and each assumption's share of the variance."""
    out = {"code": row["code"], "name": row["name"]}
    for construct in method.constructs:
        out[f"{construct}_driver"] = row[f"{construct}_driver"]
        for name, v in row[construct].items():
            out[f"{construct}_{name}_share"] = v["share"]
    return out


# ---------------------------------------------------------------- validation

def validation_sections(doc: dict) -> list[tuple[str, list[str], list[list], set[int]]]:
    """The validation report as titled tables: seed cells, seed orderings the data reverse,
    correlations with outside measures, level stability (summary and the least stable)."""
    method, year = doc["method"], doc["year"]
    sections = []
    if doc.get("targets"):
        met = sum(t["met"] for t in doc["targets"])
        sections.append((f"Targets set before the results were seen (docs/METHODOLOGY.md): {met} of "
                         f"{len(doc['targets'])} met", ["target", "what", "value", "met"],
                         [[t["target"], t["what"], _target_value(t["value"]), "yes" if t["met"] else "no"]
                          for t in doc["targets"]], set()))
    cells = [[c["name"], c["construct"], c["seed_level"], c["level"], c["score"], c["margin"],
              "yes" if c["match"] else "no"] for c in doc["seed_cells"]]
    matched = sum(c["match"] for c in doc["seed_cells"])
    sections += [(f"Reference heat map, {year} (method {method}): {matched} of {len(cells)} cells match; "
                 "margin = distance to the nearest cut", ["name", "score", "seed", "hedge", "value", "margin", "match"],
                 cells, {2, 3})]
    pairs = [[p["construct"], f"{p['seed_higher']} above {p['seed_lower']}",
              f"{p['scores'][p['seed_higher']]} < {p['scores'][p['seed_lower']]}", p["summary"]]
             for p in doc["seed_pairs"]]
    sections.append((f"Seed orderings the data reverse ({len(pairs)})", ["score", "seed says", "scores", "indicators"],
                     pairs, set()))
    corr = [[r["measure"], r["construct"], r["year"], r["n"], _fixed(r["rho"]), r["pooled_n"], _fixed(r["pooled_rho"]),
             join_list(f"{d['code']} {d['score_rank']}/{d['measure_rank']}" for d in r["disagree_most"])]
            for r in doc["correlations"]]
    sections.append(("Spearman correlation with outside measures (not inputs); disagree most: rank on score/measure",
                     ["measure", "score", "year", "n", "rho", "all years n", "all years rho", "disagree most"],
                     corr, set()))
    if doc.get("pew_latest"):
        sections.append(("Pew favourability of China across countries (each country's latest survey from 2015)",
                         ["score", "n", "rho", "disagree most"],
                         [[c, r["n"], _fixed(r["rho"]), join_list(f"{d['code']} {d['score_rank']}/{d['measure_rank']}"
                                                                 for d in r["disagree_most"])]
                          for c, r in doc["pew_latest"].items()], set()))
    for name, per in (doc.get("within_countries") or {}).items():
        sections.append((f"{name} within countries over time: Spearman per country (4+ years)",
                         ["score", "countries", "median rho", "positive", "disagree most"],
                         [[c, r["countries"], _fixed(r["median_rho"]), r["positive"],
                           join_list(f"{d['code']} {_fixed(d['rho'])}" for d in r["disagree_most"])]
                          for c, r in per.items()], set()))
    for g in doc.get("group_orders") or []:
        sections.append((f"{g['measure']} ({g['construct']}): mean score per category, in the judgment's order; "
                         f"strictly ordered: {'yes' if g['strictly_ordered'] else 'no'}",
                         ["category", "n", "mean", "members (highest first)"],
                         [[x["group"], x["n"], x["mean"], join_list(f"{m} {v}" for m, v in x["members"][:6])
                           + (" ..." if len(x["members"]) > 6 else "")] for x in g["groups"]], set()))
    if doc.get("jumps"):
        j = doc["jumps"]
        share = "n/a" if j["share"] is None else f"{j['share']:.1%}"
        sections.append((f"Moves of {j['threshold']:g}+ points between consecutive years: {j['jumps']} of "
                         f"{j['steps']} steps ({share}), each with what drove it",
                         ["name", "year", "score", "change", "driver"],
                         [[r["name"], r["year"], r["construct"], r["change"], r["driver"]] for r in j["list"]], set()))
    if doc.get("drift_top"):
        sections.append(("Reversal drift since 2015: the ten steepest, and what drives each",
                         ["name", "slope", "driver", "driver slope", "from weaker US ties"],
                         [[r["name"], r["slope"], r["driver"], r["driver_slope"], "yes" if r["from_weaker_ties"] else "no"]
                          for r in doc["drift_top"]], set()))
    if doc.get("coverage"):
        cov = doc["coverage"]
        sections.append((f"Coverage {cov['first']}-{cov['last']}: {cov['complete']} of {cov['countries']} countries "
                         "have both scores in every year", ["code", "year", "no score for", "parts without data"],
                         [[r["code"], r["year"], join_list(r["scores"]), join_list(r["lacking_parts"])]
                          for r in cov["lacking"]], set()))
    summary = [[c, s["countries"], s["p_level_at_least_0_8"], _fixed(s["median_p_level"])]
               for c, s in doc["stability_summary"].items()]
    sections.append((f"Level stability ({doc['draws']:,} draws, seed {doc['seed']}): probability of the level shown",
                     ["score", "countries", "p >= 0.8", "median p"], summary, set()))
    constructs = list(doc["stability_summary"])
    least = sorted(doc["stability"], key=lambda r: min((r[f"{c}_p_level"] for c in constructs
                                                        if r[f"{c}_p_level"] is not None), default=1.0))[:10]
    rows = [[r["name"], *(x for c in constructs for x in (r[f"{c}_level"],
                                                           None if r[f"{c}_p_level"] is None
                                                           else f"{r[f'{c}_p_level']:.0%}"))] for r in least]
    header = ["name", *(x for c in constructs for x in (f"{c} level", "p"))]
    sections.append(("Least stable levels", header, rows, {1 + 2 * i for i in range(len(constructs))}))
    return sections


def _target_value(value) -> str | None:
    return _fixed(value) if isinstance(value, float) else None if value is None else str(value)


def _fixed(value: float | None) -> str | None:
    """A correlation or probability to two decimals (the tables' one decimal hides 0.82 vs 0.75)."""
    return None if value is None else _unsigned_zero(f"{value:.2f}")


def seed_pair_lines(pairs: list[dict]) -> list[str]:
    """Under the reversed orderings: each indicator's values, and which row it favours."""
    lines = []
    for p in pairs:
        lines.append(f"{p['construct']}: seed puts {p['seed_higher']} above {p['seed_lower']}")
        for e in p["indicators"]:
            vals = ", ".join(f"{k} {_num(v)}" for k, v in e["values"].items())
            lines.append(f"  {e['indicator']} ({e['part']}): {vals} -> favours {e['favours']}")
    return lines


def applied_back_lines(back: dict[str, int], method, width: int | None = None) -> list[str]:
    """Why a value's year is after the scoring year (explain): the rule that reads a later value
    for the years before a state's first one, each wrapped to `width` (None: one line each)."""
    import textwrap

    lines = []
    for ind, first in back.items():
        before = next((r.before_first for r in method.rules_of(ind) if r.before_first is not None), None)
        if before is None:
            lines.append(f"applied back: {ind} has no value before {first}; its first value stands for the "
                         "years before (the method's back_apply)")
        else:
            lines.append(f"applied back: {ind} has no value before {first}; earlier years read {before:g}, "
                         "as before any decision (the method's before_first)")
    if width is None:
        return lines
    return [part for line in lines for part in textwrap.wrap(
        line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)]
