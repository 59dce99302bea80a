"""A one-page brief on one country: its levels with their odds, what they rest on, how they
moved, what would move them, and where every number comes from.

`compose` gathers the brief from the library (scoring, analysis, uncertainty); `to_html` lays it
out as one self-contained page (inline CSS and SVG figures, no script, nothing loaded from
anywhere; links to the sources are plain links); `to_pdf` puts the same on A4 pages. Every piece
of data text is escaped (html.escape) or drawn as literal text (figures.py).
"""

from __future__ import annotations

import html

from . import __version__

TOP = 5  # indicators listed per score
LEVERS = 3  # indicators listed per move ("alone would do it"); the rest are counted

# Evidence a reader may be shown: a source on its publisher's own site or a news organisation's.
# These hosts and titles mark the rest: encyclopaedias and their mirrors, document dumps,
# reposts and listicles (the data keep them, hedge sources lists them; a brief leaves them out).
WEAK_HOSTS = ("wikipedia.org", "wiki.com", "wikiwand", "yumpu.com", "docslib.org", "blogspot.", "wordpress.com",
              "worldpopulationreview.com", "newssniffer", "comparemela", "ledmy.com", "travel168.net",
              "keyanhelp.cn", "dictall.com", "gaxw.net", "tranalysis.com", "taiwandocuments", "khabarasia",
              "thekhybermail", "tritiyomatra", "business-gurus", "scribd.com", "studocu")
WEAK_PUBLISHERS = ("wikipedia", "world population review", "mirror", "reproduced by", "republished", "archived by")
LISTICLE = ("amazing", "you need to know", "things to know", "top 10", "facts about", "countries 20")


HTML_SOURCES = 12  # the sources and data gaps an A4 page's third column holds
HTML_GAPS = 4


def weak_source(source: dict) -> bool:
    """A source too weak to show a brief's reader as evidence: hosted by an encyclopaedia, a
    mirror or a document dump rather than by its publisher or a news organisation, or titled
    like a listicle."""
    from urllib.parse import urlparse

    try:
        host = (urlparse(str(source.get("url") or "")).hostname or "").lower()
    except ValueError:
        host = ""
    publisher = str(source.get("publisher") or "").lower()
    title = str(source.get("title") or "").lower()
    return (any(h in host for h in WEAK_HOSTS) or any(w in publisher for w in WEAK_PUBLISHERS)
            or any(w in title for w in LISTICLE))


def compose(dataset, code: str, year: int, method, draws: int, seed: int, first: int,
            origin: str | None) -> dict:
    """Everything the brief shows, as plain data (records, as the JSON contract has them)."""
    from . import analysis, figures, render, scoring, uncertainty

    result = scoring.score(dataset, code, year, method)
    rec = render.record(result, method, dataset)
    explained = render.explain_record(result, method, dataset)
    odds = uncertainty.run(dataset, year, method, draws, seed, [code])[code]
    results = analysis.trend(dataset, code, method, first, year)
    series = [{"code": code, "name": rec["name"],
               "records": render.trend_records(results, analysis.level_changes(results, method)),
               "changes": analysis.level_change_list(results, method)}]
    bands = {"draws": draws, "seed": seed, **uncertainty.run_years(dataset, list(range(first, year + 1)), method,
                                                                   draws, seed, [code])}
    used: dict[str, list[str]] = {}
    for ind in rec["indicators"]:
        if ind["source"] and ind["source"] in dataset.sources:
            used.setdefault(ind["source"], [])
            if ind["indicator"] not in used[ind["source"]]:
                used[ind["source"]].append(ind["indicator"])
    sources = [{"id": sid, **{k: dataset.sources[sid].get(k) for k in ("title", "publisher", "url")},
                "indicators": inds} for sid, inds in sorted(used.items())]
    weak = [s for s in sources if weak_source(s)]
    sources = [s for s in sources if not weak_source(s)]
    constructs = []
    for name, c in method.constructs.items():
        s = odds[name]
        level = rec[f"{name}_level"]
        top = sorted(explained[name]["contributions"], key=lambda x: -x["points"])[:TOP]
        # the headline is the level the Monte Carlo finds most likely, said so where the score's
        # own level differs (figures.central)
        modal, p_modal, differs = figures.central({f"{name}_level": level, "uncertainty": {name: {"levels": s.levels}}},
                                                  name)
        constructs.append({"name": name, "label": c.label, "score": rec[f"{name}_score"], "level": modal,
                           "score_level": level, "differs": differs,
                           "p_level": p_modal, "p5": s.p5, "p95": s.p95,
                           "top": top, "moves": render.move_lines(name, explained[name]),
                           "no_score": None if level else render.no_score_reason(rec, name, method)})
    labels = {k: v.get("name") or k for k, v in dataset.indicators.items()}
    credit = figures.credit(figures.sources_used(dataset, method, [code], year), dataset.sources)
    return {"record": rec, "constructs": constructs, "series": series, "bands": bands, "sources": sources,
            "weak": len(weak), "labels": labels, "credit": credit,
            "year": year, "first": first, "method": method, "origin": origin, "draws": draws, "seed": seed}


