"""hedge cite: hedge and the sources behind the numbers, in BibTeX a parser accepts, CSL-JSON
and plain text; CITATION.cff agrees with the package."""

import json
import re
from pathlib import Path

import pytest

import hedgecli
from hedgecli import citation
from hedgecli.cli import main

from .conftest import errors

ROOT = Path(__file__).resolve().parents[1]


def out(capsys, args):
    assert main(args) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_bibtex_is_accepted_by_a_bibtex_parser(capsys):
    bibtexparser = pytest.importorskip("bibtexparser")
    text = out(capsys, ["cite", "--format", "bibtex"])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    items = json.loads(out(capsys, ["cite", "--format", "csl-json"]))
    assert [e.key for e in library.entries] == [i["id"] for i in items]
    assert len({e.key for e in library.entries}) == len(library.entries)
    first = library.entries[0]
    assert first.entry_type == "software" and first.fields_dict["version"].value == hedgecli.__version__


def test_hostile_source_text_cannot_break_the_bibtex(tmp_path, capsys, tiny):
    bibtexparser = pytest.importorskip("bibtexparser")
    tiny["sources"]["t"].update(title="Troops { unbalanced } } \\ braces & 100% $ # _ ~ ^",
                                url="https://x.org/a b}{%\\", citation="Line one\nline two (2019) }")
    # two ids that make the same key, and one that is hedge's own
    for sid in ("a b", "a-b", "hedge"):
        tiny["sources"][sid] = {"title": sid, "publisher": "P"}
    tiny["countries"]["BBB"]["indicators"]["security.us_troops"][0]["source"] = "a b"
    tiny["countries"]["BBB"]["indicators"]["political.china_stance"][0]["source"] = "a-b"
    tiny["countries"]["BBB"]["indicators"]["economy.gdp"][0]["source"] = "hedge"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(tiny), encoding="utf-8")
    text = out(capsys, ["cite", "--format", "bibtex", "--data", str(path)])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 5
    assert len({e.key.lower() for e in library.entries}) == 5
    for block in text.split("\n@"):
        # BibTeX counts every brace, escaped or not: each entry must balance on its own
        assert block.count("{") == block.count("}"), block
    source = next(e for e in library.entries if e.key == "t")
    assert source.fields_dict["year"].value == "2019" and "\n" not in source.fields_dict["note"].value
    assert "\\" not in source.fields_dict["url"].value


def test_a_countrys_sources_are_those_its_score_uses(capsys):
    items = json.loads(out(capsys, ["cite", "germany", "--format", "csl-json"]))
    score = json.loads(out(capsys, ["score", "germany", "--format", "json"]))
    used = {i["source"] for i in score["indicators"] if i["source"]} | {
        i["per_source"] for i in score["indicators"] if i.get("per_source")} | {
        page for i in score["indicators"] for page in i.get("pages", ())}  # Scholz's visits to China
    assert any(s.startswith("vs-") for s in used)
    assert {i["id"] for i in items[1:]} == {citation.key(s) for s in used}
    everything = json.loads(out(capsys, ["cite", "--format", "json"]))
    assert len(everything) > len(items) and items[0] == everything[0]
    # a group: its members' sources
    group = {i["id"] for i in json.loads(out(capsys, ["cite", "asean", "--format", "json"]))}
    assert {i["id"] for i in json.loads(out(capsys, ["cite", "vietnam", "--format", "json"]))} <= group


def test_a_stock_of_cited_incidents_is_cited_page_by_page_up_to_the_year(capsys):
    """India's friction counts China's force from 2013: each incident's page is cited with the
    year's score, and a page of a later incident is not."""
    def urls(*args):
        return {i.get("URL") for i in json.loads(out(capsys, ["cite", "india", "--format", "json", *args]))}

    galwan = ("https://www.hindustantimes.com/india-news/20-indian-soldiers-killed-in-ladakh-border-clash-"
              "with-china-s-pla-official/story-WibnYn8pOvhNomLVoUIizM.html")
    doklam = "http://indianexpress.com/article/india/doklam-china-india-ministry-of-external-affairs-4909045/"
    assert {galwan, doklam} <= urls()
    assert doklam in urls("--year", "2018") and galwan not in urls("--year", "2018")
    score = json.loads(out(capsys, ["score", "india", "--format", "json"]))
    force = next(i for i in score["indicators"] if i["indicator"] == "friction.china_confrontation")
    assert force["source"] == "confrontations-table" and len(force["pages"]) == len(set(force["pages"])) >= 8
    # a visits stock of 2024 still holds the decayed visits of the datasets the table continues
    # (CEIAS to 2020, China Vitae to 2018): they are cited with it
    trips = next(i for i in score["indicators"] if i["indicator"] == "diplomacy.china_leader_visits")
    assert trips["source"] == "visits-table" and trips["pages"][0] == "ceias-travel"
    cited = {i["id"] for i in json.loads(out(capsys, ["cite", "india", "--format", "json"]))}
    assert {"ceias-travel", "vitae-visits"} <= cited


def test_a_page_two_tables_cite_is_cited_once(capsys):
    """Bulgaria's 2019 visit and an event rest on one CGTN page, under an id in each table."""
    items = json.loads(out(capsys, ["cite", "bulgaria", "--format", "json"]))
    pages = [i["URL"] for i in items if i["id"].startswith(citation.CITED_ROWS) and i.get("URL")]
    assert len(pages) == len(set(pages)) > 0


def test_text_gives_one_reference_a_line(capsys):
    lines = out(capsys, ["cite", "japan"]).splitlines()
    items = json.loads(out(capsys, ["cite", "japan", "--format", "json"]))
    assert len(lines) == len(items) and lines[0].startswith("The hedge developers (2026)")


def test_the_api_gives_the_commands_output(capsys):
    assert [r.model_dump() for r in hedgecli.cite(["korea"])] == json.loads(
        out(capsys, ["cite", "korea", "--format", "csl-json"]))
    assert hedgecli.cite("korea", format="bibtex") == out(capsys, ["cite", "korea", "--format", "bibtex"])


def test_bad_input_is_one_line(capsys):
    assert errors(["cite", "--format", "ris"], capsys)[0] == 2
    assert "did you mean Germany" in errors(["cite", "germny"], capsys)[1]


def test_citation_cff_agrees_with_the_package():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r'^version: "?([^"\n]+)"?$', cff, re.M).group(1) == hedgecli.__version__
    assert re.search(r'^cff-version: 1\.2\.0$', cff, re.M)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"$', pyproject, re.M).group(1) == hedgecli.__version__
