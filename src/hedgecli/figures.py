"""Figures for print and the web: the heat map, the map, trends and a country's parts.

matplotlib is imported inside the functions that draw, so only the commands that write a
figure pay for it (hedge is called in loops). Every function takes records (the JSON contract,
render.record) and the method, and returns the file's bytes (svg, png or pdf); the CLI writes
them atomically.

Every level is filled from one ordered five-colour scale (render.LEVEL_COLORS, colour-blind safe,
luminance falling from Low to High so it reads in grayscale), and text on a fill is black or
white, whichever contrasts more. Text from data (country names, a data file's origin, method
names) is drawn as literal text: mathtext ($...$) and TeX are off, control characters replaced.
"""

from __future__ import annotations

import io

from . import __version__
from .method import LEVELS
from .render import LEVEL_COLORS, plain, scores_title, text_color

FORMATS = ("svg", "png", "pdf")
DPI = 150  # PNG resolution: sharp at page width, small files
UNCERTAIN_BELOW = 0.8  # a level whose probability is below this is marked as uncertain
NO_SCORE = "#ffffff"
NOT_SCORED = "#d4d4d4"  # countries outside the data, on the map
INK = "#222222"
MUTED = "#555555"
FONT = 8.0


def _rc():
    """matplotlib settings for every figure: literal text (no mathtext, no TeX), a white
    background, reproducible files (no dates, fixed SVG ids), text as paths in SVG (looks the
    same wherever it is opened)."""
    import matplotlib

    return matplotlib.rc_context({
        "text.parse_math": False, "text.usetex": False, "svg.hashsalt": "hedge", "svg.fonttype": "path",
        "font.family": "DejaVu Sans", "font.size": FONT, "axes.unicode_minus": False,
        "figure.facecolor": "white", "savefig.facecolor": "white", "axes.facecolor": "white",
        "pdf.fonttype": 42, "hatch.linewidth": 0.6,
    })


def safe(text, limit: int = 60) -> str:
    """Data text as a figure may show it: printable, one line, at most `limit` characters.
    (mathtext is off in _rc, so "$" and "\\" are shown as they are.)"""
    text = plain(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def save(fig, fmt: str) -> bytes:
    """The figure as svg, png or pdf bytes, with no date in the file (same input, same bytes);
    "figure": the matplotlib Figure itself (a page of a multi-page PDF)."""
    if fmt == "figure":
        return fig
    buf = io.BytesIO()
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                "png": {"Software": None}}[fmt]
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def source_line(dataset_origin: str | None, method) -> str:
    """The credit every figure carries: the data, the method, the tool."""
    data = "Data: hedge data file, see hedge sources" if dataset_origin is None else f"Data: {safe(dataset_origin, 50)}"
    return f"{data}  ·  Method {safe(method.name, 30)} (hedge method show)  ·  hedge {__version__}"


def level_of(score: float | None, thresholds) -> str | None:
    """The level of a 0-100 value on `thresholds` (as scoring.level, for the parts' fifths)."""
    if score is None:
        return None
    return LEVELS[sum(round(score, 1) >= t for t in thresholds)]


FIFTHS = (20.0, 40.0, 60.0, 80.0)


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


