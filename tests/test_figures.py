"""The figures: heat map, map, trend and brief; the terminal heat map; the palette."""

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from hedgecli import figures, render, scoring, uncertainty
from hedgecli.cli import app
from hedgecli.method import LEVELS, default

from .conftest import ROOT, errors, tiny_raw

runner = CliRunner()
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}
FIGURES = [["heatmap"], ["heatmap", "--pillars", "--group-by", "group"], ["map", "--region", "europe"],
           ["trend", "japan", "germany"]]
HOSTILE = "$\\alpha$ \\frac{1 <script>alert(1)</script> --> ]]> & Co"


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


# ---------------------------------------------------------------- palette


def test_the_five_level_colours_darken_in_order_so_they_read_in_grayscale():
    lum = [render.luminance(render.LEVEL_COLORS[lv]) for lv in LEVELS]
    assert all(a > b + 0.05 for a, b in zip(lum, lum[1:])), lum


def test_text_on_every_level_colour_has_enough_contrast():
    for color in render.LEVEL_COLORS.values():
        fg, bg = render.luminance(render.text_color(color)), render.luminance(color)
        assert (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05) >= 4.5


# ---------------------------------------------------------------- every figure command, every format


@pytest.mark.parametrize("cmd", FIGURES, ids=" ".join)
@pytest.mark.parametrize("kind", ["svg", "png", "pdf"])
def test_each_figure_command_writes_svg_png_and_pdf_and_keeps_an_existing_file(tmp_path, cmd, kind):
    path = tmp_path / f"figure.{kind}"
    code, out = invoke(*cmd, "--output", path)
    assert code == 0, out
    first = path.read_bytes()
    assert first.startswith(MAGIC[kind]) and len(first) > 2000
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    code, out = invoke(*cmd, "--output", path)
    assert code == 2 and "exists; use --force" in out and path.read_bytes() == first
    code, _ = invoke(*cmd, "--output", path, "--force")
    assert code == 0 and path.read_bytes().startswith(MAGIC[kind])


def test_the_same_figure_twice_is_the_same_file(tmp_path):
    """No date or random id in the files: the gallery and the docs can be rebuilt without churn."""
    for kind in ("svg", "pdf"):
        a, b = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
        assert invoke("heatmap", "--output", a)[0] == 0 and invoke("heatmap", "--output", b)[0] == 0
        assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_brief_writes_html_and_pdf_and_keeps_an_existing_file(tmp_path, kind):
    path = tmp_path / f"germany.{kind}"
    code, out = invoke("brief", "germany", "--output", path)
    assert code == 0, out
    first = path.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>" if kind == "html" else b"%PDF")
    code, out = invoke("brief", "germany", "--output", path)
    assert code == 2 and path.read_bytes() == first


