"""What a reader sees in an 80-column terminal and in a pipe: no word, number or id split, no
column lost, one heading where there is one, messages on stderr, data on stdout."""

import pytest
from typer.testing import CliRunner

from hedgecli import queries, render
from hedgecli.cli import app, main

from .conftest import errors

runner = CliRunner()


@pytest.fixture(scope="module")
def question():
    return queries.context()


def _tokens_intact(rows, out: str) -> list[str]:
    """Every whitespace-separated token of every cell that is not in the output whole."""
    return [t for row in rows for cell in row for t in render._cell(cell).split() if t not in out]


def test_explain_at_80_columns_splits_no_word_number_or_id(question):
    rec = queries.explain(question, "DEU")
    header = ["part", "indicator", "value", "unit", "year", "score", "points"]
    for construct in question.method.constructs:
        rows = render.contribution_rows(rec[construct])
        out = render.rich_table("t", header, rows, set(), False, width=80)
        assert max(len(line) for line in out.splitlines()) <= 80
        assert _tokens_intact(rows, out) == []
        assert all(h in out for h in header)  # no column dropped off the right edge


def test_score_at_80_columns_stacks_a_table_too_wide_to_keep_whole(question):
    rec = queries.scores(question, ["DEU"])[0]
    for title, header, rows in render.detail_sections(rec, question.method):
        out = render.rich_table(title, header, rows, set(), False, width=80)
        assert _tokens_intact(rows, out) == [], title
        assert all(len(line) <= 80 or " " not in line.strip() for line in out.splitlines())


def test_heatmap_with_uncertainty_keeps_its_score_columns_at_80(question):
    records = queries.heatmap(question, True, 200, 1)
    header, rows, levels = render.heatmap_uncertain_table(records, question.method, True)
    out = render.rich_table("t", header, rows, levels, False, width=80)
    assert max(len(line) for line in out.splitlines()) <= 80
    asean = next(r for r in records if r["code"] == "ASEAN")
    assert "(5-95%)" in out and f"{asean['hedging_score']}" in out  # the score column, ASEAN's score
    band = asean["uncertainty"]["hedging"]
    assert f"({band['p5']}-{band['p95']})" in out


def test_explain_shows_the_ratio_and_the_change_it_scores():
    result = runner.invoke(app, ["explain", "germany"])
    lines = result.stdout.splitlines()
    per_gdp = next(line for line in lines if line.split()[1:4] == ["trade.china_trade", "per", "economy.gdp"]
                   and not line.rstrip().endswith(")") and "(change)" not in line)
    assert " ratio " in per_gdp and "201,958" not in per_gdp
    # momentum's tilt is a change beyond the world's, and its unit says so
    change = next(line for line in lines if "trade.china_tilt (change vs world)" in line)
    assert "change" in change.split("(change vs world)")[1]
    assert "beyond the world's" in " ".join(lines[lines.index(change):lines.index(change) + 3])


def test_compare_names_the_largest_differences_under_one_heading():
    out = runner.invoke(app, ["compare", "germany", "japan", "uk"]).stdout
    assert out.count("largest difference") == 1
    assert "\nlargest differences:\n  " in out


