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


def compose(dataset, code: str, year: int, method, draws: int, seed: int, first: int,
            origin: str | None) -> dict:
    """Everything the brief shows, as plain data (records, as the JSON contract has them)."""
    from . import analysis, render, scoring, uncertainty

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
    constructs = []
    for name, c in method.constructs.items():
        s = odds[name]
        level = rec[f"{name}_level"]
        top = sorted(explained[name]["contributions"], key=lambda x: -x["points"])[:TOP]
        constructs.append({"name": name, "label": c.label, "score": rec[f"{name}_score"], "level": level,
                           "p_level": s.levels.get(level) if level else None, "p5": s.p5, "p95": s.p95,
                           "top": top, "moves": render.move_lines(name, explained[name]),
                           "no_score": None if level else render.no_score_reason(rec, name, method)})
    return {"record": rec, "constructs": constructs, "series": series, "bands": bands, "sources": sources,
            "year": year, "first": first, "method": method, "origin": origin, "draws": draws, "seed": seed}


def reading(doc: dict) -> str:
    """The brief in one line: each level with its score and odds, then the computed note."""
    rec = doc["record"]
    parts = []
    for c in doc["constructs"]:
        if c["level"] is None:
            parts.append(f"{c['label'].lower()}: no score ({c['no_score']})")
        else:
            parts.append(f"{c['label'].lower()} {c['level']} ({c['score']:.1f}, {c['p_level']:.0%} likely)")
    return f"{rec['name']} in {doc['year']}: " + "; ".join(parts) + (f". {rec['note'][:1].upper()}{rec['note'][1:]}."
                                                                    if rec["note"] else ".")


def _e(value) -> str:
    from .render import plain

    return html.escape(plain(str(value)), quote=True)


def _svg(payload: bytes) -> str:
    """An SVG file as an element to put inline (no XML prolog or DOCTYPE)."""
    import re

    text = payload.decode("utf-8")
    text = text[text.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.S)  # matplotlib's RDF credits


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


CSS = """
body { margin: 0; background: #fff; color: #222; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       "DejaVu Sans", Arial, sans-serif; }
main { max-width: 880px; margin: 0 auto; padding: 24px 28px 32px; }
h1 { font-size: 26px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 26px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
.sub, .muted { color: #555; }
.reading { font-size: 15px; margin: 14px 0 6px; }
.levels { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 12px; }
.level { flex: 1 1 240px; border-radius: 6px; padding: 10px 14px; border: 1px solid #bbb; }
.level .what { font-weight: 600; }
.level .big { font-size: 22px; font-weight: 700; }
figure { margin: 6px 0; }
figure svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 8px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul { margin: 4px 0 8px; padding-left: 20px; }
li { margin: 2px 0; }
footer { margin-top: 26px; font-size: 12px; color: #555; border-top: 1px solid #ccc; padding-top: 6px; }
a { color: #0b5394; }
@media print { main { padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
"""