def reading(doc: dict) -> str:
    """The brief in one line: each level with its score and odds, then the computed note."""
    rec = doc["record"]
    parts = []
    for c in doc["constructs"]:
        if c["level"] is None:
            parts.append(f"{c['label'].lower()}: no score ({c['no_score']})")
        else:
            text = f"{c['label'].lower()} {c['level']} ({c['p_level']:.0%} likely; score {c['score']:.1f}"
            parts.append(text + (f", itself {c['score_level']})" if c["differs"] else ")"))
    return f"{rec['name']} in {doc['year']}: " + "; ".join(parts) + (f". {rec['note'][:1].upper()}{rec['note'][1:]}."
                                                                    if rec["note"] else ".")


def _e(value) -> str:
    from .render import plain

    return html.escape(plain(str(value)), quote=True)


def _svg(payload: bytes, alt: str) -> str:
    """An SVG file as an element to put inline (no XML prolog or DOCTYPE), with `alt` as its
    text alternative (role img, aria-label and a title: what a screen reader says)."""
    import re

    text = payload.decode("utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.S)  # matplotlib's RDF credits
    head = text.index(">") + 1
    return (text[:head - 1] + f' role="img" aria-label="{_e(alt)}">' + f"<title>{_e(alt)}</title>"
            + text[head:])


def _num(value) -> str:
    from .render import _num

    return "n/a" if value is None else _e(_num(value))


def _plain_num(value) -> str:
    from .render import _num

    return "n/a" if value is None else _num(value)


def _href(url) -> str | None:
    """A source's address as a link target: http(s) only (no javascript: or data: links)."""
    if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
        return None
    return _e(url)


def moves(doc: dict, c: dict) -> list[str]:
    """What would move a level (render.move_lines), indicators by their names in the data file,
    at most LEVERS indicators per move and the rest counted."""
    from .figures import readable

    out, shown, extra = [], 0, 0

    def close():
        if extra:
            out.append(f"  and {extra} more indicator{'s' if extra > 1 else ''} (hedge explain)")

    for line in c["moves"]:
        if not line.startswith("  "):
            close()
            out.append(readable(line, doc["labels"]))
            shown, extra = 0, 0
        elif shown < LEVERS:
            out.append(readable(line, doc["labels"]))
            shown += 1
        else:
            extra += 1
    close()
    return out


def top_lines(doc: dict, c: dict) -> list[str]:
    """The indicators adding most to a score, one line each, by their names in the data file."""
    from .figures import readable

    return [f"{t['points']:+.1f}  {readable(t['indicator'], doc['labels'])}: {_plain_num(t['value'])} {t['unit']}, "
            f"{t['year']}" for t in c["top"]]


def gap_lines(rec: dict) -> list[str]:
    gaps = [f"no data for the part {p}" for p in rec.get("missing_parts", [])]
    gaps += [f"missing: {m}" for m in rec.get("missing", [])]
    gaps += [f"carried forward: {k} ({age} year{'s' if age > 1 else ''} old)" for k, age in rec.get("stale", {}).items()]
    # the method's back_apply or before_first: a later decision dates the value read before it
    gaps += [f"applied back: {k} (before its first value, of {year})" for k, year in rec.get("applied_back", {}).items()]
    return gaps


def level_text(doc: dict, c: dict) -> str:
    """A score's box: the level the Monte Carlo finds most likely, its odds, the score."""
    if not c["level"]:
        return f"no score ({c['no_score']})"
    text = (f"{c['p_level']:.0%} of {doc['draws']:,} draws give this level; score {c['score']:.1f} "
            f"(5-95%: {c['p5']:.1f}-{c['p95']:.1f})")
    if c["differs"]:
        text += f"; the score itself is {c['score_level']}"
    return text


def figure_alt(doc: dict, kind: str) -> str:
    """A text alternative for an embedded figure: what it shows, with its numbers."""
    rec = doc["record"]
    if kind == "parts":
        values = ", ".join(f"{p} {'no data' if v is None else f'{v:.1f}'}" for p, v in rec["pillars"].items())
        return f"Bar chart of {rec['name']}'s parts on a 0-100 scale: {values}."
    recs = doc["series"][0]["records"]
    scored = [r for r in recs if any(r[f"{c['name']}_score"] is not None for c in doc["constructs"])]
    if not scored:
        return f"Line chart of {rec['name']}'s scores over the years: no year has a score."
    a, b = scored[0], scored[-1]
    moves = "; ".join(f"{c['label'].lower()} from {_fmt(a[c['name'] + '_score'])} in {a['year']} to "
                      f"{_fmt(b[c['name'] + '_score'])} in {b['year']}" for c in doc["constructs"])
    return f"Line chart of {rec['name']}'s scores over the years, over the five level bands: {moves}."


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.1f}"