def test_data_validate_says_valid_on_stderr_and_leaves_stdout_empty(tmp_path, capsys):
    from hedgecli import data

    assert main(["data", "validate", str(data.shipped_path())]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.endswith(": valid\n")


def test_a_heatmap_of_a_year_with_no_scores_is_a_data_error_like_its_figure(capsys):
    code, line = errors(["heatmap", "--year", "2003"], capsys)  # method v3 scores from 2005
    assert code == 1 and "no country has a score in 2003" in line
    # the machine formats still give the rows (null scores are data)
    assert main(["heatmap", "--year", "2003", "--format", "json"]) == 0


def test_the_terminal_heat_map_colours_hedging_on_its_own_scale_and_reversal_on_the_alarm_one(question):
    records = queries.heatmap(question)
    header, rows, levels = render.heatmap_table(records, question.method, True)
    hedging, reversal = rows[0][header.index("Hedging")], rows[0][header.index("Reversal risk")]
    assert hedging.colors == render.NEUTRAL_COLORS and reversal.colors == render.LEVEL_COLORS
    table = render._rich_table("t", header, rows, levels, 100)
    blocks = [c for c in table.columns[header.index("Hedging")].cells]
    assert blocks[0].style.endswith(f"on {render.NEUTRAL_COLORS[rows[0][1].level]}")  # the block's fill


def test_the_uncertain_heat_map_shows_the_most_likely_level_and_marks_a_disagreement(question):
    records = queries.heatmap(question, True, 200, 1)
    rec = next(r for r in records if r["code"] == "DEU")
    own, other = _own_and_a_neighbour(rec["hedging_level"])
    rec["uncertainty"]["hedging"]["levels"] = {other: 0.6, own: 0.4}
    _header, rows, _levels = render.heatmap_uncertain_table([rec], question.method)
    assert rows[0][1] == f"{other} 60% †"
    _header, rows, _levels = render.heatmap_uncertain_table([rec], question.method, True)
    assert rows[0][1].level == other and rows[0][1].endswith("60%†")


def _own_and_a_neighbour(level: str) -> tuple[str, str]:
    from hedgecli.method import LEVELS

    i = LEVELS.index(level)
    return level, LEVELS[i + 1 if i + 1 < len(LEVELS) else i - 1]


def test_a_headline_with_the_odds_says_where_the_most_likely_level_is_another(question):
    rec = queries.scores(question, ["DEU"], True, 200, 1)[0]
    own, other = _own_and_a_neighbour(rec["hedging_level"])
    rec["uncertainty"]["hedging"]["levels"] = {other: 0.6, own: 0.4}
    assert (f"hedging {own} ({rec['hedging_score']}) [most likely {other}, 60%]"
            in render.headline(rec, question.method))
    rec["uncertainty"]["hedging"]["levels"] = {own: 0.9, other: 0.1}
    assert "most likely" not in render.headline(rec, question.method)


def test_heatmap_at_80_columns_shows_each_note_whole_in_codes_under_a_legend(question):
    """In words the notes are cut to "2 …" at 80 columns; in codes each shows whole, and the
    legend under the table says what the codes mean."""
    records = queries.heatmap(question)
    header, rows, levels = render.heatmap_table(records, question.method, True)
    out = render.rich_table("t", header, rows, levels, False, width=80)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for rec in records:
        line = next(x for x in lines if x.strip().startswith(rec["name"][:12]))
        assert line.rstrip().endswith(render.terse_note(rec)), rec["name"]
    albania = next(r for r in records if r["code"] == "ALB")
    assert render.terse_note(albania) == f"{len(albania['missing'])}m {len(albania['stale'])}c"
    legend = " ".join(out.split("\nNote: ", 1)[1].split())
    assert "m = indicators missing" in legend and "c = carried forward" in legend and "n = members" in legend
    # only the codes the table uses: "applied back" where a 2024 value is dated by a later decision
    # (Morocco's and Peru's 2025 vendor decisions), and not if no row has one
    used_b = any(r["applied_back"] for r in records if r["kind"] == "country")
    assert used_b and "b = applied back" in legend
    assert "b = applied back" not in render.rich_table(
        "t", header, [r for r in rows if not r[-1].endswith("applied back")], levels, False, width=80)
    wide = render.rich_table("t", header, rows, levels, False, width=160)
    assert "carried forward" in wide and "Note: " not in wide and "5c" not in wide


def test_heatmap_with_uncertainty_at_80_columns_gives_up_its_notes_and_says_so(question):
    records = queries.heatmap(question, True, 100, 1)
    header, rows, levels = render.heatmap_uncertain_table(records, question.method, True)
    out = render.rich_table("t", header, rows, levels, False, width=80)
    assert "…" not in out.split("\n")[3] and "do not fit this width" in out
    assert "Note" not in out.splitlines()[4]


def test_heatmap_notes_with_nothing_to_say_need_no_legend():
    rows = [["Germany", "Low", render.NoteCell("", "")], ["France", "Low", render.NoteCell("", "")]]
    out = render.rich_table("t", ["Name", "Hedging" * 12, "Note"], rows, set(), False, width=60)
    assert "Note: " not in out and "do not fit" not in out