def to_html(doc: dict) -> str:
    from . import figures
    from .render import LEVEL_COLORS, text_color

    rec, method = doc["record"], doc["method"]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(rec['name'])}: hedge brief, {doc['year']}</title>",
           f"<style>{CSS}</style></head><body><main>",
           f"<h1>{_e(rec['name'])} <span class=\"muted\">({_e(rec['code'])})</span></h1>",
           f"<p class=\"sub\">{doc['year']} · method {_e(method.name)} · hedge {_e(__version__)}</p>",
           f"<p class=\"reading\">{_e(reading(doc))}</p>", '<div class="levels">']
    for c in doc["constructs"]:
        fill = LEVEL_COLORS.get(c["level"], "#ffffff")
        odds = (f"{c['p_level']:.0%} of {doc['draws']:,} draws give this level; score 5-95%: "
                f"{c['p5']:.1f}-{c['p95']:.1f}" if c["level"] else _e(c["no_score"]))
        score = "" if c["score"] is None else f" · {c['score']:.1f}"
        out.append(f'<div class="level" style="background:{fill};color:{text_color(fill)}">'
                   f'<div class="what">{_e(c["label"])}</div>'
                   f'<div class="big">{_e(c["level"] or "no score")}{score}</div><div>{odds}</div></div>')
    out.append("</div>")
    out.append("<h2>Parts (0-100)</h2>")
    out.append('<p class="muted">Bars shaded by fifths of the scale, in the level colours; each score '
               'combines these parts as the method says (hedge method show).</p>')
    out.append(f"<figure>{_svg(figures.parts(rec, method, 'svg'))}</figure>")
    out.append("<h2>Over the years</h2>")
    out.append(f"<figure>{_svg(figures.trend(doc['series'], method, 'svg', doc['origin'], doc['bands']))}</figure>")
    out.append("<h2>What adds most to each score</h2>")
    for c in doc["constructs"]:
        out.append(f"<h3>{_e(c['label'])}</h3>")
        if not c["top"]:
            out.append(f"<p class=\"muted\">No score: {_e(c['no_score'] or 'no data')}.</p>")
            continue
        out.append('<table><tr><th>indicator</th><th>part</th><th class="num">value</th><th>unit</th>'
                   '<th class="num">year</th><th class="num">points</th></tr>')
        for t in c["top"]:
            out.append(f"<tr><td>{_e(t['indicator'])}</td><td>{_e(t['part'])}</td><td class=\"num\">{_num(t['value'])}"
                       f"</td><td>{_e(t['unit'])}</td><td class=\"num\">{_e(t['year'])}</td>"
                       f"<td class=\"num\">{t['points']:+.2f}</td></tr>")
        out.append("</table>")
    out.append("<h2>What would move each level</h2>")
    for c in doc["constructs"]:
        out.append(f"<h3>{_e(c['label'])}</h3>")
        out.append(_list(c["moves"]) if c["moves"] else '<p class="muted">Nothing: there is no score.</p>')
    out.append("<h2>Sources</h2><ul>")
    for s in doc["sources"]:
        title = _e(s["title"] or s["id"])
        href = _href(s.get("url"))
        link = f'<a href="{href}">{title}</a>' if href else title
        publisher = f", {_e(s['publisher'])}" if s.get("publisher") else ""
        out.append(f"<li>{link}{publisher}: <span class=\"muted\">{_e(', '.join(s['indicators']))}</span></li>")
    out.append("</ul><h2>Data gaps</h2><ul>")
    gaps = [f"no data for the part {p}" for p in rec.get("missing_parts", [])]
    gaps += [f"missing: {m}" for m in rec.get("missing", [])]
    gaps += [f"carried forward: {k} (value {age} year{'s' if age > 1 else ''} old)"
             for k, age in rec.get("stale", {}).items()]
    out += [f"<li>{_e(g)}</li>" for g in gaps] or ["<li>none: every indicator has a value of the year</li>"]
    out.append("</ul>")
    from .figures import source_line

    out.append(f"<footer>{_e(source_line(doc['origin'], method))}. Levels: five fixed bands of the 0-100 "
               f"score; odds from a Monte Carlo over weights, goalposts, aggregation and data errors "
               f"({doc['draws']:,} draws, seed {doc['seed']}). See hedge explain {_e(rec['code'])} for every "
               f"indicator's points.</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


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


def to_pdf(doc: dict) -> bytes:
    """The brief as a PDF: a page of text (the reading, the levels, what adds most, what would
    move each level, sources and gaps), then the parts and the trend as figure pages."""
    import io
    import textwrap

    from matplotlib.backends.backend_pdf import PdfPages

    from . import figures

    rec, method = doc["record"], doc["method"]
    lines: list[tuple[str, str]] = [("h1", f"{rec['name']} ({rec['code']})"),
                                    ("muted", f"{doc['year']} · method {method.name} · hedge {__version__}"), ("", "")]
    lines += [("", t) for t in textwrap.wrap(reading(doc), 100)] + [("", "")]
    for c in doc["constructs"]:
        if c["level"]:
            lines.append(("level:" + c["level"], f"{c['label']}: {c['level']} · {c['score']:.1f}   "
                          f"({c['p_level']:.0%} of {doc['draws']:,} draws; score 5-95%: {c['p5']:.1f}-{c['p95']:.1f})"))
        else:
            lines.append(("", f"{c['label']}: no score ({c['no_score']})"))
    lines += [("", ""), ("h2", "What adds most to each score")]
    for c in doc["constructs"]:
        lines.append(("h3", c["label"]))
        lines += [("", f"  {t['points']:+6.2f}  {t['indicator']} ({t['part']}): {_plain_num(t['value'])} "
                       f"{t['unit']}, {t['year']}") for t in c["top"]] or [("muted", "  no score")]
    lines += [("", ""), ("h2", "What would move each level")]
    for c in doc["constructs"]:
        lines.append(("h3", c["label"]))
        lines += [("", "  " + w) for m in c["moves"] for w in textwrap.wrap(m, 110)]
    lines += [("", ""), ("h2", "Sources")]
    for s in doc["sources"]:
        text = f"{s['title'] or s['id']}{', ' + s['publisher'] if s.get('publisher') else ''}" \
               f"{' <' + s['url'] + '>' if _href(s.get('url')) else ''}"
        lines += [("small", w) for w in textwrap.wrap(text, 130)]
    lines += [("", ""), ("h2", "Data gaps")]
    gaps = [f"no data for the part {p}" for p in rec.get("missing_parts", [])]
    gaps += [f"missing: {m}" for m in rec.get("missing", [])]
    gaps += [f"carried forward: {k} ({age} years)" for k, age in rec.get("stale", {}).items()]
    lines += [("small", g) for g in gaps] or [("small", "none")]
    buf = io.BytesIO()
    with figures._rc(), PdfPages(buf, metadata={"CreationDate": None, "ModDate": None,
                                                "Title": f"{figures.safe(rec['name'])}: hedge brief"}) as pdf:
        page, y = None, 0.0
        styles = {"h1": (16, "bold", figures.INK, 0.34), "h2": (11, "bold", figures.INK, 0.26),
                  "h3": (9, "bold", figures.INK, 0.2), "muted": (8, "normal", figures.MUTED, 0.17),
                  "small": (7, "normal", figures.INK, 0.15), "": (8, "normal", figures.INK, 0.17)}
        for kind, text in lines:
            size, weight, color, step = styles.get(kind, styles[""])
            if page is None or y + step > 11.69 - 0.6:
                if page is not None:
                    pdf.savefig(page)
                page, y = figures._figure(8.27, 11.69), 0.6
            if kind.startswith("level:"):
                from .render import LEVEL_COLORS, text_color

                fill = LEVEL_COLORS[kind[6:]]
                page.text(0.6 / 8.27, 1 - (y + 0.12) / 11.69, " " + figures.safe(text, 120) + " ", fontsize=9,
                          color=text_color(fill), va="center", bbox={"facecolor": fill, "edgecolor": "#999999",
                                                                    "boxstyle": "square,pad=0.3"})
                step = 0.3
            elif text:
                page.text(0.6 / 8.27, 1 - (y + step / 2) / 11.69, figures.safe(text, 140), fontsize=size,
                          fontweight=weight, color=color, va="center", family="DejaVu Sans")
            y += step
        pdf.savefig(page)
        for payload in (figures.parts(rec, method, "figure"), figures.trend(doc["series"], method, "figure",
                                                                              doc["origin"], doc["bands"])):
            pdf.savefig(payload)
    return buf.getvalue()