def test_the_brief_is_self_contained(tmp_path):
    """Nothing is fetched: no script, no stylesheet or font or image from elsewhere; the only
    addresses are the sources' plain links."""
    import re

    code, out = invoke("brief", "japan", "--output", "-")
    assert code == 2  # a brief is a file
    path = tmp_path / "japan.html"
    assert invoke("brief", "japan", "--output", path)[0] == 0
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "@import" not in page and "@font-face" not in page
    assert not re.search(r"url\(\s*['\"]?(?!#)", page)  # only url(#clip) inside the SVG figures
    assert not re.search(r"""\b(src|srcset|action|poster)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    for tag in re.findall(r"<[^>]*https?://[^>]*>", page):
        assert tag.startswith("<a href=\"http") or tag.startswith("<svg"), tag
    assert "What would move each level" in page and "Sources" in page and "Data gaps" in page
    assert "Hedging" in page and "% of 1,000 draws" in page


# ---------------------------------------------------------------- bad input: one line, the usual codes


@pytest.mark.parametrize("args, code, message", [
    (["map", "--region", "mars"], 2, "--region mars: choose europe, indo-pacific, middle-east, africa, americas, world"),
    (["map", "--score", "charm", "--output", "{tmp}/m.svg"], 2, "--score charm: not a score of method v3"),
    (["map", "--year", "2000", "--output", "{tmp}/m.png"], 1, "no country has a hedging score in 2000"),
    (["map", "--year", "1990", "--output", "{tmp}/m.pdf"], 2, "outside the data"),
    (["map", "--output", "{tmp}/m.gif"], 2, "a figure is .svg, .png or .pdf"),
    (["map"], 2, "give --output FILE.svg"),
    (["heatmap", "--pillars"], 2, "--pillars shapes a figure"),
    (["heatmap", "--year", "2000", "--output", "{tmp}/h.pdf"], 1, "no country has a score in 2000"),
    (["heatmap", "--group-by", "planet", "--output", "{tmp}/h.svg"], 2, "--group-by planet"),
    (["heatmap", "--style", "terminal", "--output", "{tmp}/h.png"], 2, "--style terminal draws the table"),
    (["heatmap", "--output", "{tmp}/no/such/folder/h.png"], 1, "folder"),
    (["heatmap", "--output", "{tmp}"], 2, "is a directory"),
    (["trend", "japan", "--uncertainty"], 2, "--uncertainty shapes a figure"),
    (["trend", "japan", "--output", "{tmp}/t.svg", "--data", "{tiny}"], 2, "is not in the dataset"),
    (["trend", "AAA", "--since", "2000", "--output", "{tmp}/t.svg", "--data", "{tiny}"], 2, "outside the data"),
    (["brief", "asean", "--output", "{tmp}/b.html"], 2, "brief takes a country"),
    (["brief", "germany", "--output", "{tmp}/b.docx"], 2, "a brief is .html"),
    (["brief", "germany", "--output", "{tmp}/b.html", "--year", "2000"], 1, "has no score in 2000"),
])
def test_bad_figure_input_is_one_line_with_the_usual_code(tmp_path, capsys, tiny_file, args, code, message):
    args = [a.format(tmp=tmp_path, tiny=tiny_file) for a in args]
    got, err = errors(args, capsys)
    assert got == code and message in err, err
    assert not any(p.suffix in (".svg", ".png", ".pdf", ".html") for p in tmp_path.rglob("*"))


def test_an_unwritable_folder_is_a_one_line_data_error(tmp_path, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    code, err = errors(["map", "--output", str(folder / "m.png")], capsys)
    assert code == 1 and "cannot write" in err


def test_a_write_that_fails_is_a_one_line_data_error(tmp_path, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hedgecli.fileio.write_atomic", full)
    code, err = errors(["heatmap", "--output", str(tmp_path / "h.png")], capsys)
    assert code == 1 and "No space left on device" in err


# ---------------------------------------------------------------- hostile names


@pytest.fixture
def hostile_file(tmp_path):
    raw = tiny_raw()
    raw["countries"]["AAA"]["name"] = HOSTILE
    raw["sources"]["t"]["url"] = "javascript:alert(1)"
    raw["sources"]["t"]["title"] = "<img src=x onerror=alert(1)>"
    path = tmp_path / "hostile $x$.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("cmd", [["heatmap"], ["heatmap", "--pillars"], ["trend", "AAA", "BBB"]], ids=" ".join)
def test_a_hostile_country_name_is_drawn_as_text(tmp_path, hostile_file, cmd):
    """mathtext would fail on "\\frac{1" and eat the "$": it is off, so the name is plain text;
    the SVG stays well-formed XML with no script in it."""
    for kind in ("svg", "png", "pdf"):
        path = tmp_path / f"out.{kind}"
        code, out = invoke(*cmd, "--data", hostile_file, "--output", path)
        assert code == 0, out
        if kind == "svg":
            root = ET.fromstring(path.read_bytes())
            assert not [e for e in root.iter() if e.tag.lower().endswith("script")]
            assert b"<script" not in path.read_bytes()


def test_a_hostile_name_in_the_brief_is_escaped(tmp_path, hostile_file):
    path = tmp_path / "b.html"
    code, out = invoke("brief", "AAA", "--data", hostile_file, "--output", path)
    assert code == 0, out
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "$\\alpha$" in page


def test_safe_text_is_one_printable_line():
    assert figures.safe("a\x1b[31m\nb", 40) == "a?[31m b"
    assert figures.safe("x" * 100, 10) == "x" * 9 + "…"


# ---------------------------------------------------------------- the heat map's rows


def test_heatmap_blocks_put_groups_first_and_sort_by_the_first_score(shipped):
    method = default()
    records = [render.record(r, method, shipped) for r in scoring.score_all(shipped, 2024, method)]
    groups = {g.code: list(g.members) for g in shipped.groups}
    for by in ("region", "group", "none"):
        blocks = figures.blocks(records, by, groups, "hedging")
        assert blocks[0][0].startswith("Groups") and {r["kind"] for r in blocks[0][1]} == {"group"}
        rows = [r for _, rs in blocks[1:] for r in rs]
        assert sorted(r["code"] for r in rows) == sorted(e.code for e in shipped.countries)  # each once
        for _, rs in blocks:
            scores = [r["hedging_score"] for r in rs if r["hedging_score"] is not None]
            assert scores == sorted(scores, reverse=True)
    regions = [name for name, _ in figures.blocks(records, "region", groups, "hedging")[1:]]
    assert regions == ["Europe", "Asia-Pacific", "South Asia", "Middle East and Africa", "Americas"]


# ---------------------------------------------------------------- the terminal heat map


@pytest.mark.parametrize("width", [100, 120, 200])
def test_terminal_heatmap_is_one_line_per_row(shipped, width, monkeypatch):
    monkeypatch.setenv("COLORTERM", "truecolor")
    method = default()
    codes = [e.code for e in scoring.entity_order(list(shipped.entities.values()))]
    records = [render.record(r, method, shipped) for r in scoring.score_all(shipped, 2024, method, codes)]
    header, rows, levels = render.heatmap_table(records, method, blocks=True)
    text = render.rich_table("title", header, rows, levels, color=True, width=width)
    # the legend of a narrow terminal's note codes follows the table
    lines = text.split("\nNote: ")[0].rstrip().split("\n")
    assert len(lines) == len(rows) + 4  # title, blank, header, rule
    plain = render.rich_table("title", header, rows, levels, color=False, width=width)
    assert all(len(line) <= width for line in plain.split("\n"))
    germany = next(line for line in plain.split("\n") if line.strip().startswith("Germany"))
    rec = next(r for r in records if r["code"] == "DEU")
    assert f"{rec['hedging_level']}   {rec['hedging_score']}" in germany  # the level and its score, in one block
    # the level block is filled with its colour (background), in truecolor
    assert "48;2;253;141;60" in text  # Medium: #fd8d3c


def test_terminal_heatmap_note_shows_only_what_sets_a_row_apart(shipped):
    method = default()
    records = [render.record(r, method, shipped) for r in scoring.score_all(shipped, 2024, method, ["DEU", "EU"])]
    _, short, _ = render.heatmap_table(records, method, blocks=True)
    _, full, _ = render.heatmap_table(records, method, blocks=True, notes=True)
    germany = records[0]
    counts = [f"{len(germany['missing'])} missing" if germany["missing"] else "",
              f"{len(germany['stale'])} carried forward" if germany["stale"] else ""]
    assert short[0][-1] == ", ".join(c for c in counts if c) and "led by" in full[0][-1]
    assert short[1][-1].startswith("27 members")


def test_heatmap_notes_option_gives_the_full_note():
    code, out = invoke("heatmap", "--notes")
    assert code == 0 and "led by" in out
    code, out = invoke("heatmap")
    assert code == 0 and "led by" not in out and "carried forward" in out


# ---------------------------------------------------------------- trend records and the Monte Carlo over years


def test_trend_of_several_countries_stacks_their_records():
    code, out = invoke("trend", "japan", "germany", "--format", "json")
    records = json.loads(out)
    assert code == 0 and {r["code"] for r in records} == {"JPN", "DEU"}
    assert len(records) == 2 * len({r["year"] for r in records})
    code, out = invoke("trend", "japan", "germany")
    assert code == 0 and "Japan hedging" in out and "Germany reversal" in out


def test_run_years_without_noise_gives_the_point_scores(shipped):
    method = default()
    years = [2010, 2016, 2024]
    bands = uncertainty.run_years(shipped, years, method, 20, 1, ["JPN", "ASEAN"], uncertainty.Noise.none())
    for code in ("JPN", "ASEAN"):
        for i, year in enumerate(years):
            point = scoring.score(shipped, code, year, method)
            for construct in method.constructs:
                expected = point.score(construct)
                b = bands[code][construct]
                if expected is None:
                    assert b["p5"][i] is None
                else:
                    assert b["p5"][i] == b["p95"][i] == pytest.approx(expected, abs=0.051)


def test_run_years_matches_a_years_own_run_in_law(shipped):
    method = default()
    bands = uncertainty.run_years(shipped, [2024], method, 2000, 3, ["DEU"])["DEU"]["hedging"]
    alone = uncertainty.run(shipped, 2024, method, 2000, 3, ["DEU"])["DEU"]["hedging"]
    assert bands["p5"][0] == pytest.approx(alone.p5, abs=1.0)
    assert bands["p95"][0] == pytest.approx(alone.p95, abs=1.0)


# ---------------------------------------------------------------- the map's outlines


def test_the_map_outlines_cover_every_country_scored():
    geometry = json.loads((ROOT / "data" / "geometry.json").read_text())
    from hedgecli.build.common import COUNTRIES

    assert set(geometry["points"]) == {"MLT", "SGP", "BHR"}  # no outline at 1:110m
    assert all(c in geometry["countries"] or c in geometry["points"] for c in COUNTRIES)
    assert "Natural Earth" in geometry["source"]["credit"]
    assert "ATA" not in geometry["countries"] and len(geometry["countries"]) > 150
    for entry in geometry["countries"].values():
        for ring in entry["rings"]:
            assert len(ring) >= 3 and all(round(v, 2) == v for p in ring for v in p)