def heatmap(row_blocks: list[tuple[str, list[dict]]], method, year: int, fmt: str, pillars: bool = False,
            uncertainty: dict | None = None, origin: str | None = None, under: str | None = None) -> bytes:
    """The heat map figure: a row per country or group (in blocks), a column per construct (and
    per part with `pillars`), each cell filled by its level with the score printed in it.

    `uncertainty`: {"draws": n, "seed": s}; each record then carries its Monte Carlo summary,
    and a cell whose level has a probability below UNCERTAIN_BELOW gets a corner mark. `under`
    names a scenario the scores are under.
    """
    from matplotlib.patches import Polygon, Rectangle

    constructs = list(method.constructs.values())
    columns = [(c.label, c.name, "construct") for c in constructs]
    if pillars:
        columns += [(p, p, "part") for p in method.parts]
    n_rows = sum(len(rows) for _, rows in row_blocks)
    # layout in inches: a fixed row height, so that fonts read the same whatever the row count
    row_h, head_h = 0.19, 0.26
    name_w = 2.05
    col_w = 1.15 if not pillars else 0.62
    gap = 0.18 if pillars else 0.0
    top = (1.75 if pillars else 1.2) + (0.24 if uncertainty else 0.0)  # the mark's legend: a line of its own
    bottom = 0.55
    grid_w = col_w * len(columns) + gap
    right = 0.75 if pillars else 0.35  # room for the last slanted head
    width = max(6.3, name_w + grid_w + right)
    height = top + bottom + n_rows * row_h + len(row_blocks) * head_h
    left_pad = (width - name_w - grid_w - right) / 2 + 0.15
    with _rc():
        fig = _figure(width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)  # inches from the top
        ax.set_axis_off()
        x0 = left_pad + name_w

        def col_x(i: int) -> float:
            return x0 + i * col_w + (gap if i >= len(constructs) else 0.0)

        # under a scenario the title says so: a figure must not pass for the data as they are
        title = f"{scores_title(method)}, {year}" + (f", under {under}" if under else "")
        ax.text(left_pad, 0.22, safe(title, 90), fontsize=12, fontweight="bold", va="top", color=INK)
        sub = f"Method {safe(method.name, 30)}. Each cell: the level (colour) and the 0-100 score."
        if pillars:
            sub += " Parts are shaded by fifths of 0-100."
        ax.text(left_pad, 0.47, sub, fontsize=FONT, va="top", color=MUTED)
        _level_legend(ax, left_pad, 0.68, uncertainty)
        # column heads
        head_y = top - 0.06
        for i, (label, _name, kind) in enumerate(columns):
            cx = col_x(i) + col_w / 2
            if pillars:
                ax.text(cx - 0.05, head_y, safe(label, 18), rotation=40, ha="left", va="bottom", fontsize=FONT,
                        color=INK, rotation_mode="anchor", fontweight="bold" if kind == "construct" else "normal")
            else:
                ax.text(cx, head_y, safe(label, 18), ha="center", va="bottom", fontsize=FONT,
                        fontweight="bold", color=INK, wrap=False)
        y = top
        for block, rows in row_blocks:
            ax.text(left_pad, y + head_h - 0.06, safe(block, 50), fontsize=FONT, fontweight="bold", color=INK,
                    va="bottom")
            ax.plot([left_pad, x0 + grid_w], [y + head_h - 0.02] * 2, color="#999999", lw=0.5)
            y += head_h
            for rec in rows:
                ax.text(x0 - 0.08, y + row_h / 2, safe(rec["name"], 34), ha="right", va="center",
                        fontsize=FONT, color=INK)
                for i, (_label, name, kind) in enumerate(columns):
                    if kind == "construct":
                        score, level = rec[f"{name}_score"], rec[f"{name}_level"]
                    else:
                        score = rec["pillars"].get(name)
                        level = level_of(score, FIFTHS)
                    fill = LEVEL_COLORS.get(level, NO_SCORE)
                    x = col_x(i)
                    ax.add_patch(Rectangle((x, y), col_w, row_h, facecolor=fill, edgecolor="white", lw=1.2))
                    if level is None:
                        ax.add_patch(Rectangle((x + 0.01, y + 0.01), col_w - 0.02, row_h - 0.02, facecolor="none",
                                               edgecolor="#bbbbbb", lw=0.5))
                    ax.text(x + col_w / 2, y + row_h / 2 + 0.005, "n/a" if score is None else f"{score:.1f}",
                            ha="center", va="center", fontsize=FONT - 0.5,
                            color=MUTED if level is None else text_color(fill))
                    if kind == "construct" and uncertainty and level is not None:
                        p = rec["uncertainty"][name]["levels"].get(level, 0.0)
                        if p < UNCERTAIN_BELOW:
                            s = 0.085
                            ax.add_patch(Polygon([(x + col_w - 0.02 - s, y + 0.02), (x + col_w - 0.02, y + 0.02),
                                                  (x + col_w - 0.02, y + 0.02 + s)], closed=True,
                                                 facecolor=INK, edgecolor="white", lw=0.4))
                y += row_h
        ax.text(left_pad, height - 0.22, source_line(origin, method), fontsize=FONT - 1, color=MUTED, va="center")
        return save(fig, fmt)


