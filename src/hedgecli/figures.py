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
    """The figure as svg, png or pdf bytes, with no date in the file (same input, same bytes)."""
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
            uncertainty: dict | None = None, origin: str | None = None) -> bytes:
    """The heat map figure: a row per country or group (in blocks), a column per construct (and
    per part with `pillars`), each cell filled by its level with the score printed in it.

    `uncertainty`: {"draws": n, "seed": s}; each record then carries its Monte Carlo summary,
    and a cell whose level has a probability below UNCERTAIN_BELOW gets a corner mark.
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
    top = 1.75 if pillars else 1.2
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

        title = f"{scores_title(method)}, {year}"
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
    for level in LEVELS:
        fill = LEVEL_COLORS[level]
        ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="#888888", lw=0.4))
        ax.text(x + w + 0.05, y + h / 2, level, va="center", fontsize=FONT - 0.5, color=INK)
        x += w + 0.1 + 0.056 * len(level) + 0.12
    if uncertainty:
        x += 0.05
        ax.add_patch(Rectangle((x, y), w, h, facecolor="#eeeeee", edgecolor="#888888", lw=0.4))
        s = 0.085
        ax.add_patch(Polygon([(x + w - 0.02 - s, y + 0.02), (x + w - 0.02, y + 0.02), (x + w - 0.02, y + 0.02 + s)],
                             closed=True, facecolor=INK, edgecolor="white", lw=0.4))
        ax.text(x + w + 0.05, y + h / 2, f"level probability below {UNCERTAIN_BELOW:.0%} "
                f"({uncertainty['draws']:,} draws, seed {uncertainty['seed']})", va="center", fontsize=FONT - 0.5,
                color=INK)
