"""Figures for print and the web: the heat map, the map, trends and a country's parts.

matplotlib is imported inside the functions that draw, so only the commands that write a
figure pay for it (hedge is called in loops). Every function takes records (the JSON contract,
render.record) and the method, and returns the file's bytes (svg, png or pdf); the CLI writes
them atomically.

Colours: reversal risk, the one score that warns, keeps the alarm scale (render.LEVEL_COLORS,
ColorBrewer YlOrRd); hedging and any other score get an ordered scale of their own that does not
alarm (ColorBrewer GnBu), and a part shaded by fifths of 0-100 is grey (a strong US anchor is
not a warning). Each scale is colour-blind safe and darker at each level, so it reads in
grayscale; text on a fill is black or white, whichever contrasts more. Text from data (country
names, a data file's origin, method names) is drawn as literal text: mathtext ($...$) and TeX are
off, control characters replaced.

Every figure says what it shows: a line defining each score, the sources its values come from,
the method and the version; `Editorial` lets an editor set the title, subtitle, a note and the
size. `layout_problems` finds texts that overlap or fall off the page (the tests run it on
every figure).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from . import __version__
from .citation import CITED_ROWS  # the source ids of single cited pages
from .method import LEVELS
from .render import ALARM, LEVEL_COLORS, NEUTRAL_COLORS, plain, scores_title, text_color

FORMATS = ("svg", "png", "pdf")
DPI = 150  # PNG resolution: sharp at page width, small files
UNCERTAIN_BELOW = 0.8  # a level whose probability is below this is marked as uncertain
NO_SCORE = "#ffffff"
NOT_SCORED = "#d4d4d4"  # countries outside the data, on the map
INK = "#222222"
MUTED = "#555555"
FONT = 8.0
HEDGE_COLORS = NEUTRAL_COLORS  # GnBu: hedging and any score but reversal risk
PART_COLORS = dict(zip(LEVELS, ("#f7f7f7", "#cccccc", "#969696", "#636363", "#252525")))  # Greys
PAGES = {"a4": (8.27, 11.69), "letter": (8.5, 11.0), "slide": (13.33, 7.5)}
EM = 0.6  # DejaVu Sans: a character is at most about 0.6 em wide on average (for wrapping)


def palette(construct: str | None) -> dict[str, str]:
    """The five level colours of a score (None: a part, shaded by fifths)."""
    if construct is None:
        return PART_COLORS
    return LEVEL_COLORS if construct in ALARM else HEDGE_COLORS


@dataclass(frozen=True)
class Editorial:
    """What an editor may set on any figure: the title and subtitle (instead of hedge's), a
    note (a line above the credits), and the size: `page` (a4, letter, slide) or inches."""

    title: str | None = None
    subtitle: str | None = None
    note: str | None = None
    width: float | None = None
    height: float | None = None
    page: str | None = None

    def size(self, default: tuple[float, float | None]) -> tuple[float, float | None]:
        """(width, height): the page's, else the inches given, else `default` (a height of
        None: as tall as the content needs)."""
        if self.page:
            return PAGES[self.page]
        return (self.width or default[0], self.height or default[1])


PLAIN = Editorial()


def editorial(title=None, subtitle=None, note=None, width=None, height=None, page=None) -> Editorial:
    """An editor's controls, checked (the command line's --title ... --page, the API's)."""
    from .errors import UsageError

    for name, value in (("title", title), ("subtitle", subtitle), ("note", note)):
        if value is not None and not isinstance(value, str):
            raise UsageError(f"{name} must be text, not {value!r}")
    if page is not None:
        if not isinstance(page, str) or page.lower() not in PAGES:
            raise UsageError(f"--page {page}: choose {', '.join(PAGES)}")
        page = page.lower()
        if width is not None or height is not None:
            raise UsageError("--page and --width/--height do not combine; give a page or a size")
    for name, value in (("width", width), ("height", height)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not 2 <= value <= 40):
            raise UsageError(f"--{name} {value}: give 2 to 40 inches")
    text = [None if v is None else (" ".join(v.split()) or None) for v in (title, subtitle, note)]
    return Editorial(*text, None if width is None else float(width), None if height is None else float(height), page)


def _rc():
    """matplotlib settings for every figure: literal text (no mathtext, no TeX), a white
    background, reproducible files (no dates, fixed SVG ids), and text kept as text in SVG and
    PDF, so that an editor can restyle or correct it (the fonts are common: DejaVu Sans, then
    Arial or Helvetica)."""
    import matplotlib

    return matplotlib.rc_context({
        "text.parse_math": False, "text.usetex": False, "svg.hashsalt": "hedge", "svg.fonttype": "none",
        "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": FONT, "axes.unicode_minus": False,
        "figure.facecolor": "white", "savefig.facecolor": "white", "axes.facecolor": "white",
        "pdf.fonttype": 42, "hatch.linewidth": 0.6,
    })


def safe(text, limit: int = 60) -> str:
    """Data text as a figure may show it: printable, one line, at most `limit` characters.
    (mathtext is off in _rc, so "$" and "\\" are shown as they are.)"""
    text = plain(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """`text` in lines that fit `width` inches at `size` points (never cut: wrapped at words)."""
    chars = max(10, int(width * 72 / (size * EM)))
    return textwrap.wrap(plain(" ".join(str(text).split())), chars, break_on_hyphens=False) or [""]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def save(fig, fmt: str) -> bytes:
    """The figure as svg, png or pdf bytes, with no date in the file (same input, same bytes);
    "figure": the matplotlib Figure itself (a page of a multi-page PDF, the layout test)."""
    if fmt == "figure":
        return fig
    buf = io.BytesIO()
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                "png": {"Software": None}}[fmt]
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


# ---------------------------------------------------------------- what a figure says of itself

# short names of the data file's sources, as a credit line gives them; a source not named here
# goes by its publisher
SHORT = {
    "imf-imts": "IMF IMTS", "imf-dots": "IMF DOTS", "wdi-gdp": "World Bank WDI", "sipri-at": "SIPRI",
    "sipri-at-2026": "SIPRI", "un-china-statements": "UN statements on Xinjiang and Hong Kong",
    "unga-ideal-points": "UN votes (Voeten)", "unga-agreement": "UN votes (Voeten)", "dmdc-troops": "US DMDC",
    "aei-cgit": "AEI/Heritage CGIT", "aei-cgit-construction": "AEI/Heritage CGIT", "aiddata-gcdf3": "AidData",
    "aiddata-pd": "AidData", "atop-5": "ATOP", "gfdc-bri": "GFDC", "cow-trade": "Correlates of War",
    "census-gacc-trade": "US Census and China customs", "confrontations-table": "hedge confrontations table",
    "visits-table": "hedge visits table",
}
MAIN_SHARE = 0.03  # a source giving at least this share of the values is named; the rest are counted