CSS = """
@page { size: A4; margin: 11mm 12mm; }
body { margin: 0; background: #fff; color: #222; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       "DejaVu Sans", Arial, sans-serif; }
main { max-width: 880px; margin: 0 auto; padding: 24px 28px 32px; }
h1 { font-size: 26px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 22px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
h3 { font-size: 14px; margin: 10px 0 4px; }
.sub, .muted { color: #555; }
.reading { font-size: 15px; margin: 12px 0 6px; }
.levels { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 10px; }
.level { flex: 1 1 240px; border-radius: 6px; padding: 8px 14px; border: 1px solid #bbb; }
.level .what { font-weight: 600; }
.level .big { font-size: 22px; font-weight: 700; }
.cols { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 0 20px; }
figure { margin: 4px 0; }
figure svg { width: 100%; height: auto; display: block; }
ul { margin: 4px 0 8px; padding-left: 18px; }
li { margin: 1px 0; }
footer { margin-top: 18px; font-size: 12px; color: #555; border-top: 1px solid #ccc; padding-top: 6px; }
a { color: #0b5394; }
@media screen and (max-width: 860px) { .cols { grid-template-columns: 1fr 1fr; } }
@media screen and (max-width: 560px) { .cols { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 8px; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 17px; } h2 { font-size: 10px; margin: 7px 0 3px; break-after: avoid; } h3 { font-size: 8.5px; margin: 4px 0 1px; }
  .reading { font-size: 9px; margin: 5px 0 3px; } .level { padding: 3px 8px; } .level .big { font-size: 13px; }
  .levels { margin-top: 4px; } ul { margin: 1px 0 3px; padding-left: 12px; } li { margin: 0; }
  footer { font-size: 7px; margin-top: 6px; padding-top: 3px; }
  figure, .level { break-inside: avoid; } a { color: inherit; text-decoration: none; }
  .figure-parts svg { max-height: 40mm; } .figure-trend svg { max-height: 58mm; }
  .sources li { font-size: 7px; }
}
"""


def _figures(doc: dict, fmt: str, width: float, into=(None, None), heights=None):
    """The brief's two figures, compact (the page has the titles, definitions and credits). The
    parts chart takes a row per part (a line each), the trend the rest of their 4.5 inches."""
    from . import figures

    rec, method = doc["record"], doc["method"]
    if heights is None:
        parts_h = 0.37 + 0.155 * len(method.parts)
        heights = (parts_h, max(1.9, 4.5 - parts_h))
    parts = figures.parts(rec, method, fmt, width, into=into[0], height=heights[0])
    trend = figures.trend(doc["series"], method, fmt, doc["origin"], doc["bands"], size=(width, heights[1]),
                          labels=doc["labels"], into=into[1], compact=True)
    return parts, trend