def _level_legend(ax, x: float, y: float, uncertainty: dict | None) -> None:
    """The five levels as swatches in a row, then what marks an uncertain level."""
    from matplotlib.patches import Polygon, Rectangle

    w, h = 0.3, 0.16
    x0 = x
    for level in LEVELS:
        fill = LEVEL_COLORS[level]
        ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="#888888", lw=0.4))
        ax.text(x + w + 0.05, y + h / 2, level, va="center", fontsize=FONT - 0.5, color=INK)
        x += w + 0.1 + 0.056 * len(level) + 0.12
    if uncertainty:
        x, y = x0, y + 0.24
        ax.add_patch(Rectangle((x, y), w, h, facecolor="#eeeeee", edgecolor="#888888", lw=0.4))
        s = 0.085
        ax.add_patch(Polygon([(x + w - 0.02 - s, y + 0.02), (x + w - 0.02, y + 0.02), (x + w - 0.02, y + 0.02 + s)],
                             closed=True, facecolor=INK, edgecolor="white", lw=0.4))
        ax.text(x + w + 0.05, y + h / 2, f"marked: the level's probability is below {UNCERTAIN_BELOW:.0%} "
                f"(Monte Carlo, {uncertainty['draws']:,} draws, seed {uncertainty['seed']})", va="center",
                fontsize=FONT - 0.5, color=INK)


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


def choropleth(records: list[dict], method, construct: str, view: str, year: int, fmt: str, geometry: dict,
               origin: str | None = None) -> bytes:
    """A map of one construct's levels: covered countries filled by level, the rest grey ("not
    scored"), Malta and Singapore (no outline at 1:110m) as dots; the frame is `view`
    (regions.VIEWS)."""
    import numpy as np
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    from .regions import VIEWS

    (west, east, south, north), view_title = VIEWS[view]
    c = method.constructs[construct]
    scored = {r["code"]: r for r in records if r["kind"] == "country"}
    world = view == "world"
    mid = np.radians((south + north) / 2)  # regional views: plate carrée, true to scale at mid-latitude

    def project(points):
        pts = np.asarray(points, dtype=float)
        if world:
            x, y = _equal_earth(pts[:, 0], pts[:, 1])
            return np.column_stack([x, y])
        return np.column_stack([pts[:, 0] * np.cos(mid), pts[:, 1]])

    # the frame: the projected edge of the lon/lat box (curved in Equal Earth)
    edge = ([[lon, south] for lon in np.linspace(west, east, 60)] + [[east, lat] for lon in [0]
            for lat in np.linspace(south, north, 30)] + [[lon, north] for lon in np.linspace(east, west, 60)]
            + [[west, lat] for lat in np.linspace(north, south, 30)])
    outline = project(edge)
    x0, y0 = outline.min(axis=0)
    x1, y1 = outline.max(axis=0)
    map_w = 7.0 if world else 6.3
    map_h = map_w * (y1 - y0) / (x1 - x0)
    head, foot = 0.75, 1.1
    with _rc():
        from matplotlib.patches import Polygon as Outline

        fig = _figure(map_w + 0.4, map_h + head + foot)
        total_h = map_h + head + foot
        ax = fig.add_axes((0.2 / (map_w + 0.4), foot / total_h, map_w / (map_w + 0.4), map_h / total_h))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()
        # the sea, barely tinted, inside the frame
        ax.add_patch(Outline(outline, closed=True, facecolor="#eef4f8", edgecolor="#bbbbbb", lw=0.5))
        # largest first, so that a country inside another (Lesotho) is drawn on top
        shapes = []
        for code, entry in geometry["countries"].items():
            for ring in entry["rings"]:
                xy = project(ring)
                area = 0.5 * abs(np.dot(xy[:, 0], np.roll(xy[:, 1], 1)) - np.dot(xy[:, 1], np.roll(xy[:, 0], 1)))
                shapes.append((area, code, xy))
        shapes.sort(key=lambda s: -s[0])
        faces, hatched = [], []
        for _area, code, xy in shapes:
            rec = scored.get(code)
            level = None if rec is None else rec[f"{construct}_level"]
            faces.append(NOT_SCORED if rec is None else LEVEL_COLORS.get(level, NO_SCORE))
            if rec is not None and level is None:
                hatched.append(xy)
        ax.add_collection(PolyCollection([s[2] for s in shapes], facecolors=faces, edgecolors="white",
                                         linewidths=0.35))
        if hatched:
            ax.add_collection(PolyCollection(hatched, facecolors="none", edgecolors="#999999", linewidths=0.35,
                                             hatch="////"))
        dots = []
        for code, (lon, lat) in geometry.get("points", {}).items():
            rec = scored.get(code)
            if rec is None:
                continue
            level = rec[f"{construct}_level"]
            (px, py), = project([[lon, lat]])
            if not (x0 <= px <= x1 and y0 <= py <= y1):
                continue
            dots.append(rec["name"])
            ax.plot([px], [py], marker="o", markersize=5.5, markerfacecolor=LEVEL_COLORS.get(level, NO_SCORE),
                    markeredgecolor=INK, markeredgewidth=0.7, zorder=5)
            if not world:
                from matplotlib.patheffects import withStroke

                ax.annotate(safe(rec["name"], 20), (px, py), xytext=(5, -3), textcoords="offset points",
                            fontsize=FONT - 1, color=INK, zorder=6,
                            path_effects=[withStroke(linewidth=2, foreground="white")])
        # title, legend, credits
        top = 1 - 0.18 / total_h
        fig.text(0.2 / (map_w + 0.4), top, safe(f"{c.label}, {year}: {view_title}", 80), fontsize=12,
                 fontweight="bold", color=INK, va="top")
        fig.text(0.2 / (map_w + 0.4), top - 0.27 / total_h,
                 f"Method {safe(method.name, 30)}. Countries filled by level; grey: not scored by hedge.",
                 fontsize=FONT, color=MUTED, va="top")
        lax = fig.add_axes((0, 0, 1, foot / total_h))
        lax.set_xlim(0, map_w + 0.4)
        lax.set_ylim(foot, 0)
        lax.set_axis_off()
        x, y, w, h = 0.2, 0.2, 0.3, 0.15
        entries = [(LEVEL_COLORS[lv], lv, None) for lv in LEVELS] + [(NOT_SCORED, "not scored", None)]
        if hatched:
            entries.append((NO_SCORE, "no score (data)", "////"))
        for fill, label, hatch in entries:
            lax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="#888888", lw=0.4, hatch=hatch))
            lax.text(x + w + 0.05, y + h / 2, label, va="center", fontsize=FONT - 0.5, color=INK)
            x += w + 0.15 + 0.056 * len(label) + 0.08
        if dots:
            lax.plot([0.35], [0.52], marker="o", markersize=5.5, markerfacecolor="white", markeredgecolor=INK,
                     markeredgewidth=0.7)
            lax.text(0.55, 0.52, f"{', '.join(safe(d, 20) for d in dots)}: too small to outline at this scale, "
                     "drawn as a dot", va="center", fontsize=FONT - 0.5, color=INK)
        lax.text(0.2, 0.76, safe(geometry.get("source", {}).get("credit", "Made with Natural Earth"), 40)
                 + "; borders as Natural Earth draws them (de facto)", fontsize=FONT - 1, color=MUTED, va="center")
        lax.text(0.2, 0.93, source_line(origin, method), fontsize=FONT - 1, color=MUTED, va="center")
        return save(fig, fmt)