def sources_used(dataset, method, codes, year: int) -> dict[str, int]:
    """How many of the values behind the scores of `codes` in `year` each source gives (values
    and denominators, as the method reads them)."""
    from .method import used_indicators

    indicators = sorted(used_indicators(method))
    counts: dict[str, int] = {}
    for code in codes:
        entity = dataset.entities.get(code)
        members = entity.members if entity is not None and entity.kind == "group" else (code,)
        for member in members:
            for ind in indicators:
                obs = dataset.observation(member, ind, year)
                if obs is not None and obs.source:
                    counts[obs.source] = counts.get(obs.source, 0) + 1
    return counts


MAIN_NAMED = 10  # a source line names at most this many


def credit(counts: dict[str, int], catalogue: dict[str, dict]) -> str:
    """The main sources by the share of values they give, by short name ("IMF IMTS; SIPRI;
    ..."), at most MAIN_NAMED of them, then how many others (hedge sources lists every one). A
    cited page of the hand-kept tables (events, visits, partnerships) is one of the others."""
    total = sum(counts.values())
    if not total:
        return "no values"
    named: dict[str, int] = {}
    others = set()
    for sid, n in counts.items():
        name = SHORT.get(sid) or (catalogue.get(sid) or {}).get("publisher") or sid
        if n / total >= MAIN_SHARE and not sid.startswith(CITED_ROWS):
            named[name] = named.get(name, 0) + n
        else:
            others.add(name)
    ranked = sorted(named, key=lambda k: (-named[k], k))
    others |= set(ranked[MAIN_NAMED:])
    others -= set(ranked[:MAIN_NAMED])
    out = "; ".join(ranked[:MAIN_NAMED])
    if others:
        out += f"; {len(others)} other source{'s' if len(others) > 1 else ''} (news and official records)"
    return out


def source_line(dataset_origin: str | None, method, sources: str | None = None) -> str:
    """The credit every figure carries: the sources, the data file, the method, the tool."""
    data = f"Sources: {sources}" if sources else "Sources: see hedge sources"
    if dataset_origin is not None:
        data += f" (data file {safe(dataset_origin, 40)})"
    return f"{data}. Method {safe(method.name, 30)} (hedge method show); hedge {__version__}"


def definition(method, name: str) -> str:
    """One line defining a score from the method itself: what it combines, how, and its scale."""
    c = method.constructs[name]

    def term(e):
        label = e.name.replace("_", " ")
        return label + (f" (weight {e.weight:g})" if e.weight != 1 else "")

    entries = ", ".join(term(e) for e in c.entries if e.weight > 0)
    rule = {"mean": "weighted mean", "geometric": "weighted geometric mean"}.get(c.rule, "mean")
    text = f"{c.label}: {rule} of {entries}"
    # a gate discounts as it weakens; a brake (an inverted gate) restrains as it strengthens
    gates = [f"discounted by up to {s:.0%} as {g.name.replace('_', ' ')} weakens" for g, s in c.gates if not g.invert]
    brakes = [f"{s:.0%} x {g.name.replace('_', ' ')}" for g, s in c.gates if g.invert]
    if gates:
        text += ", " + ", ".join(gates)
    if brakes:
        text += ", restrained by up to " + " and ".join(brakes)
    inverted = [e for e in c.entries if e.invert]
    if inverted:
        text += "; " + ", ".join(f"{e.name.replace('_', ' ')} = 100 - {e.part}" for e in inverted)
    cuts = "/".join(f"{t:g}" for t in c.thresholds)
    return f"{text}. 0-100, levels at {cuts}."


def central(rec: dict, construct: str) -> tuple[str | None, float | None, bool]:
    """The level a figure shows with uncertainty (render.most_likely): the Monte Carlo's most
    likely, its probability, and whether it differs from the score's own level."""
    from .render import most_likely

    return most_likely(rec, construct)


def level_of(score: float | None, thresholds) -> str | None:
    """The level of a 0-100 value on `thresholds` (as scoring.level, for the parts' fifths)."""
    if score is None:
        return None
    return LEVELS[sum(round(score, 1) >= t for t in thresholds)]


FIFTHS = (20.0, 40.0, 60.0, 80.0)