def to_html(doc: dict) -> str:
    """The brief as one self-contained page; printed, it is the PDF's one A4 page."""
    from . import figures
    from .render import text_color

    rec, method = doc["record"], doc["method"]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(rec['name'])}: hedge brief, {doc['year']}</title>",
           f"<style>{CSS}</style></head><body><main>",
           f"<h1>{_e(rec['name'])} <span class=\"muted\">({_e(rec['code'])})</span></h1>",
           f"<p class=\"sub\">{doc['year']} · method {_e(method.name)} · hedge {_e(__version__)}</p>",
           f"<p class=\"reading\">{_e(reading(doc))}</p>", '<div class="levels">']
    for c in doc["constructs"]:
        fill = figures.palette(c["name"]).get(c["level"], "#ffffff")
        score = "" if c["score"] is None else f" · {c['score']:.1f}"
        out.append(f'<div class="level" style="background:{fill};color:{text_color(fill)}">'
                   f'<div class="what">{_e(c["label"])}</div>'
                   f'<div class="big">{_e(c["level"] or "no score")}{score}</div><div>{_e(level_text(doc, c))}</div></div>')
    out.append("</div>")
    parts, trend = _figures(doc, "svg", 7.27)
    out.append("<h2>Parts (0-100), shaded by fifths of the scale</h2>")
    out.append(f'<figure class="figure-parts">{_svg(parts, figure_alt(doc, "parts"))}</figure>')
    out.append("<h2>Over the years (○ a level change; band: 5-95% of the Monte Carlo)</h2>")
    out.append(f'<figure class="figure-trend">{_svg(trend, figure_alt(doc, "trend"))}</figure>')
    out.append('<div class="cols"><section><h2>What adds most to each score</h2>')
    for c in doc["constructs"]:
        out.append(f"<h3>{_e(c['label'])}</h3>")
        lines = top_lines(doc, c)
        out.append(_list(lines) if lines else f"<p class=\"muted\">No score: {_e(c['no_score'] or 'no data')}.</p>")
    changes = [f"{ch.year}: {method.constructs[ch.construct].label} {ch.before} → {ch.after}"
               for ch in doc["series"][0]["changes"]][-6:]
    if changes:
        out.append("<h3>Latest level changes</h3>" + _list(changes))
    out.append('</section><section><h2>What would move each level</h2>')
    for c in doc["constructs"]:
        out.append(f"<h3>{_e(c['label'])}</h3>")
        lines = moves(doc, c)
        out.append(_list(lines) if lines else '<p class="muted">Nothing: there is no score.</p>')
    out.append('</section><section><h2>Sources</h2><ul class="sources">')  # the third column
    # a page holds so many: the rest are one command away (every cited row is a source of its own)
    for src in doc["sources"][:HTML_SOURCES]:
        title = _e(src["title"] or src["id"])
        href = _href(src.get("url"))
        link = f'<a href="{href}">{title}</a>' if href else title
        publisher = f", {_e(src['publisher'])}" if src.get("publisher") else ""
        out.append(f"<li>{link}{publisher}</li>")
    out.append("</ul>")
    more = len(doc["sources"]) - HTML_SOURCES
    if more > 0:
        out.append(f'<p class="muted">... and {more} more (hedge cite {_e(rec["code"])})</p>')
    if doc["weak"]:
        out.append(f'<p class="muted">{_e(weak_note(doc))}</p>')
    out.append("<h2>Data gaps</h2><ul>")
    gaps = gap_lines(rec)
    out += [f"<li>{_e(g)}</li>" for g in gaps[:HTML_GAPS]] or ["<li>none: every indicator has a value of the year</li>"]
    if len(gaps) > HTML_GAPS:
        out.append(f'<li class="muted">... and {len(gaps) - HTML_GAPS} more (hedge score {_e(rec["code"])})</li>')
    out.append("</ul></section></div>")
    out.append(f"<footer>{_e(footer(doc))}</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def weak_note(doc: dict) -> str:
    n = doc["weak"]
    return (f"{n} weaker source{'s' if n > 1 else ''} (encyclopaedias, mirrors, reposts) left out here; "
            f"hedge sources lists every one.")


def footer(doc: dict) -> str:
    from .figures import definition, source_line

    method = doc["method"]
    defs = " ".join(definition(method, c["name"]) for c in doc["constructs"])
    return (f"{defs} Levels: the Monte Carlo's most likely, over weights, goalposts, aggregation and data errors "
            f"({doc['draws']:,} draws, seed {doc['seed']}). {source_line(doc['origin'], method, doc['credit'])}. "
            f"hedge explain {doc['record']['code']} gives every indicator's points.")


def _list(lines: list[str]) -> str:
    """render.move_lines (a line, then sub-lines indented by two spaces) as a nested list."""
    out, open_sub = ["<ul>"], False
    for line in lines:
        if line.startswith("  "):
            if not open_sub:
                out.append("<ul>")
                open_sub = True
            out.append(f"<li>{_e(line.strip())}</li>")
        else:
            if open_sub:
                out.append("</ul>")
                open_sub = False
            out.append(f"<li>{_e(line)}")
    if open_sub:
        out.append("</ul>")
    out.append("</ul>")
    return "".join(out)


A4 = (8.27, 11.69)
MARGIN = 0.5


class _Page:
    """Text on one A4 page, placed from the top in inches, wrapped to its column."""

    def __init__(self, fig):
        self.fig = fig

    def text(self, x: float, y: float, text: str, size: float = 7.0, weight: str = "normal",
             color: str = "#222222", **kw):
        from . import figures

        self.fig.text(x / A4[0], 1 - y / A4[1], figures.safe(text, 400), fontsize=size, fontweight=weight,
                      color=color, va="top", **kw)

    def lines(self, x: float, y: float, width: float, lines: list[str], size: float, step: float,
              limit: float, color: str = "#222222") -> tuple[float, int]:
        """Wrapped lines (a sub-line indented) down to `limit`; returns (y, lines left out)."""
        from . import figures

        for i, line in enumerate(lines):
            indent = 0.15 if line.startswith("  ") else 0.0
            wrapped = figures.wrap(line.strip(), width - indent - 0.05, size)
            if y + step * len(wrapped) > limit:
                return y, len(lines) - i
            for j, w in enumerate(wrapped):
                self.text(x + indent + (0.12 if j else 0.0), y, w, size, color=color)
                y += step
        return y, 0

    def head(self, x: float, y: float, width: float, text: str) -> float:
        self.text(x, y, text, 9.5, "bold")
        self.fig.add_artist(_rule(x, y + 0.2, width))
        return y + 0.27


def _slot(fig, x: float, y: float, width: float, height: float):
    """A SubFigure of the page at (x, y) inches from the top left: the middle cell of a 3 x 3
    grid (a subfigure takes its place from the grid's ratios, not from a grid's margins)."""
    from matplotlib.gridspec import GridSpec

    W, H = A4
    grid = GridSpec(3, 3, figure=fig, width_ratios=[x, width, W - x - width], height_ratios=[y, height, H - y - height],
                    wspace=0, hspace=0, left=0, right=1, top=1, bottom=0)
    sub = fig.add_subfigure(grid[1, 1])
    sub.set_facecolor("none")
    return sub


def _rule(x: float, y: float, width: float):
    from matplotlib.lines import Line2D

    return Line2D([x / A4[0], (x + width) / A4[0]], [1 - y / A4[1]] * 2, color="#cccccc", lw=0.6)


def to_pdf(doc: dict) -> bytes:
    """The brief as a PDF of one A4 page (see page)."""
    import io

    from matplotlib.backends.backend_pdf import PdfPages

    from . import figures

    buf = io.BytesIO()
    with figures._rc(), PdfPages(buf, metadata={"CreationDate": None, "ModDate": None,
                                                "Title": f"{figures.safe(doc['record']['name'])}: hedge brief"}) as pdf:
        pdf.savefig(page(doc))
    return buf.getvalue()


def page(doc: dict):
    """The brief as one A4 page: the reading and levels, the parts and the trend (drawn on the
    page, text kept as text), what adds most and what would move each level, the sources and
    the data gaps; a list too long for its room ends with how many are left out."""
    from matplotlib.patches import FancyBboxPatch

    from . import figures
    from .render import text_color

    rec, method = doc["record"], doc["method"]
    W, H = A4
    x, inner = MARGIN, A4[0] - 2 * MARGIN
    with figures._rc():
        fig = figures._figure(W, H)
        sheet = _Page(fig)
        sheet.text(x, 0.45, f"{rec['name']} ({rec['code']})", 16, "bold")
        sheet.text(x, 0.78, f"{doc['year']} · method {method.name} · hedge {__version__}", 8, color=figures.MUTED)
        y, _ = sheet.lines(x, 1.0, inner, [reading(doc)], 8.5, 0.15, 2.0)
        # the levels, a box each
        y += 0.06
        box_w = (inner - 0.15 * (len(doc["constructs"]) - 1)) / len(doc["constructs"])
        for i, c in enumerate(doc["constructs"]):
            bx = x + i * (box_w + 0.15)
            fill = figures.palette(c["name"]).get(c["level"], "#ffffff")
            ink = text_color(fill)
            fig.add_artist(FancyBboxPatch((bx / W, 1 - (y + 0.72) / H), box_w / W, 0.72 / H,
                                          boxstyle="round,pad=0,rounding_size=0.006", transform=fig.transFigure,
                                          facecolor=fill, edgecolor="#bbbbbb", lw=0.6))
            sheet.text(bx + 0.1, y + 0.07, c["label"], 8, "bold", ink)
            score = "" if c["score"] is None else f" · {c['score']:.1f}"
            sheet.text(bx + 0.1, y + 0.22, f"{c['level'] or 'no score'}{score}", 12.5, "bold", ink)
            for j, line in enumerate(figures.wrap(level_text(doc, c), box_w - 0.2, 6.5)[:2]):
                sheet.text(bx + 0.1, y + 0.46 + 0.12 * j, line, 6.5, color=ink)
        y += 0.85
        # the parts and the trend across the page, then three columns of text
        # a row per part (a line each), the trend the rest of their 4.2 inches (two panels need 1.8)
        parts_h = 0.37 + 0.14 * len(method.parts)
        trend_h = max(1.8, 4.2 - parts_h)
        y = sheet.head(x, y, inner, "Parts (0-100), shaded by fifths of the scale")
        figures.parts(rec, method, "figure", inner, into=_slot(fig, x, y, inner, parts_h), height=parts_h)
        y += parts_h + 0.05
        y = sheet.head(x, y, inner, "Over the years (○ a level change; band: 5-95% of the Monte Carlo)")
        figures.trend(doc["series"], method, "figure", doc["origin"], doc["bands"], size=(inner, trend_h),
                      labels=doc["labels"], into=_slot(fig, x, y, inner, trend_h), compact=True)
        y += trend_h + 0.08
        foot = figures.wrap(footer(doc), inner, 6)
        limit = H - MARGIN - 0.11 * len(foot) - 0.12
        col = (inner - 2 * 0.25) / 3
        xs = [x + i * (col + 0.25) for i in range(3)]
        # what adds most
        cy = sheet.head(xs[0], y, col, "What adds most to each score")
        for c in doc["constructs"]:
            sheet.text(xs[0], cy, c["label"], 7.5, "bold")
            cy, _ = sheet.lines(xs[0], cy + 0.15, col, top_lines(doc, c) or ["no score"], 6, 0.105, limit)
            cy += 0.05
        changes = [f"{ch.year}: {method.constructs[ch.construct].label} {ch.before} → {ch.after}"
                   for ch in doc["series"][0]["changes"]][-6:]
        if changes:
            sheet.text(xs[0], cy, "Latest level changes", 7.5, "bold")
            cy, _ = sheet.lines(xs[0], cy + 0.15, col, changes, 6, 0.105, limit)
        # what would move each level
        cy = sheet.head(xs[1], y, col, "What would move each level")
        for c in doc["constructs"]:
            sheet.text(xs[1], cy, c["label"], 7.5, "bold")
            cy, left = sheet.lines(xs[1], cy + 0.15, col, moves(doc, c) or ["nothing: there is no score"], 6, 0.105,
                                  limit)
            if left:
                sheet.text(xs[1], cy, f"... {left} more lines (hedge explain {rec['code']})", 6, color=figures.MUTED)
                cy += 0.105
            cy += 0.05
        # sources and data gaps
        cy = sheet.head(xs[2], y, col, "Sources")
        gaps = gap_lines(rec) or ["none: every indicator has a value of the year"]
        room = limit - 0.35 - 0.105 * min(len(gaps), 6) - (0.45 if doc["weak"] else 0)
        lines = [f"{s['title'] or s['id']}{', ' + s['publisher'] if s.get('publisher') else ''}" for s in doc["sources"]]
        cy, left = sheet.lines(xs[2], cy, col, lines, 6, 0.105, room)
        notes = ([f"... and {left} more (hedge cite {rec['code']})"] if left else []) + \
            ([weak_note(doc)] if doc["weak"] else [])
        cy, _ = sheet.lines(xs[2], cy, col, notes, 6, 0.105, room + 0.55, figures.MUTED)
        cy = sheet.head(xs[2], cy + 0.05, col, "Data gaps")
        cy, left = sheet.lines(xs[2], cy, col, gaps, 6, 0.105, limit)
        if left:
            sheet.text(xs[2], cy, f"... and {left} more (hedge score {rec['code']})", 6, color=figures.MUTED)
        fy = H - MARGIN - 0.11 * len(foot)
        fig.add_artist(_rule(x, fy - 0.05, inner))
        for i, line in enumerate(foot):
            sheet.text(x, fy + 0.11 * i, line, 6, color=figures.MUTED)
        return fig
