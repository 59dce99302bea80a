"""Figures and the brief as an editor publishes them: no text overlapping or cut, one A4 page,
the sources and the scores named on the figure, an ordered scale per score (the alarm one
only for reversal risk), the Monte Carlo's most likely level in the headline, and the editor's
controls on every figure (title, subtitle, note, size, SVG text kept as text)."""

import copy
import re

import pytest
from typer.testing import CliRunner

import hedgecli
from hedgecli import brief, figures, plots, queries, render
from hedgecli.cli import app, main
from hedgecli.method import LEVELS

from .conftest import errors

runner = CliRunner()
A4_PT = ("595.44pt", "841.68pt")  # 8.27 x 11.69 inches


@pytest.fixture(scope="module")
def ctx():
    return queries.context()


def pages(pdf: bytes) -> int:
    """The pages of a PDF: its /Type /Page objects (not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def svg_text(payload: bytes) -> str:
    """The text of an SVG figure (kept as <text>, so it can be read and edited)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", payload.decode("utf-8")))


# ---------------------------------------------------------------- no text overlaps or is cut

LAYOUTS = {
    "heatmap": lambda c: plots.heatmap(c, "figure"),
    "heatmap with uncertainty": lambda c: plots.heatmap(c, "figure", uncertainty=True, draws=200),
    "heatmap with parts": lambda c: plots.heatmap(c, "figure", pillars=True, group_by="group"),
    "map of the world": lambda c: plots.choropleth(c, "figure", score="reversal"),
    "map of Europe": lambda c: plots.choropleth(c, "figure", region="europe"),
    "both maps of the Indo-Pacific": lambda c: plots.choropleth(c, "figure", score="both", region="indo-pacific"),
    "maps of the Americas": lambda c: plots.choropleth(c, "figure", score="both", region="americas"),
    "trend of three": lambda c: plots.trend(c, ["JPN", "DEU", "KOR"], "figure", uncertainty=True, draws=200),
    "trend of six": lambda c: plots.trend(c, ["JPN", "DEU", "KOR", "FRA", "GBR", "ITA"], "figure"),
    "trend of twenty": lambda c: plots.trend(c, ["JPN", "DEU", "KOR", "FRA", "GBR", "ITA", "ESP", "POL", "HUN",
                                                 "GRC", "TUR", "CAN", "MEX", "BRA", "IND", "AUS", "THA", "VNM",
                                                 "IDN", "PHL"], "figure"),
}


def test_the_layout_check_finds_overlapping_and_cut_text():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    fig.text(0.1, 0.5, "hello world")
    fig.text(0.15, 0.5, "overlapping")
    fig.text(0.9, 0.1, "cut off at the right edge")
    fig.text(0.1, 0.9, "alone")
    assert figures.layout_problems(fig) == ["cut: 'cut off at the right edge'",
                                            "overlap: 'hello world' and 'overlapping'"]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_no_text_of_a_figure_overlaps_another_or_falls_off_the_page(ctx, name):
    fig = LAYOUTS[name](ctx)
    assert figures.layout_problems(fig) == []


def test_the_scenario_heat_map_shows_before_and_after_with_its_whole_title():
    ctx = queries.context(scenario="examples/troops-leave-europe.toml")
    fig = plots.heatmap(ctx, "figure")
    assert figures.layout_problems(fig) == []
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    title = " ".join(t for t in texts if "under scenario" in t or "Europe'" in t)
    assert "US troops leave Europe'" in title  # wrapped, not cut
    assert any("before | after" in t for t in texts)


def _many(records, n: int) -> list[dict]:
    """`n` country records (copies of the shipped ones, renamed): the coming 70-country data."""
    countries = [r for r in records if r["kind"] == "country"]
    out = []
    for i in range(n):
        r = copy.deepcopy(countries[i % len(countries)])
        r["code"], r["name"] = f"X{i:02d}", f"{r['name']} {i}"
        out.append(r)
    return out


def test_a_heat_map_of_seventy_countries_and_five_groups_fits_an_a4_page(ctx):
    records = queries.heatmap(ctx)
    rows = [r for r in records if r["kind"] == "group"] + _many(records, 70)
    rows.append(dict(rows[0], code="QUAD", name="Quad"))
    fig = figures.heatmap(figures.blocks(rows, "none", {}, "hedging"), ctx.method, ctx.year, "figure")
    width, height = fig.get_size_inches()
    assert height <= 11.7 and width <= 8.3
    assert figures.layout_problems(fig) == []