def layout_problems(fig) -> list[str]:
    """Texts of a drawn figure that overlap another text or fall outside the figure (each
    text's extent as matplotlib renders it); [] for a clean layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    boxes = []
    for t in fig.findobj(lambda a: hasattr(a, "get_window_extent") and hasattr(a, "get_text")):
        if not t.get_visible() or not t.get_text().strip():
            continue
        # an annotation's own extent takes in its arrow: only its text counts here
        box = Text.get_window_extent(t, renderer) if isinstance(t, Text) else t.get_window_extent(renderer)
        boxes.append((t.get_text(), box))
    out = []
    for text, box in boxes:
        if box.x0 < page.x0 - 1 or box.x1 > page.x1 + 1 or box.y0 < page.y0 - 1 or box.y1 > page.y1 + 1:
            out.append(f"cut: {text!r}")
    boxes.sort(key=lambda t: t[1].x0)  # a sweep from the left: only boxes that reach each other are compared
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if bb.x0 >= ba.x1 - 1:
                break
            # overlapping by more than a hair (1 pixel) in both directions
            if min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > 1 and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > 1:
                out.append(f"overlap: {a!r} and {b!r}")
    return out


def _head(fig, width: float, height: float, title: str, subtitle: str, style: Editorial, x: float = 0.3) -> float:
    """Title (bold, wrapped) and subtitle (wrapped) from the top; returns the inches used."""
    y = 0.18
    for line in wrap(style.title or title, width - 2 * x, 12):
        fig.text(x / width, 1 - y / height, line, fontsize=12, fontweight="bold", color=INK, va="top")
        y += 0.22
    for line in wrap(style.subtitle or subtitle, width - 2 * x, FONT) if (style.subtitle or subtitle) else []:
        fig.text(x / width, 1 - (y + 0.02) / height, line, fontsize=FONT, color=MUTED, va="top")
        y += 0.16
    return y + 0.08


def _foot_lines(width: float, method, credits: str, style: Editorial, definitions=(), x: float = 0.3):
    """The lines under a figure: each score's definition, an editor's note, the credits; as
    (text, size, colour), wrapped to the width."""
    lines = []
    for d in definitions:
        lines += [(t, FONT - 1, INK) for t in wrap(d, width - 2 * x, FONT - 1)]
    if style.note:
        lines += [(t, FONT - 0.5, INK) for t in wrap(style.note, width - 2 * x, FONT - 0.5)]
    lines += [(t, FONT - 1.5, MUTED) for t in wrap(credits, width - 2 * x, FONT - 1.5)]
    return lines


LINE_STEP = 0.145  # inches between lines of the foot


def _draw_foot(fig, width: float, height: float, lines, x: float = 0.3) -> None:
    """The foot lines from the bottom edge up (the last one 0.15 in from the edge)."""
    y = 0.15 + LINE_STEP * (len(lines) - 1)
    for text, size, color in lines:
        fig.text(x / width, y / height, text, fontsize=size, color=color, va="bottom")
        y -= LINE_STEP


# ---------------------------------------------------------------- heat map


def blocks(records: list[dict], by: str, groups: dict[str, list[str]], first: str) -> list[tuple[str, list[dict]]]:
    """The heat map's rows in blocks: the groups first, then the countries by region (`by` =
    "region"), by the groups they belong to ("group": the largest group first, each country in
    the first that has it; "Other partners" for the rest) or in one block ("none"). Within a
    block, highest `first` score first (no score last, then by name)."""
    from .regions import OTHER, REGIONS, region

    def order(rows):
        return sorted(rows, key=lambda r: (r[f"{first}_score"] is None, -(r[f"{first}_score"] or 0), r["name"]))

    group_rows = [r for r in records if r["kind"] == "group"]
    countries = [r for r in records if r["kind"] != "group"]
    out = [("Groups (mean of members)", order(group_rows))] if group_rows else []
    if by == "none":
        return out + [("Countries", order(countries))]
    if by == "region":
        names = list(REGIONS) + [OTHER]
        for name in names:
            rows = [r for r in countries if region(r["code"]) == name]
            if rows:
                out.append((name, order(rows)))
        return out
    left = list(countries)
    names = {r["code"]: r["name"] for r in group_rows}
    for code in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        rows = [r for r in left if r["code"] in set(groups[code])]
        if len(rows) < 2:
            continue
        label = names.get(code, code)
        if len(rows) < len(groups[code]):
            label = f"{code}, not above"
        out.append((label, order(rows)))
        left = [r for r in left if r not in rows]
    if left:
        out.append(("Other partners", order(left)))
    return out


ROW_H, BLOCK_H = 0.17, 0.24  # inches: a row, a block's heading (at the full font)
MIN_ROW_H = 0.105  # below this a row's text is too small to read: the page grows instead
GUTTER = 0.35  # between the columns of a heat map split in two


def _split(row_blocks, k: int) -> list[list[tuple[str, object]]]:
    """The rows (block headings and records) in `k` columns of about equal height; a block cut
    by a column break is headed again ("..., continued")."""
    items = [(kind, x) for name, rows in row_blocks for kind, x in [("block", name)] + [("row", r) for r in rows]]
    height = sum(BLOCK_H if kind == "block" else ROW_H for kind, _ in items)
    target = height / k
    out, column, used, block = [], [], 0.0, None
    for kind, x in items:
        step = BLOCK_H if kind == "block" else ROW_H
        if column and used + step > target + ROW_H / 2 and len(out) < k - 1:
            out.append(column)
            column, used = [], 0.0
            if kind == "row":
                column.append(("block", f"{block}, continued"))
                used += BLOCK_H
        if kind == "block":
            block = x
        column.append((kind, x))
        used += step
    out.append(column)
    return out


def heatmap(row_blocks: list[tuple[str, list[dict]]], method, year: int, fmt: str, pillars: bool = False,
            uncertainty: dict | None = None, origin: str | None = None, under: str | None = None,
            before: dict[str, dict] | None = None, sources: str | None = None,
            style: Editorial = PLAIN) -> bytes:
    """The heat map figure: a row per country or group (in blocks), a column per construct (and
    per part with `pillars`), each cell filled by its level on the score's own scale, with the
    score printed in it. Sized to a page (A4 unless `style` says otherwise): a long list runs
    in two columns, and rows get smaller only if that is not enough.

    `uncertainty`: {"draws": n, "seed": s}; each record then carries its Monte Carlo summary:
    a cell shows the most likely level (marked † where the score's own level differs), and a
    cell whose level is less than UNCERTAIN_BELOW likely is outlined. `under` names a scenario
    the scores are under and `before` ({code: record}) the scores without it: each score's
    cell is then split, before | after.
    """
    constructs = list(method.constructs.values())
    columns = [(c.label, c.name, "construct") for c in constructs]
    if pillars:
        columns += [(p, p, "part") for p in method.parts]
    scenario = before is not None
    widths = [(1.1 if scenario else 0.8) if kind == "construct" else 0.42 for _l, _n, kind in columns]
    longest = max([len(safe(r["name"], 30)) for _b, rows in row_blocks for r in rows] + [8])
    name_w = min(1.9, max(1.0, longest * (FONT - 1) * EM / 72 + 0.12))  # the longest name, right-aligned
    panel_w = name_w + sum(widths) + (0.12 if pillars else 0.0)
    page_w, page_h = style.size((PAGES["a4"][0], None))
    max_h = page_h or PAGES["a4"][1]
    title = style.title or (f"{scores_title(method)}, {year}" + (f", under {under}" if under else ""))
    sub = style.subtitle or (f"Method {safe(method.name, 30)}. Each cell: the level (colour) and the 0-100 score"
                             + (", before | after the scenario" if scenario else "")
                             + ("; parts shaded by fifths of 0-100" if pillars else "") + ".")
    palettes = [(c.label, palette(c.name)) for c in constructs] + ([("Parts (fifths)", PART_COLORS)] if pillars else [])
    marks = []
    if uncertainty:
        marks.append(("box", f"outlined: the level shown is less than {UNCERTAIN_BELOW:.0%} likely (Monte Carlo, "
                             f"{uncertainty['draws']:,} draws, seed {uncertainty['seed']})"))
        if any(central(r, c.name)[2] for _b, rows in row_blocks for r in rows for c in constructs):
            marks.append(("dagger", "†: the Monte Carlo's most likely level (shown) is not the level of the "
                                    "score printed"))
    x0 = 0.3
    # how many columns and how tall a row: the fewest columns that fit the page's height
    # within its width, else smaller rows
    n_title = len(wrap(title, page_w - 2 * x0, 12)) + len(wrap(sub, page_w - 2 * x0, FONT))
    head_h = 0.26 + 0.22 * n_title + 0.2 * (len(palettes) + len(marks)) + (0.85 if pillars else 0.32)
    foot = _foot_lines(page_w, method, source_line(origin, method, sources), style,
                       [definition(method, c.name) for c in constructs])
    foot_h = 0.3 + LINE_STEP * len(foot)
    n_items = sum(1 + len(rows) for _b, rows in row_blocks)
    fit = max(1, int((page_w - 2 * x0 + GUTTER) // (panel_w + GUTTER)))
    k = 1
    while k < fit and head_h + foot_h + ROW_H * (n_items / k + 1.5) > max_h:
        k += 1
    cols = _split(row_blocks, k)
    rows_h = max(sum(BLOCK_H if kind == "block" else ROW_H for kind, _ in col) for col in cols)
    scale = 1.0
    if head_h + foot_h + rows_h > max_h:
        scale = max(MIN_ROW_H / ROW_H, (max_h - head_h - foot_h) / rows_h)
    font = FONT * min(1.0, 0.25 + 0.75 * scale) - 1
    row_h, block_h = ROW_H * scale, BLOCK_H * scale
    height = page_h or head_h + foot_h + rows_h * scale
    width = max(page_w, 2 * x0 + k * panel_w + (k - 1) * GUTTER)
    left = (width - k * panel_w - (k - 1) * GUTTER) / 2
    with _rc():
        fig = _figure(width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)  # inches from the top
        ax.set_axis_off()
        y = _head(fig, width, height, title, sub, Editorial(), x0)
        for label, colors in palettes:
            _swatches(ax, x0, y, label, colors)
            y += 0.2
        for kind, text in marks:
            _mark_legend(ax, x0, y, kind, text)
            y += 0.2
        top = y + (0.85 if pillars else 0.32)
        for j, col in enumerate(cols):
            px = left + j * (panel_w + GUTTER)
            gx = px + name_w

            def col_x(i: int) -> float:
                return gx + sum(widths[:i]) + (0.12 if i >= len(constructs) else 0.0)

            for i, (label, _name, kind) in enumerate(columns):
                cx = col_x(i) + widths[i] / 2
                if kind == "part":
                    ax.text(cx, top - 0.06, safe(label, 18), rotation=90, ha="center", va="bottom",
                            fontsize=font, color=INK)
                    continue
                lines = wrap(label, widths[i], font)
                if scenario:
                    lines = [safe(label, 24), "before | after"]
                ax.text(cx, top - 0.06, "\n".join(lines), ha="center", va="bottom", fontsize=font,
                        fontweight="bold", color=INK, linespacing=1.1)
            y = top
            for kind, x in col:
                if kind == "block":
                    ax.text(px, y + block_h - 0.05, safe(x, 50), fontsize=font, fontweight="bold", color=INK,
                            va="bottom")
                    ax.plot([px, px + panel_w], [y + block_h - 0.02] * 2, color="#999999", lw=0.5)
                    y += block_h
                    continue
                rec = x
                ax.text(gx - 0.06, y + row_h / 2, safe(rec["name"], 30), ha="right", va="center",
                        fontsize=font, color=INK)
                for i, (_label, name, kind2) in enumerate(columns):
                    cx, w = col_x(i), widths[i]
                    if kind2 == "part":
                        score = rec["pillars"].get(name)
                        _cell(ax, cx, y, w, row_h, score, level_of(score, FIFTHS), PART_COLORS, font)
                        continue
                    if scenario:
                        prior = before.get(rec["code"], {})
                        _cell(ax, cx, y, w / 2, row_h, prior.get(f"{name}_score"), prior.get(f"{name}_level"),
                              palette(name), font)
                        _cell(ax, cx + w / 2, y, w / 2, row_h, rec[f"{name}_score"], rec[f"{name}_level"],
                              palette(name), font)
                        continue
                    level, p, differs = central(rec, name)
                    _cell(ax, cx, y, w, row_h, rec[f"{name}_score"], level, palette(name), font,
                          uncertain=p is not None and p < UNCERTAIN_BELOW, dagger=differs)
                y += row_h
        _draw_foot(fig, width, height, foot, x0)
        return save(fig, fmt)


def _cell(ax, x: float, y: float, w: float, h: float, score, level, colors, font: float,
          uncertain: bool = False, dagger: bool = False) -> None:
    """A heat map cell: filled by its level, the score in it; outlined if uncertain."""
    from matplotlib.patches import Rectangle

    fill = colors.get(level, NO_SCORE)
    ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="white", lw=1.0))
    if level is None:
        ax.add_patch(Rectangle((x + 0.01, y + 0.01), w - 0.02, h - 0.02, facecolor="none", edgecolor="#bbbbbb",
                               lw=0.5))
    if uncertain:
        ax.add_patch(Rectangle((x + 0.025, y + 0.02), w - 0.05, h - 0.04, facecolor="none", edgecolor=INK,
                               lw=1.1, linestyle=(0, (2.0, 1.2))))
    text = "n/a" if score is None else f"{score:.1f}" + ("†" if dagger else "")
    ax.text(x + w / 2, y + h / 2 + 0.005, text, ha="center", va="center", fontsize=font - 0.5,
            color=MUTED if level is None else text_color(fill))


def _swatches(ax, x: float, y: float, label: str, colors: dict[str, str]) -> None:
    """A scale as a legend row: its name, then the five levels as swatches."""
    from matplotlib.patches import Rectangle

    ax.text(x, y + 0.075, safe(label, 24), va="center", fontsize=FONT - 0.5, color=INK, fontweight="bold")
    x += 1.25
    w, h = 0.28, 0.15
    for level in LEVELS:
        ax.add_patch(Rectangle((x, y), w, h, facecolor=colors[level], edgecolor="#888888", lw=0.4))
        ax.text(x + w + 0.05, y + h / 2, level, va="center", fontsize=FONT - 0.5, color=INK)
        x += w + 0.1 + FONT * 0.55 / 72 * len(level) * 0.95 + 0.1


def _mark_legend(ax, x: float, y: float, kind: str, text: str) -> None:
    from matplotlib.patches import Rectangle

    w, h = 0.28, 0.15
    ax.add_patch(Rectangle((x, y), w, h, facecolor="#eeeeee", edgecolor="#888888", lw=0.4))
    if kind == "box":
        ax.add_patch(Rectangle((x + 0.025, y + 0.02), w - 0.05, h - 0.04, facecolor="none", edgecolor=INK, lw=1.1,
                               linestyle=(0, (2.0, 1.2))))
    else:
        ax.text(x + w / 2, y + h / 2, "†", ha="center", va="center", fontsize=FONT - 0.5, color=INK)
    ax.text(x + w + 0.08, y + h / 2, text, va="center", fontsize=FONT - 0.5, color=INK)


# ---------------------------------------------------------------- map


def geometry_path():
    """The shipped map outlines."""
    from .data import packaged

    return packaged("geometry.json")


def load_geometry() -> dict:
    import json

    from .errors import DataError

    path = geometry_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the map outlines {path}: {exc}") from None


def _equal_earth(lon, lat):
    """The Equal Earth projection (Šavrič, Patterson and Jenny 2018): an equal-area world map
    whose shapes stay familiar; arrays of degrees in, unit-free x and y out."""
    import numpy as np

    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    lam, phi = np.radians(lon), np.radians(lat)
    theta = np.arcsin(np.sqrt(3) / 2 * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * np.sqrt(3) * lam * np.cos(theta) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    y = theta * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1)
    return x, y


# the two powers every score is measured against: drawn and named, not left as unscored grey
POWERS = {"USA": ("United States", "....", "#f2f2f2"), "CHN": ("China", "xxxx", "#f2f2f2")}
SMALL = 0.004  # a country smaller than this on the map (square inches) is also shown as a dot
EUROPE_INSET = (-25.0, 45.0, 34.0, 71.0)


def _projector(view: tuple[float, float, float, float], world: bool):
    """A function from [[lon, lat], ...] to map x, y: Equal Earth for the world, plate carrée
    true to scale at the middle latitude for a region."""
    import numpy as np

    west, east, south, north = view
    mid = np.radians((south + north) / 2)

    def project(points):
        pts = np.asarray(points, dtype=float)
        if world:
            x, y = _equal_earth(pts[:, 0], pts[:, 1])
            return np.column_stack([x, y])
        return np.column_stack([pts[:, 0] * np.cos(mid), pts[:, 1]])

    return project


def _frame(view, project):
    """The projected edge of the lon/lat box (curved in Equal Earth)."""
    import numpy as np

    west, east, south, north = view
    edge = ([[lon, south] for lon in np.linspace(west, east, 60)] + [[east, lat] for lat in np.linspace(south, north, 30)]
            + [[lon, north] for lon in np.linspace(east, west, 60)] + [[west, lat] for lat in np.linspace(north, south, 30)])
    return project(edge)


def _draw_map(ax, geometry, scored: dict, construct: str, view, world: bool, inches: float, labels: bool,
              inset=None, small: float = SMALL):
    """One map on `ax`: countries filled by level on the score's own scale, the US and China
    hatched and named, the rest grey; a country too small to see (or with no outline) also a
    dot; names where they fit (`labels`). Returns what the legend needs: {"hatched", "dots"}."""
    import numpy as np
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Polygon as Outline
    from matplotlib.patheffects import withStroke

    project = _projector(view, world)
    outline = _frame(view, project)
    x0, y0 = outline.min(axis=0)
    x1, y1 = outline.max(axis=0)
    scale = inches / (x1 - x0)  # inches per map unit
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(Outline(outline, closed=True, facecolor="#eef4f8", edgecolor="#bbbbbb", lw=0.5))
    colors = palette(construct)
    shapes, area_of = [], {}
    for code, entry in geometry["countries"].items():
        for ring in entry["rings"]:
            xy = project(ring)
            area = 0.5 * abs(np.dot(xy[:, 0], np.roll(xy[:, 1], 1)) - np.dot(xy[:, 1], np.roll(xy[:, 0], 1)))
            shapes.append((area, code, xy))
            area_of[code] = area_of.get(code, 0.0) + area * scale * scale
    # largest first, so that a country inside another (Lesotho) is drawn on top
    shapes.sort(key=lambda s: -s[0])
    faces, hatched, powers = [], [], {code: [] for code in POWERS}
    for _area, code, xy in shapes:
        rec = scored.get(code)
        level = None if rec is None else rec[f"{construct}_level"]
        if code in POWERS:
            faces.append(POWERS[code][2])
            powers[code].append(xy)
            continue
        faces.append(NOT_SCORED if rec is None else colors.get(level, NO_SCORE))
        if rec is not None and level is None:
            hatched.append(xy)
    ax.add_collection(PolyCollection([s[2] for s in shapes], facecolors=faces, edgecolors="white", linewidths=0.35))
    for code, rings in powers.items():
        if rings:
            ax.add_collection(PolyCollection(rings, facecolors="none", edgecolors="#777777", linewidths=0.4,
                                             hatch=POWERS[code][1]))
    if hatched:
        ax.add_collection(PolyCollection(hatched, facecolors="none", edgecolors="#999999", linewidths=0.35,
                                         hatch="////"))
    halo = [withStroke(linewidth=2, foreground="white")]
    # where each country's name would go: the middle of its largest ring
    biggest = {}
    for area, code, xy in shapes:
        if code not in biggest or area > biggest[code][0]:
            biggest[code] = (area, xy)
    points = {code: project([[lon, lat]])[0] for code, (lon, lat) in geometry.get("points", {}).items()}
    dots = []
    lonlat = {code: np.mean(np.asarray(max(entry["rings"], key=len), dtype=float), axis=0)
              for code, entry in geometry["countries"].items() if entry["rings"]}
    for code, rec in sorted(scored.items()):
        if not (code in points or area_of.get(code, 0.0) < small):
            continue
        if inset is not None and (code in points or code in lonlat):
            lon, lat = geometry["points"][code] if code in points else lonlat[code]
            if inset[0] <= lon <= inset[1] and inset[2] <= lat <= inset[3]:
                continue  # the inset shows it
        if code in points:
            px, py = points[code]
        elif code in biggest:
            px, py = biggest[code][1].mean(axis=0)
        else:
            continue
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            continue
        dots.append(rec["name"])
        ax.plot([px], [py], marker="o", markersize=4.5, markerfacecolor=colors.get(rec[f"{construct}_level"], NO_SCORE),
                markeredgecolor=INK, markeredgewidth=0.6, zorder=5)
    if labels:
        size = FONT - 2
        named = []
        for code, (area, xy) in biggest.items():
            name = POWERS[code][0] if code in POWERS else (scored[code]["name"] if code in scored else None)
            if name is None:
                continue
            cx, cy = xy.mean(axis=0)
            w = (xy[:, 0].max() - xy[:, 0].min()) * scale
            h = (xy[:, 1].max() - xy[:, 1].min()) * scale
            text_w = len(name) * size * EM / 72
            if not (x0 <= cx <= x1 and y0 <= cy <= y1) or ((w < text_w or h < size / 72 * 1.4) and code not in POWERS):
                continue
            named.append((code in POWERS, area, name, cx, cy, text_w))
        placed = []
        for power, _area, name, cx, cy, text_w in sorted(named, reverse=True):
            half_w, half_h = text_w * 0.55 / scale, size / 72 * 0.7 / scale  # with a margin
            box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                continue
            placed.append(box)
            ax.text(cx, cy, name, fontsize=size + (1 if power else 0), ha="center", va="center", color=INK,
                    path_effects=halo, zorder=6, fontweight="bold" if power else "normal", clip_on=True)
    seen = [code for code, rings in powers.items()
            if any(((xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)).any() for xy in rings)]
    return {"hatched": bool(hatched), "dots": dots, "powers": seen}


def choropleth(records: list[dict], method, construct, view: str, year: int, fmt: str, geometry: dict,
               origin: str | None = None, sources: str | None = None, style: Editorial = PLAIN) -> bytes:
    """A map of a construct's levels (`construct` a name, or a list of names: maps side by side,
    each on its score's own scale): covered countries filled by level, the US and China hatched
    and named, the rest grey ("not scored"); small states (Malta, Singapore, Brunei,
    Luxembourg) also as dots; names where they fit; the world map has an inset of Europe. The
    frame is `view` (regions.VIEWS)."""
    from .regions import VIEWS

    names = [construct] if isinstance(construct, str) else list(construct)
    box, view_title = VIEWS[view]
    world = view == "world"
    scored = {r["code"]: r for r in records if r["kind"] == "country"}
    outline = _frame(box, _projector(box, world))
    aspect = (outline[:, 1].max() - outline[:, 1].min()) / (outline[:, 0].max() - outline[:, 0].min())
    page_w = style.size((7.4 if len(names) == 1 else 8.27, None))[0]
    x0, gap = 0.3, 0.25
    map_w = (page_w - 2 * x0 - gap * (len(names) - 1)) / len(names)
    map_h = map_w * aspect
    labels = " and ".join(method.constructs[n].label for n in names)
    title = style.title or f"{labels}, {year}: {view_title}"
    sub = style.subtitle or (f"Method {safe(method.name, 30)}. Countries filled by level"
                             + (", each map on its score's own scale" if len(names) > 1 else "")
                             + "; the United States and China hatched (where shown); grey: not scored by hedge.")
    head_h = 0.26 + 0.22 * len(wrap(title, page_w - 2 * x0, 12)) + 0.16 * len(wrap(sub, page_w - 2 * x0, FONT)) + 0.1
    foot = _foot_lines(page_w, method, source_line(origin, method, sources) + ". "
                       + safe(geometry.get("source", {}).get("credit", "Made with Natural Earth"), 40)
                       + "; borders as Natural Earth draws them (de facto)", style,
                       [definition(method, n) for n in names])
    legend_h = 0.22 * (len(names) + 1) + 0.2
    height = style.size((7.4, None))[1] or head_h + 0.25 * (len(names) > 1) + map_h + legend_h + 0.3 + LINE_STEP * len(foot)
    with _rc():
        fig = _figure(page_w, height)
        y = _head(fig, page_w, height, title, sub, Editorial(), x0)
        drawn = []
        for i, name in enumerate(names):
            left = x0 + i * (map_w + gap)
            if len(names) > 1:
                fig.text(left / page_w, 1 - y / height, method.constructs[name].label, fontsize=FONT + 1,
                         fontweight="bold", color=INK, va="top")
            top = y + (0.25 if len(names) > 1 else 0)
            ax = fig.add_axes((left / page_w, 1 - (top + map_h) / height, map_w / page_w, map_h / height))
            drawn.append(_draw_map(ax, geometry, scored, name, box, world, map_w, labels=True,
                                   inset=EUROPE_INSET if world else None))
            if world:  # Europe, too small on the world map to read: an inset over the South Pacific
                iw = map_w * 0.2
                inset_box = EUROPE_INSET
                iout = _frame(inset_box, _projector(inset_box, False))
                ih = iw * (iout[:, 1].max() - iout[:, 1].min()) / (iout[:, 0].max() - iout[:, 0].min())
                iax = fig.add_axes(((left + 0.01 * map_w) / page_w, 1 - (top + map_h - 0.01 * map_h) / height,
                                    iw / page_w, ih / height))
                drawn.append(_draw_map(iax, geometry, scored, name, inset_box, False, iw, labels=False,
                                       small=SMALL / 8))
                iax.text(0.03, 0.97, "Europe", transform=iax.transAxes, fontsize=FONT - 1, fontweight="bold",
                         color=INK, va="top", ha="left")
        y = top + map_h + 0.15
        lax = fig.add_axes((0, 0, 1, 1), zorder=-1)
        lax.set_xlim(0, page_w)
        lax.set_ylim(height, 0)
        lax.set_axis_off()
        for name in names:
            _swatches(lax, x0, y, method.constructs[name].label, palette(name))
            y += 0.22
        _extras_legend(lax, x0, y, any(d["hatched"] for d in drawn),
                       sorted({n for d in drawn for n in d["dots"]}), {c for d in drawn for c in d["powers"]})
        _draw_foot(fig, page_w, height, foot, x0)
        return save(fig, fmt)


def _extras_legend(ax, x: float, y: float, hatched: bool, dots: list[str], powers=("USA", "CHN")) -> None:
    """The map's other marks: the two powers (those on the map), not scored, no score, the dots
    of small states."""
    from matplotlib.patches import Rectangle

    w, h = 0.28, 0.15
    entries = [(POWERS[c][2], POWERS[c][1], label) for c, label in (("USA", "United States (the reference)"),
                                                                   ("CHN", "China")) if c in powers]
    entries.append((NOT_SCORED, None, "not scored"))
    if hatched:
        entries.append((NO_SCORE, "////", "no score (data)"))
    for fill, hatch, label in entries:
        ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="#777777", lw=0.4, hatch=hatch))
        ax.text(x + w + 0.05, y + h / 2, label, va="center", fontsize=FONT - 0.5, color=INK)
        x += w + 0.2 + len(label) * (FONT - 0.5) * EM / 72
    if dots:
        ax.plot([x + 0.1], [y + h / 2], marker="o", markersize=4.5, markerfacecolor="white", markeredgecolor=INK,
                markeredgewidth=0.6)
        ax.text(x + 0.22, y + h / 2, f"a small state ({len(dots)})", va="center", fontsize=FONT - 0.5, color=INK)


# ---------------------------------------------------------------- trends

# lines: Okabe-Ito's colour-blind-safe set without its yellow and orange (the level bands' hues),
# then again dashed, dotted ...
LINE_COLORS = ("#000000", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#7F3C8D", "#4D4D4D", "#1B9E77")
LINE_STYLES = ("-", "--", ":", "-.")
MAX_CHANGES = 16  # level changes listed under a trend figure; the rest are counted
MAX_LINES = 6  # more countries than this: a small panel each (small multiples), not one tangle


def tint(color: str, strength: float = 0.35) -> str:
    """`color` mixed with white: a light band behind lines."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - v) * strength) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def readable(text: str, labels: dict[str, str] | None) -> str:
    """Indicator ids in `text` replaced by the data file's names for them (a driver such as
    "trade.china_tilt +3.2 points" reads "China's share of great-power goods trade +3.2 points")."""
    import re

    if not labels:
        return text
    return re.sub(r"[a-z_]+\.[a-z0-9_]+", lambda m: labels.get(m.group(0), m.group(0)), text)


def spread(values: list[float], gap: float, lo: float = 0.0, hi: float = 100.0) -> list[float]:
    """Label positions as near `values` as they can be while `gap` apart (the order kept)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    pos = [0.0] * len(values)
    floor = lo - gap
    for i in order:  # upwards: each at least `gap` above the one below
        floor = max(values[i], floor + gap)
        pos[i] = floor
    ceiling = hi + gap
    for i in reversed(order):  # downwards: none above the top, the gaps kept
        ceiling = min(pos[i], ceiling - gap)
        pos[i] = ceiling
    return pos


def _first_scored(series, names) -> int | None:
    years = [r["year"] for s in series for r in s["records"] if any(r[f"{n}_score"] is not None for n in names)]
    return min(years) if years else None


def trend(series: list[dict], method, fmt: str, origin: str | None = None, bands: dict | None = None,
          constructs: list[str] | None = None, size: tuple[float, float] | None = None,
          sources: str | None = None, labels: dict[str, str] | None = None, style: Editorial = PLAIN,
          into=None, compact: bool = False) -> bytes:
    """Scores over the years, from the first year with a score. Up to MAX_LINES countries: a
    panel per construct, a line per country labelled at its end, over the five level bands
    (the construct's own thresholds and colours); level changes are circled on the lines and
    listed below with the indicator that drove each (by its name in the data file, `labels`).
    More countries: a small panel per country with both scores (small multiples).

    `series`: per country {"code", "name", "records": trend records, "changes": [LevelChange]}.
    `bands`: {"draws", "seed", "years", code: {construct: {"p5": [...], "p95": [...]}}}: the 5-95%
    Monte Carlo band per year, shaded around each line.
    `compact` (a figure within a page, `into` a SubFigure of `size`): no title, definitions or
    credits (the page has them), the latest four level changes.
    """
    names = constructs or list(method.constructs)
    first = _first_scored(series, names) or series[0]["records"][0]["year"]
    last = series[0]["records"][-1]["year"]
    if len(series) > MAX_LINES:
        return _small_multiples(series, method, fmt, origin, bands, names, first, last, sources, style)
    changes = sorted(((ch.year, s["name"], ch) for s in series for ch in s["changes"] if ch.construct in names),
                     key=lambda t: (t[0], t[1], t[2].construct))
    shown = changes[-(4 if compact else MAX_CHANGES):]  # the latest ones
    # `size`: (width, a panel's height), or compact: (width, height)
    width = size[0] if size else style.size((7.0, None))[0]
    panel_h = size[1] if size and not compact else 2.35
    x0 = 0.3
    who = ", ".join(safe(s["name"], 30) for s in series)
    title = f"{who}: {scores_title(method).lower() if len(names) > 1 else method.constructs[names[0]].label.lower()}"
    sub = f"{first}-{last}, 0-100 scale, method {safe(method.name, 30)}; shading: the five levels"
    if bands:
        sub += f"; band around a line: 5-95% ({bands['draws']:,} draws, seed {bands['seed']})"
    if changes:
        sub += "; ○ a level change"
    change_lines = [] if len(changes) <= len(shown) else [
        f"... {len(changes) - len(shown)} earlier (hedge trend COUNTRY lists them all)"]
    change_lines += [f"{year} {safe(w, 28)}: {safe(method.constructs[ch.construct].label, 20)} {ch.before} → "
                    f"{ch.after} ({readable(ch.driver, labels)})" for year, w, ch in shown]
    if compact:  # a page lists them itself
        change_lines = []
    notes = [("Level changes and the indicator that drove each:", FONT - 0.5, INK)] if change_lines else []
    for line in change_lines:
        notes += [(t, FONT - 1.5, INK) for t in wrap(line, width - 2 * x0, FONT - 1.5)]
    foot = notes + ([] if compact else _foot_lines(width, method, source_line(origin, method, sources), style,
                                                   [definition(method, n) for n in names]))
    head_h = 0.26 + 0.22 * len(wrap(style.title or title, width - 2 * x0, 12)) + \
        0.16 * len(wrap(style.subtitle or sub, width - 2 * x0, FONT)) + 0.1
    if compact:
        head_h = 0.1
    foot_h = (0.15 if compact else 0.3) + LINE_STEP * len(foot)
    height = (style.size((7.0, None))[1] if size is None else None) or head_h + panel_h * len(names) + foot_h
    if compact and size:
        height = size[1]
    panel_h = (height - head_h - foot_h) / len(names)
    label_w = 1.35  # the right margin: the lines' names
    with _rc():
        fig = _canvas(into, width, height)
        if not compact:
            _head(fig, width, height, title, sub, style, x0)
        for p, name in enumerate(names):
            c = method.constructs[name]
            colors = palette(name)
            bottom = foot_h + panel_h * (len(names) - 1 - p)
            ax = fig.add_axes((1.05 / width, (bottom + 0.28) / height, (width - 1.05 - label_w) / width,
                               (panel_h - 0.42) / height))
            cuts = [0.0, *c.thresholds, 100.0]
            for level, lo, hi in zip(LEVELS, cuts, cuts[1:]):
                ax.axhspan(lo, hi, facecolor=tint(colors[level], 0.35), edgecolor="none", zorder=0)
            ends = []
            for i, s in enumerate(series):
                color, ls = LINE_COLORS[i % len(LINE_COLORS)], LINE_STYLES[(i // len(LINE_COLORS)) % 4]
                pts = [(r["year"], r[f"{name}_score"]) for r in s["records"] if r[f"{name}_score"] is not None]
                if bands and s["code"] in bands:
                    b = bands[s["code"]][name]
                    # the band's own years (the Monte Carlo runs only the years that have a score)
                    lo_hi = [(y, lo, hi) for y, lo, hi in zip(bands.get("years", []), b["p5"], b["p95"])
                             if lo is not None]
                    if lo_hi:
                        ax.fill_between([t[0] for t in lo_hi], [t[1] for t in lo_hi], [t[2] for t in lo_hi],
                                        color=color, alpha=0.16, lw=0, zorder=2)
                if not pts:
                    continue
                ax.plot([t[0] for t in pts], [t[1] for t in pts], color=color, ls=ls, lw=1.5, zorder=3)
                at = dict(pts)
                for ch in s["changes"]:
                    if ch.construct == name and ch.year in at:
                        ax.plot([ch.year], [at[ch.year]], marker="o", ms=4.5, mfc="white", mec=color, mew=1.2,
                                zorder=4)
                ends.append((pts[-1][1], safe(s["name"], 22), color))
            # each line named at its end, the names spread so that none covers another
            gap = 100 * 1.5 * FONT / 72 / max(0.5, panel_h - 0.42)
            for (v, label, color), y in zip(ends, spread([e[0] for e in ends], gap)):
                ax.annotate(label, (last, v), xytext=(last + 0.6, y), textcoords="data", fontsize=FONT - 0.5,
                            color=color, va="center", ha="left", annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": color, "lw": 0.5} if abs(y - v) > 1 else None)
            ax.set_xlim(first - 0.5, last + 0.5)
            ax.set_ylim(0, 100)
            # the axis names the levels, at the middle of their bands (the cuts are in the definition)
            # a short panel names every other level (Low, Medium, High), so that the names do not touch
            shown = LEVELS if panel_h >= 0.95 else [lv if i % 2 == 0 else "" for i, lv in enumerate(LEVELS)]
            ax.set_yticks([(lo + hi) / 2 for lo, hi in zip(cuts, cuts[1:])], shown)
            ax.set_ylabel(safe(c.label, 30) + ("" if compact else " (0-100)"), fontsize=FONT - (1 if compact else 0),
                          color=INK)
            ax.tick_params(labelsize=FONT - 1, colors=INK, length=2)
            # ticks within the years shown (a locator's 2000 before a 2005 start would hang off the page)
            ax.set_xticks([yr for yr in range(first, last + 1) if yr % 5 == 0] or [first, last])
            for spine in ("top", "right"):
                ax.spines[spine].set_visible(False)
            if p < len(names) - 1:
                ax.tick_params(labelbottom=False)
        y = foot_h - 0.15
        for text, fsize, color in notes:
            fig.text(x0 / width, y / height, text, fontsize=fsize, color=color, va="top",
                     fontweight="bold" if fsize == FONT - 0.5 else "normal")
            y -= LINE_STEP
        _draw_foot(fig, width, height, foot[len(notes):], x0)
        return fig if into is not None else save(fig, fmt)


def _small_multiples(series, method, fmt, origin, bands, names, first, last, sources, style) -> bytes:
    """A small panel per country, every score a line in its own colour (the darker end of its
    level scale) over the thresholds, on shared axes; for many countries at once."""
    n = len(series)
    cols = 4 if n <= 16 else 5
    rows = -(-n // cols)
    width = style.size((8.27, None))[0]
    x0 = 0.3
    title = style.title or f"{n} countries: {scores_title(method).lower()}, {first}-{last}"
    sub = (style.subtitle or f"0-100 scale, method {safe(method.name, 30)}; grid lines: the level thresholds"
           + (f"; bands: 5-95% ({bands['draws']:,} draws, seed {bands['seed']})" if bands else "")
           + "; level changes: hedge trend COUNTRY")
    head_h = 0.26 + 0.22 * len(wrap(title, width - 2 * x0, 12)) + 0.16 * len(wrap(sub, width - 2 * x0, FONT)) + 0.3
    foot = _foot_lines(width, method, source_line(origin, method, sources), style,
                       [definition(method, nm) for nm in names])
    foot_h = 0.35 + LINE_STEP * len(foot)
    panel_w = (width - 0.75) / cols
    height = style.size((8.27, None))[1] or head_h + foot_h + rows * min(1.45, panel_w * 0.8)
    panel_h = (height - head_h - foot_h) / rows
    colors = {nm: palette(nm)["High"] for nm in names}
    with _rc():
        fig = _figure(width, height)
        y = _head(fig, width, height, title, sub, Editorial(), x0)
        # the key: a line per score
        x = x0
        for i, nm in enumerate(names):
            fig.lines.append(_key_line(fig, width, height, x, y + 0.05, colors[nm], LINE_STYLES[i % 4]))
            fig.text((x + 0.4) / width, 1 - (y + 0.05) / height, method.constructs[nm].label, fontsize=FONT - 0.5,
                     color=INK, va="center")
            x += 0.55 + len(method.constructs[nm].label) * FONT * EM / 72
        for k, s in enumerate(series):
            r, cidx = divmod(k, cols)
            left = 0.5 + cidx * panel_w
            bottom = height - head_h - (r + 1) * panel_h
            ax = fig.add_axes(((left + 0.05) / width, (bottom + 0.22) / height, (panel_w - 0.35) / width,
                               (panel_h - 0.45) / height))
            for t in sorted({t for nm in names for t in method.constructs[nm].thresholds}):
                ax.axhline(t, color="#dddddd", lw=0.5, zorder=0)
            for i, nm in enumerate(names):
                pts = [(rec["year"], rec[f"{nm}_score"]) for rec in s["records"] if rec[f"{nm}_score"] is not None]
                if bands and s["code"] in bands:
                    b = bands[s["code"]][nm]
                    lo_hi = [(yr, lo, hi) for yr, lo, hi in zip(bands.get("years", []), b["p5"], b["p95"])
                             if lo is not None]
                    if lo_hi:
                        ax.fill_between([t[0] for t in lo_hi], [t[1] for t in lo_hi], [t[2] for t in lo_hi],
                                        color=colors[nm], alpha=0.15, lw=0)
                if pts:
                    ax.plot([t[0] for t in pts], [t[1] for t in pts], color=colors[nm], ls=LINE_STYLES[i % 4], lw=1.3)
            ax.set_xlim(first - 0.5, last + 0.5)
            ax.set_ylim(0, 100)
            ax.set_yticks([0, 50, 100], ["", "50", "100"])  # no "0" in the corner, on the first year
            ax.set_xticks([first, last])
            ax.tick_params(labelsize=FONT - 2, colors=MUTED, length=2, pad=1)
            if cidx:
                ax.tick_params(labelleft=False)
            if r < rows - 1 and k + cols < n:
                ax.tick_params(labelbottom=False)
            for spine in ("top", "right"):
                ax.spines[spine].set_visible(False)
            ax.set_title(safe(s["name"], 24), fontsize=FONT - 0.5, color=INK, pad=2, loc="left")
        _draw_foot(fig, width, height, foot, x0)
        return save(fig, fmt)


def _key_line(fig, width, height, x, y, color, ls):
    from matplotlib.lines import Line2D

    return Line2D([x / width, (x + 0.32) / width], [1 - y / height] * 2, color=color, ls=ls, lw=1.5,
                  transform=fig.transFigure)


# ---------------------------------------------------------------- a country's parts


def _canvas(into, width: float, height: float):
    """A new figure, or `into` (a SubFigure of a page: the brief draws figures on its page)."""
    return _figure(width, height) if into is None else into


def parts(rec: dict, method, fmt: str, width: float = 6.3, into=None, height: float | None = None) -> bytes:
    """A bar per part of the method (0-100), shaded by fifths of the scale in grey (a part is
    neither good nor bad in itself: a strong US anchor is not a warning), its value at the end
    and what it measures beside, wrapped, never cut; a part with no data is named as such.
    `into` (with `width` and `height`): draw on that SubFigure."""
    from matplotlib.patches import Rectangle

    names = list(method.parts)
    name_w, bar_w = 1.0, min(2.6, width * 0.38)
    text_x = name_w + bar_w + 0.45
    size = FONT - 1
    labels = {p: wrap(method.parts[p].label, width - text_x - 0.1, size) for p in names}
    row = 0.06 + max(0.2, max(len(v) for v in labels.values()) * 0.13)
    natural = 0.12 + row * len(names) + 0.25
    height = height or natural
    row = (height - 0.37) / len(names)
    with _rc():
        fig = _canvas(into, width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        y = 0.12
        for p in names:
            value = rec["pillars"].get(p)
            ax.text(name_w - 0.08, y + row / 2, safe(p, 18), ha="right", va="center", fontsize=FONT, color=INK)
            ax.add_patch(Rectangle((name_w, y + 0.035), bar_w, row - 0.07, facecolor="#f7f7f7", edgecolor="#dddddd",
                                   lw=0.3))
            if value is None:
                ax.text(name_w + 0.05, y + row / 2, "no data", va="center", fontsize=FONT - 0.5, color=MUTED)
            else:
                fill = PART_COLORS[level_of(value, FIFTHS)]
                ax.add_patch(Rectangle((name_w, y + 0.035), bar_w * value / 100, row - 0.07, facecolor=fill,
                                       edgecolor="#777777", lw=0.3))
                ax.text(name_w + bar_w + 0.06, y + row / 2, f"{value:.1f}", va="center", fontsize=FONT - 0.5,
                        color=INK)
            ax.text(text_x, y + row / 2, "\n".join(labels[p]), va="center", fontsize=size, color=MUTED,
                    linespacing=1.0)
            y += row
        for tick in (0, 20, 40, 60, 80, 100):
            ax.text(name_w + bar_w * tick / 100, y + 0.1, str(tick), ha="center", va="center", fontsize=FONT - 1.5,
                    color=MUTED)
            ax.plot([name_w + bar_w * tick / 100] * 2, [0.12, y], color="white", lw=0.6, zorder=3)
        return fig if into is not None else save(fig, fmt)