# ---------------------------------------------------------------- trends

# lines: Okabe-Ito's colour-blind-safe set without its yellow and orange (the level bands' hues),
# then again dashed, dotted ...
LINE_COLORS = ("#000000", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#7F3C8D", "#4D4D4D", "#1B9E77")
LINE_STYLES = ("-", "--", ":", "-.")
MAX_CHANGES = 16  # level changes listed under a trend figure; the rest are counted


def tint(color: str, strength: float = 0.35) -> str:
    """`color` mixed with white: a light band behind lines."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - v) * strength) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def trend(series: list[dict], method, fmt: str, origin: str | None = None, bands: dict | None = None,
          constructs: list[str] | None = None, size: tuple[float, float] | None = None) -> bytes:
    """Scores over the years: a panel per construct, a line per country on the 0-100 scale, the
    five level bands shaded behind (the construct's own thresholds), level changes numbered on
    the lines and listed below with the indicator that drove each.

    `series`: per country {"code", "name", "records": trend records, "changes": [LevelChange]}.
    `bands`: {"draws", "seed", code: {construct: {"p5": [...], "p95": [...]}}}: the 5-95%
    Monte Carlo band per year, shaded around each line.
    """
    names = constructs or list(method.constructs)
    years = [r["year"] for r in series[0]["records"]]
    changes = sorted(((ch.year, s["name"], ch) for s in series for ch in s["changes"] if ch.construct in names),
                     key=lambda t: (t[0], t[1], t[2].construct))
    shown = changes[:MAX_CHANGES]
    width, panel_h = size or (7.0, 2.35)
    head = 0.8
    legend_rows = (len(series) + 3) // 4
    foot = 0.35 + 0.2 * legend_rows + (0.17 * (len(shown) + (len(changes) > len(shown))) + 0.15 if changes else 0) + 0.3
    height = head + panel_h * len(names) + foot
    with _rc():
        fig = _figure(width, height)
        title_names = ", ".join(safe(s["name"], 30) for s in series[:4]) + (
            f" and {len(series) - 4} more" if len(series) > 4 else "")
        fig.text(0.35 / width, 1 - 0.15 / height, safe(f"{title_names}: {scores_title(method).lower()}", 95)
                 if len(names) > 1 else safe(f"{title_names}: {method.constructs[names[0]].label.lower()}", 95),
                 fontsize=12, fontweight="bold", color=INK, va="top")
        sub = f"{years[0]}-{years[-1]}, 0-100 scale, method {safe(method.name, 30)}; shading: the five levels"
        if bands:
            sub += f"; band around a line: 5-95% ({bands['draws']:,} draws, seed {bands['seed']})"
        fig.text(0.35 / width, 1 - 0.45 / height, sub, fontsize=FONT - 0.5, color=MUTED, va="top")
        number = {(t[0], t[1], t[2].construct): i + 1 for i, t in enumerate(shown)}
        stacked: dict[tuple[int, str], int] = {}  # numbers already placed at a year, per panel
        for p, name in enumerate(names):
            c = method.constructs[name]
            bottom = foot + panel_h * (len(names) - 1 - p)
            ax = fig.add_axes((0.75 / width, (bottom + 0.28) / height, (width - 1.7) / width,
                               (panel_h - 0.42) / height))
            cuts = [0.0, *c.thresholds, 100.0]
            for level, lo, hi in zip(LEVELS, cuts, cuts[1:]):
                ax.axhspan(lo, hi, facecolor=tint(LEVEL_COLORS[level], 0.3), edgecolor="none", zorder=0)
                ax.text(1.005, (lo + hi) / 2 / 100, level, transform=ax.transAxes, fontsize=FONT - 1.5,
                        color=MUTED, va="center", ha="left")
            for i, s in enumerate(series):
                color, style = LINE_COLORS[i % len(LINE_COLORS)], LINE_STYLES[(i // len(LINE_COLORS)) % 4]
                ys = [r[f"{name}_score"] for r in s["records"]]
                xs = [y for y, v in zip(years, ys) if v is not None]
                vs = [v for v in ys if v is not None]
                if bands and s["code"] in bands:
                    b = bands[s["code"]][name]
                    # the band's own years (the Monte Carlo runs only the years that have a score)
                    lo_hi = [(y, lo, hi) for y, lo, hi in zip(bands.get("years", years), b["p5"], b["p95"])
                             if lo is not None]
                    if lo_hi:
                        ax.fill_between([t[0] for t in lo_hi], [t[1] for t in lo_hi], [t[2] for t in lo_hi],
                                        color=color, alpha=0.16, lw=0, zorder=2)
                ax.plot(xs, vs, color=color, ls=style, lw=1.5, zorder=3, label=safe(s["name"], 30))
                for ch in s["changes"]:
                    key = (ch.year, s["name"], ch.construct)
                    if ch.construct != name or ch.year not in xs:
                        continue
                    v = vs[xs.index(ch.year)]
                    ax.plot([ch.year], [v], marker="o", ms=4, mfc="white", mec=color, mew=1.2, zorder=4)
                    if key in number:
                        above = stacked.get((ch.year, name), 0)
                        stacked[(ch.year, name)] = above + 1
                        ax.annotate(str(number[key]), (ch.year, v), xytext=(0, 6 + 9 * above), textcoords="offset points",
                                    ha="center", fontsize=FONT - 1.5, color=INK, zorder=5, fontweight="bold")
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
            ax.set_ylim(0, 100)
            ax.set_yticks([0, 20, 40, 60, 80, 100])
            ax.set_ylabel(safe(c.label, 30), fontsize=FONT, color=INK)
            ax.tick_params(labelsize=FONT - 1, colors=INK, length=2)
            ax.xaxis.get_major_locator().set_params(integer=True)
            for spine in ("top", "right"):
                ax.spines[spine].set_visible(False)
            if p < len(names) - 1:
                ax.tick_params(labelbottom=False)
        # legend of lines, then the numbered level changes, then the credits
        lax = fig.add_axes((0, 0, 1, foot / height))
        lax.set_xlim(0, width)
        lax.set_ylim(foot, 0)
        lax.set_axis_off()
        y = 0.15
        for i, s in enumerate(series):
            row, col = divmod(i, 4)
            x = 0.62 + col * (width - 1.2) / 4
            color, style = LINE_COLORS[i % len(LINE_COLORS)], LINE_STYLES[(i // len(LINE_COLORS)) % 4]
            lax.plot([x, x + 0.3], [y + row * 0.2] * 2, color=color, ls=style, lw=1.5)
            lax.text(x + 0.38, y + row * 0.2, safe(s["name"], 24), va="center", fontsize=FONT - 0.5, color=INK)
        y += legend_rows * 0.2 + 0.1
        if changes:
            lax.text(0.35, y, "Level changes (○ on the lines) and the indicator that drove each:", fontsize=FONT - 0.5,
                     color=INK, va="center", fontweight="bold")
            for i, (year, who, ch) in enumerate(shown):
                y += 0.17
                lax.text(0.35, y, f"{i + 1}.  {safe(who, 28)} {year}: {safe(method.constructs[ch.construct].label, 20)} "
                         f"{ch.before} → {ch.after} ({safe(ch.driver, 70)})", fontsize=FONT - 1.5, color=INK,
                         va="center")
            if len(changes) > len(shown):
                y += 0.17
                lax.text(0.35, y, f"... and {len(changes) - len(shown)} more (hedge trend COUNTRY lists them all)",
                         fontsize=FONT - 1.5, color=MUTED, va="center")
        lax.text(0.35, foot - 0.18, source_line(origin, method), fontsize=FONT - 1.5, color=MUTED, va="center")
        return save(fig, fmt)


# ---------------------------------------------------------------- a country's parts


def parts(rec: dict, method, fmt: str, width: float = 6.3) -> bytes:
    """A bar per part of the method (0-100), shaded by fifths of the scale, its value at the end
    and what it measures beside; a part with no data is named as such."""
    from matplotlib.patches import Rectangle

    names = list(method.parts)
    row = 0.25
    height = 0.15 + row * len(names) + 0.3
    name_w, bar_w = 1.15, 2.6
    with _rc():
        fig = _figure(width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        y = 0.15
        for p in names:
            value = rec["pillars"].get(p)
            ax.text(name_w - 0.08, y + row / 2, safe(p, 18), ha="right", va="center", fontsize=FONT, color=INK)
            ax.add_patch(Rectangle((name_w, y + 0.035), bar_w, row - 0.07, facecolor="#f2f2f2", edgecolor="none"))
            if value is None:
                ax.text(name_w + 0.05, y + row / 2, "no data", va="center", fontsize=FONT - 0.5, color=MUTED)
            else:
                fill = LEVEL_COLORS[level_of(value, FIFTHS)]
                ax.add_patch(Rectangle((name_w, y + 0.035), bar_w * value / 100, row - 0.07, facecolor=fill,
                                       edgecolor="#999999", lw=0.3))
                ax.text(name_w + bar_w + 0.06, y + row / 2, f"{value:.1f}", va="center", fontsize=FONT - 0.5,
                        color=INK)
            ax.text(name_w + bar_w + 0.5, y + row / 2, safe(method.parts[p].label, int((width - 4.3) * 19)), va="center",
                    fontsize=FONT - 1, color=MUTED)
            y += row
        for tick in (0, 20, 40, 60, 80, 100):
            ax.text(name_w + bar_w * tick / 100, y + 0.12, str(tick), ha="center", va="center", fontsize=FONT - 1.5,
                    color=MUTED)
            ax.plot([name_w + bar_w * tick / 100] * 2, [0.15, y], color="white", lw=0.6, zorder=3)
        return save(fig, fmt)
