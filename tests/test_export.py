"""hedge data export: the replication file. Every value in use with its provenance, a schema a
typed reader can use, and a CSV that --data reads back to the very same scores."""

import csv
import io
import json

import pytest

import hedgecli
from hedgecli.cli import main

from .conftest import errors

KEYS = ("hedging_score", "hedging_level", "reversal_score", "reversal_level", "pillars", "components",
        "missing", "stale")


def test_the_csv_reads_back_to_identical_scores(tmp_path, capsys):
    out = tmp_path / "values.csv"
    assert main(["data", "export", "--output", str(out)]) == 0
    capsys.readouterr()
    for year in ("2024", "2015"):
        assert main(["heatmap", "--year", year, "--format", "json"]) == 0
        shipped = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
        assert main(["heatmap", "--year", year, "--data", str(out), "--format", "json"]) == 0
        again = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
        countries = [c for c, r in shipped.items() if r["kind"] == "country"]
        assert sorted(countries) == sorted(again)
        for code in countries:
            assert {k: again[code][k] for k in KEYS} == {k: shipped[code][k] for k in KEYS}, code


def test_every_row_carries_its_provenance_and_the_carried_forward_rows_say_so(tmp_path, capsys):
    assert main(["data", "export"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert all(r["source"] and r["source_title"] and r["unit"] for r in rows)
    carried = [r for r in rows if r["carried_forward"] == "True"]
    assert carried and all(int(r["value_year"]) < int(r["year"]) for r in carried)
    assert all(r["value_year"] == r["year"] for r in rows if r["carried_forward"] == "False")
    keys = [(r["country"], r["indicator"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))
    # a score column per part scoring an indicator directly, 0-100 where the part scores it
    tilt = next(r for r in rows if r["country"] == "DEU" and r["indicator"] == "trade.china_tilt" and r["year"] == "2024")
    assert 0 <= float(tilt["score_trade"]) <= 100


def test_the_datapackage_describes_every_column(tmp_path, capsys):
    out = tmp_path / "values.json"
    assert main(["data", "export", "--output", str(out)]) == 0
    package = json.loads((tmp_path / "datapackage.json").read_text())
    resource = package["resources"][0]
    rows = json.loads(out.read_text())
    assert resource["path"] == "values.json" and resource["format"] == "json"
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert list(fields) == list(rows[0])
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
    for row in rows[:2000]:
        for name, value in row.items():
            assert value is None or isinstance(value, python[fields[name]]), (name, value)
    assert "/" not in package["description"].split(" from ")[-1]  # no path of the user's machine


def test_existing_files_are_kept_without_force(tmp_path, capsys):
    out = tmp_path / "values.csv"
    (tmp_path / "datapackage.json").write_text("mine")
    code, line = errors(["data", "export", "--output", str(out)], capsys)
    assert code == 2 and "datapackage.json exists" in line
    assert not out.exists() and (tmp_path / "datapackage.json").read_text() == "mine"
    assert main(["data", "export", "--output", str(out), "--force"]) == 0


@pytest.mark.parametrize("args, says", [
    (["--output", "x.xlsx"], "writes .csv"),
    (["--format", "parquet"], "give --output"),
    (["--format", "xml"], "unknown format"),
    (["--format", "json", "--output", "x.csv"], "does not match"),
])
def test_bad_export_options_are_one_line(args, says, capsys):
    code, line = errors(["data", "export", *args], capsys)
    assert code == 2 and says in line


def test_parquet_when_pyarrow_is_there(tmp_path, capsys):
    pyarrow = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "values.parquet"
    assert main(["data", "export", "--output", str(out)]) == 0
    table = pyarrow.read_table(out)
    assert table.num_rows == len(hedgecli.export())


def test_the_api_gives_the_same_rows(capsys):
    assert main(["data", "export", "--format", "json"]) == 0
    assert [r.model_dump() for r in hedgecli.export()] == json.loads(capsys.readouterr().out)


def test_the_monte_carlo_reads_back_too(tmp_path, capsys):
    # each series' error rule travels in the export, so the level odds are the same
    out = tmp_path / "values.csv"
    assert main(["data", "export", "--output", str(out)]) == 0
    capsys.readouterr()
    args = ["heatmap", "--uncertainty", "--draws", "200", "--format", "csv"]
    assert main(args) == 0
    shipped = {r["code"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert main(args + ["--data", str(out)]) == 0
    again = {r["code"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    for code, row in again.items():
        assert {k: v for k, v in row.items() if k != "note"} == {k: v for k, v in shipped[code].items() if k != "note"}


def test_a_table_streamed_into_a_pipe_gets_no_descriptor(tmp_path, capsys):
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert main(["data", "export", "--output", str(fifo)]) == 0
    reader.join(30)
    assert got and got[0].startswith(b"country,") and not (tmp_path / "datapackage.json").exists()


def test_a_refused_descriptor_leaves_no_table(tmp_path, capsys):
    out = tmp_path / "values.csv"
    package = tmp_path / "datapackage.json"
    package.write_text("{}")
    code, line = errors(["data", "export", "--output", str(out), "--force", "--data", str(package)], capsys)
    assert code in (1, 2) and not out.exists()