def test_under_a_scenario_and_with_every_part_seventy_countries_still_fit_a_page(ctx):
    records = queries.heatmap(ctx)
    rows = [r for r in records if r["kind"] == "group"] + _many(records, 70)
    row_blocks = figures.blocks(rows, "region", {}, "hedging")
    for fig in (figures.heatmap(row_blocks, ctx.method, ctx.year, "figure", before={r["code"]: r for r in rows},
                                under="scenario 'US troops leave Europe'"),
                figures.heatmap(row_blocks, ctx.method, ctx.year, "figure", pillars=True)):
        assert fig.get_size_inches()[1] <= 11.7
        assert figures.layout_problems(fig) == []


def test_the_brief_is_one_a4_page_with_nothing_overlapping(ctx):
    doc = brief.compose(ctx.dataset, "DEU", ctx.year, ctx.method, 200, 1, ctx.dataset.first_year, None)
    page = brief.page(doc)
    assert tuple(page.get_size_inches()) == pytest.approx((8.27, 11.69))
    assert figures.layout_problems(page) == []
    assert pages(brief.to_pdf(doc)) == 1


@pytest.mark.parametrize("country", ["germany", "cambodia", "brazil"])
def test_the_brief_pdf_from_the_command_is_one_page(tmp_path, country):
    path = tmp_path / "b.pdf"
    assert main(["brief", country, "--output", str(path), "--draws", "200"]) == 0
    assert pages(path.read_bytes()) == 1


def test_the_brief_html_prints_on_a4_with_text_alternatives_and_no_cut_descriptions(tmp_path):
    path = tmp_path / "b.html"
    assert main(["brief", "germany", "--output", str(path), "--draws", "200"]) == 0
    page = path.read_text(encoding="utf-8")
    assert "@page { size: A4" in page
    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) == 2 and all('role="img"' in s and "aria-label=" in s for s in svgs)
    assert "Bar chart of Germany&#x27;s parts" in page and "Line chart of Germany&#x27;s scores" in page
    from hedgecli.method import default

    longest = max((p.label for p in default().parts.values()), key=len)
    assert longest.replace("'", "&#x27;") in page  # the longest part description, whole
    assert "…" not in page


# ---------------------------------------------------------------- what a figure says of itself


def test_the_source_line_names_the_main_sources_and_each_score_is_defined(ctx):
    text = svg_text(plots.heatmap(ctx, "svg"))
    for source in ("IMF IMTS", "SIPRI", "World Bank WDI", "UN statements on Xinjiang and Hong Kong"):
        assert source in text
    assert "see hedge sources" not in text and "hedge data file" not in text
    assert "Hedging: mean of trade, investment, technology, infrastructure, finance, diplomacy" in text
    assert "Reversal risk: mean of dependence, alignment, courting, opening, momentum" in text
    assert "restrained by up to 50% x anchor and 50% x friction" in text


def test_credit_names_large_sources_and_counts_the_rest():
    catalogue = {"a": {"publisher": "Agency A"}, "b": {"publisher": "Bureau B"}, "c": {"publisher": "Paper C"}}
    line = figures.credit({"imf-imts": 60, "a": 38, "b": 1, "c": 1}, catalogue)
    assert line == "IMF IMTS; Agency A; 2 other sources (news and official records)"


