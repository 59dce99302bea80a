"""The wider country set (issue 19): the 14 states added in 2026 are scored like the others, and
adding them moves no one else's score (fixed goalposts); Taiwan is refused with its reason."""

import copy
import json

import pytest
from typer.testing import CliRunner

from hedgecli import scoring
from hedgecli.cli import app
from hedgecli.data import load, parse, shipped_path
from hedgecli.dataset import Dataset
from hedgecli.method import load as load_method
from hedgecli.regions import region

runner = CliRunner()
ADDED = ["ARG", "BHR", "CHL", "COL", "EGY", "JOR", "KEN", "KWT", "MAR", "PAK", "PAN", "PER", "QAT", "TUN"]


@pytest.fixture(scope="module")
def shipped():
    return load(None)


@pytest.fixture(scope="module")
def without_added():
    """The shipped file with the 14 states and the one group that holds them taken out."""
    raw = copy.deepcopy(parse(shipped_path().read_bytes(), "shipped"))
    for code in ADDED:
        del raw["countries"][code]
    raw["groups"] = {k: g for k, g in raw["groups"].items() if not set(g["members"]) & set(ADDED)}
    return Dataset(raw, "without the 14")


def test_the_list_has_the_69_countries(shipped):
    out = runner.invoke(app, ["list", "--format", "json"])
    codes = {r["code"] for r in json.loads(out.stdout) if r["kind"] == "country"}
    assert len(codes) == 69 and set(ADDED) <= codes


@pytest.mark.parametrize("code", ADDED)
def test_each_added_state_has_both_scores_in_2024_with_its_sources(shipped, code):
    out = runner.invoke(app, ["score", code, "--format", "json"])
    doc = json.loads(out.stdout)
    assert out.exit_code == 0 and doc["year"] == 2024
    assert doc["hedging_score"] is not None and doc["reversal_score"] is not None
    valued = [i for i in doc["indicators"] if i["value"] is not None]
    assert len(valued) >= 15 and all(i["source"] and i["source_title"] for i in valued)
    assert {"imf-imts", "unga-ideal-points", "visits-table"} <= {i["source"] for i in valued}


@pytest.mark.parametrize("method", ["v3", "v2"])
def test_adding_the_states_moves_no_earlier_countrys_score(shipped, without_added, method):
    m = load_method(method)
    for year in (2005, 2012, 2019, 2024):
        for e in without_added.countries:
            a = scoring.score_country(shipped, e.code, year, m)
            b = scoring.score_country(without_added, e.code, year, m)
            assert a.scores == b.scores and a.pillars == b.pillars, (e.code, year)


def test_every_added_state_has_a_region_of_its_own(shipped):
    assert {region(c) for c in ADDED} <= {"Middle East and Africa", "Americas", "South Asia"}
    assert region("PAK") == "South Asia" and region("QAT") == "Middle East and Africa" and region("PER") == "Americas"


def test_the_mnna_group_counts_each_member_in_the_years_it_was_designated(shipped):
    m = load_method(None)
    group = shipped.entities["MNNA"]
    assert {"PAK", "EGY", "JOR", "KWT", "BHR", "ARG", "MAR", "TUN", "QAT", "COL", "KEN"} <= set(group.members)
    early = scoring.score(shipped, "MNNA", 2010, m)
    late = scoring.score(shipped, "MNNA", 2024, m)
    # Qatar, Colombia and Kenya were designated in 2022 and 2024: members then, not in 2010
    assert not {"QAT", "COL", "KEN"} & set(early.members_scored["reversal"])
    assert {"QAT", "COL", "KEN"} <= set(late.members_scored["reversal"])


def test_taiwan_is_refused_in_one_line_that_says_why():
    out = runner.invoke(app, ["score", "taiwan"])
    assert out.exit_code == 2
    message = out.stderr.strip()
    assert message.count("\n") == 0 and "Major Non-NATO Ally" in message and "UN and World Bank" in message


def test_the_heat_map_by_region_shows_the_added_states_in_their_regions():
    out = runner.invoke(app, ["heatmap", "--group-by", "region"])
    assert out.exit_code == 0
    blocks = {}
    for chunk in out.stdout.split("\n\n"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines and ":" in lines[0]:
            blocks[lines[0].split(":")[0]] = "\n".join(lines[2:])
    assert {"Groups (mean of members)", "Europe", "Middle East and Africa", "Americas", "South Asia"} <= set(blocks)
    assert "Pakistan" in blocks["South Asia"] and "Qatar" in blocks["Middle East and Africa"]
    assert "Kenya" in blocks["Middle East and Africa"] and "Peru" in blocks["Americas"]
    assert "Pakistan" not in blocks["Europe"]