def _hue(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def test_each_scale_is_ordered_and_only_reversal_risk_is_on_the_alarm_scale():
    for name in ("hedging", "reversal", None):
        colors = figures.palette(name)
        lum = [render.luminance(colors[lv]) for lv in LEVELS]
        assert all(a > b + 0.05 for a, b in zip(lum, lum[1:])), name  # darker at each level: grayscale
        for color in colors.values():  # its text reads
            fg, bg = render.luminance(render.text_color(color)), render.luminance(color)
            assert (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05) >= 4.5
    assert figures.palette("reversal") == render.LEVEL_COLORS
    r, g, b = _hue(figures.palette("hedging")["High"])
    assert b > r and g > r  # blue-green, not red
    # a part (a strong US anchor among them) is grey: neither good nor bad
    assert all(len(set(_hue(c))) == 1 for c in figures.palette(None).values())


def test_the_headline_level_is_the_monte_carlos_most_likely_and_says_so_where_it_differs():
    rec = {"hedging_level": "Medium", "uncertainty": {"hedging": {"levels": {"Low-Medium": 0.55, "Medium": 0.45}}}}
    assert figures.central(rec, "hedging") == ("Low-Medium", 0.55, True)
    rec["uncertainty"]["hedging"]["levels"] = {"Medium": 0.9, "Low-Medium": 0.1}
    assert figures.central(rec, "hedging") == ("Medium", 0.9, False)
    assert figures.central({"hedging_level": "Medium"}, "hedging") == ("Medium", None, False)


def test_a_heat_map_marks_a_cell_whose_shown_level_is_not_its_scores_own(ctx, monkeypatch):
    records = queries.heatmap(ctx, True, 200, 1)
    rec = next(r for r in records if r["code"] == "DEU")
    own = LEVELS.index(rec["hedging_level"])
    other = LEVELS[own + 1 if own + 1 < len(LEVELS) else own - 1]
    rec["uncertainty"]["hedging"]["levels"] = {other: 0.6, rec["hedging_level"]: 0.4}
    text = svg_text(figures.heatmap([("Countries", [rec])], ctx.method, ctx.year, "svg",
                                    uncertainty={"draws": 200, "seed": 1}))
    assert f"{rec['hedging_score']}†" in text and "most likely level (shown) is not the level of the score printed" in text
    assert "outlined: the level shown is less than 80% likely" in text


def test_the_trend_starts_at_the_first_year_with_a_score_and_names_indicators_readably(ctx):
    text = svg_text(plots.trend(ctx, ["JPN", "DEU"], "svg"))
    _first, series = queries.trend(ctx, ["JPN", "DEU"], None)
    first = min(r["year"] for s in series for r in s["records"]
                if r["hedging_score"] is not None or r["reversal_score"] is not None)
    assert first > ctx.dataset.first_year and f"{first}-{ctx.year}, 0-100 scale" in text
    # level changes name their indicator as the data file calls it, not by its id
    changes = [c for s in series for c in s["changes"]]
    named = [ctx.dataset.indicators[c.driver.split(" ")[0]]["name"] for c in changes
             if c.driver.split(" ")[0] in ctx.dataset.indicators]
    assert named and any(n in text for n in named)
    assert not any(c.driver.split(" ")[0] in text for c in changes if c.driver.split(" ")[0] in ctx.dataset.indicators)
    assert "Japan" in text and "Germany" in text  # each line named at its end


def test_past_six_countries_the_trend_is_a_panel_each(ctx):
    codes = ["JPN", "DEU", "KOR", "FRA", "GBR", "ITA", "ESP"]
    fig = plots.trend(ctx, codes, "figure")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert [t for t in titles if t] == [ctx.dataset.entities[c].name for c in codes]


def test_the_map_names_the_us_and_china_has_a_europe_inset_and_shows_small_states(ctx):
    text = svg_text(plots.choropleth(ctx, "svg", score="reversal"))
    assert "United States" in text and "China" in text and "Europe" in text
    assert "a small state" in text and "United States (the reference)" in text
    both = svg_text(plots.choropleth(ctx, "svg", score="both", region="europe"))
    assert "Hedging" in both and "Reversal risk" in both and "each map on its score's own scale" in both


# ---------------------------------------------------------------- the editor's controls


@pytest.mark.parametrize("cmd", [["heatmap"], ["map", "--region", "europe"], ["trend", "japan"]], ids=" ".join)
def test_every_figure_takes_a_title_subtitle_note_and_keeps_svg_text_as_text(tmp_path, cmd):
    path = tmp_path / "f.svg"
    code = main([*cmd, "--output", str(path), "--title", "Who hedges", "--subtitle", "A subtitle of ours",
                 "--note", "Note: prepared for the March issue."])
    assert code == 0
    svg = path.read_bytes()
    text = svg_text(svg)
    assert "Who hedges" in text and "A subtitle of ours" in text and "prepared for the March issue" in text
    assert "Hedging and reversal risk, 2024" not in text


@pytest.mark.parametrize("size, expected", [(["--page", "a4"], A4_PT), (["--page", "slide"], ("959.76pt", "540pt")),
                                            (["--width", "5", "--height", "4"], ("360pt", "288pt"))])
def test_a_figure_takes_a_page_or_a_size(tmp_path, size, expected):
    path = tmp_path / "m.svg"
    assert main(["map", "--region", "europe", "--output", str(path), *size]) == 0
    head = path.read_text(encoding="utf-8")[:600]
    assert f'width="{expected[0]}"' in head and f'height="{expected[1]}"' in head


@pytest.mark.parametrize("args, code, message", [
    (["heatmap", "--title", "X"], 2, "--title shapes a figure"),
    (["trend", "japan", "--note", "X"], 2, "--note shapes a figure"),
    (["map", "--output", "{tmp}/m.svg", "--page", "tabloid"], 2, "--page tabloid: choose a4, letter, slide"),
    (["map", "--output", "{tmp}/m.svg", "--page", "a4", "--width", "5"], 2, "--page and --width/--height"),
    (["heatmap", "--output", "{tmp}/h.svg", "--width", "0.5"], 2, "--width 0.5: give 2 to 40 inches"),
    (["map", "--output", "{tmp}/m.svg", "--score", "charm"], 2, "--score charm: not a score"),
])
def test_bad_editor_controls_are_one_line_usage_errors(tmp_path, capsys, args, code, message):
    got, line = errors([a.replace("{tmp}", str(tmp_path)) for a in args], capsys)
    assert got == code and message in line
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the brief's evidence


@pytest.mark.parametrize("source, weak", [
    ({"url": "https://en.wikipedia.org/wiki/NATO", "publisher": "Wikipedia", "title": "NATO"}, True),
    ({"url": "https://www.yumpu.com/en/document/view/1", "publisher": "Yumpu", "title": "Report"}, True),
    ({"url": "https://docslib.org/doc/1", "publisher": "docslib", "title": "Treaty"}, True),
    ({"url": "https://panafricannews.blogspot.com/2015/05/x", "publisher": "NYT (republished on a blog)",
      "title": "Americans Start to Leave"}, True),
    ({"url": "https://worldpopulationreview.com/country-rankings/nato-countries", "publisher": "World Population Review",
      "title": "NATO Countries 2024"}, True),
    ({"url": "http://example.mil/a", "publisher": "someone", "title": "An Amazing Look Inside The HQ"}, True),
    ({"url": "https://www.reuters.com/world/x", "publisher": "Reuters", "title": "US troops to remain"}, False),
    ({"url": "https://www.imf.org/en/Data", "publisher": "International Monetary Fund", "title": "IMTS"}, False),
    ({"url": None, "publisher": None, "title": None}, False),
])
def test_weak_sources_are_told_apart(source, weak):
    assert brief.weak_source(source) is weak


def test_the_brief_leaves_weak_sources_out_of_its_evidence_and_says_how_many(tmp_path):
    path = tmp_path / "de.html"
    assert main(["brief", "germany", "--output", str(path), "--draws", "200"]) == 0
    page = path.read_text(encoding="utf-8")
    assert "An Amazing Look Inside" not in page and "World Population Review</li>" not in page
    assert "weaker source" in page and "hedge sources lists every one" in page


def test_brief_help_says_it_takes_a_country_and_a_group_is_refused(capsys):
    assert "A country (a brief is about one country" in " ".join(runner.invoke(app, ["brief", "--help"]).stdout.split())
    code, line = errors(["brief", "asean", "--output", "/tmp/never.html"], capsys)
    assert code == 2 and "brief takes a country" in line


def test_a_figure_piped_shows_no_progress_bar(tmp_path, capsys):
    assert main(["trend", "japan", "--uncertainty", "--output", str(tmp_path / "t.svg")]) == 0
    assert capsys.readouterr().err == f"wrote {tmp_path / 't.svg'}\n"


# ---------------------------------------------------------------- the API


def test_the_api_returns_a_figures_bytes_or_writes_it(tmp_path):
    assert hedgecli.figure("heatmap", format="png").startswith(b"\x89PNG")
    assert pages(hedgecli.figure("brief", "germany", format="pdf", draws=200)) == 1
    path = hedgecli.figure("map", output=tmp_path / "europe.svg", region="europe", score="both", page="a4")
    assert path.read_bytes().startswith(b"<?xml") and "Europe" in svg_text(path.read_bytes())
    with pytest.raises(hedgecli.HedgeError, match="exists; use force=True"):
        hedgecli.figure("map", output=tmp_path / "europe.svg")
    assert hedgecli.figure("map", output=tmp_path / "europe.svg", force=True) == tmp_path / "europe.svg"


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "pie"}, "figure kind 'pie'"),
    ({"kind": "trend"}, "a trend needs a country"),
    ({"kind": "heatmap", "countries": ["japan"]}, "shows every country"),
    ({"kind": "map", "region": "mars"}, "--region mars"),
    ({"kind": "heatmap", "format": "gif"}, "not 'gif'"),
    ({"kind": "brief", "countries": "asean"}, "brief takes a country"),
    ({"kind": "heatmap", "year": 2000}, "no country has a score in 2000"),
    ({"kind": "heatmap", "page": "a4", "width": 5}, "--page and --width"),
])
def test_the_api_checks_a_figure_as_the_command_does(kwargs, message):
    with pytest.raises(hedgecli.HedgeError, match=re.escape(message)):
        hedgecli.figure(**kwargs)
