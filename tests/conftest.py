import copy
import csv
import io
import json
import sys
from pathlib import Path

import pytest

from hedgecli import data
from hedgecli.cli import main
from hedgecli.dataset import Dataset

ROOT = Path(__file__).resolve().parents[1]
import os  # noqa: E402


def _raw_folder() -> Path:
    """The shared raw datasets: HEDGE_RAW if set (.ci/run sets it wherever the folder exists),
    else shared/data-raw beside the checkout."""
    given = os.environ.get("HEDGE_RAW")
    return Path(given) if given else ROOT.parent / "shared" / "data-raw"


RAW = _raw_folder()


def errors(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    """Run hedge through main() (as the console script does) expecting an error: check that it
    is one line on stderr starting 'hedge: error: ', with no traceback; return (code, line)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("hedge: error: ")
    return code, err


def write(path: Path, header, rows) -> None:
    """A small CSV file (raw datasets, events tables), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="session")
def shipped() -> Dataset:
    return data.load(str(data.shipped_path()))


@pytest.fixture(scope="session")
def shipped_raw() -> dict:
    return json.loads(data.shipped_path().read_text(encoding="utf-8"))


def tiny_raw() -> dict:
    """A small valid data file: two countries and a group, every indicator of methods v1, v2 and v3
    (BBB lacks some on purpose: a missing value is left out and listed)."""
    src = {"title": "Test source", "publisher": "Tests"}
    inds = {
        "trade.china_tilt": ("trade", "share"), "tech.huawei_5g": ("technology", "policy code"),
        "tech.china_tech_investment": ("technology", "USD million"),
        "infra.bri_mou": ("infrastructure", "policy code"),
        "infra.aiib_member": ("infrastructure", "0/1"),
        "infra.china_infra_investment": ("infrastructure", "USD million"),
        "security.us_defense_pledge": ("security", "0/1"), "security.us_troops": ("security", "persons"),
        "security.us_arms_share": ("security", "share"), "political.un_alignment": ("political", "share"),
        "trade.china_trade": ("trade", "USD million"), "economy.gdp": ("economy", "USD million"),
        "trade.china_export_share": ("trade", "share"), "political.china_stance": ("political", "stance"),
        "political.un_ideal_point": ("political", "ideal point"), "security.china_arms_share": ("security", "share"),
        "security.us_alliance": ("security", "policy code"), "security.us_forward_presence": ("security", "0/1"),
        # method v3's
        "invest.china_stock": ("investment", "USD million"), "invest.china_construction_stock": ("investment", "USD million"),
        "invest.china_tech_stock": ("technology", "USD million"), "invest.china_infra_stock": ("infrastructure", "USD million"),
        "finance.pboc_swap_line": ("finance", "0/1"), "finance.rmb_clearing_bank": ("finance", "0/1"),
        "finance.china_fta": ("finance", "0/1"), "diplomacy.china_leader_visits": ("diplomacy", "events (decayed)"),
        "diplomacy.visits_to_china": ("diplomacy", "events (decayed)"), "political.china_partnership": ("political", "policy code"),
        "diplomacy.china_ceec": ("diplomacy", "0/1"), "diplomacy.eu_statement_blocked": ("diplomacy", "events (decayed)"),
        "security.us_arms_share_stock": ("security", "share"), "security.china_arms_share_stock": ("security", "share"),
        "political.scs_award_support_china": ("political", "0/1"), "friction.china_restrictions": ("friction", "events (decayed)"),
        "friction.china_confrontation": ("friction", "years (decayed)"),
        "friction.scs_award_stand": ("friction", "policy code"), "security.sco_status": ("security", "policy code"),
        # the world's values v3's momentum is measured against (the shipped data's, rounded)
        "world.china_trade": ("trade", "USD million"), "world.gdp": ("economy", "USD million"),
        "world.china_tilt": ("trade", "share"),
    }

    def country(name, values):
        return {"name": name, "aliases": [], "indicators": {
            k: [{"source": "t", "unit": inds[k][1], "values": v}] for k, v in values.items()}}

    a = {"trade.china_tilt": {"2010": 0.3, "2020": 0.5}, "tech.huawei_5g": {"2020": 1},
         "tech.china_tech_investment": {"2020": 1000}, "infra.bri_mou": {"2020": 1},
         "infra.aiib_member": {"2020": 1}, "infra.china_infra_investment": {"2020": 500},
         "security.us_defense_pledge": {"2020": 1}, "security.us_troops": {"2020": 20000},
         "security.us_arms_share": {"2020": 0.9}, "political.un_alignment": {"2010": 0.7, "2020": 0.6},
         "trade.china_trade": {"2010": 5000, "2020": 20000}, "economy.gdp": {"2010": 100000, "2020": 200000},
         "trade.china_export_share": {"2020": 0.2}, "political.china_stance": {"2020": 0.5},
         "political.un_ideal_point": {"2010": 0.5, "2020": 0.3}, "security.china_arms_share": {"2020": 0.1},
         "security.us_alliance": {"2020": 1}, "security.us_forward_presence": {"2020": 1},
         "invest.china_stock": {"2020": 2000}, "invest.china_construction_stock": {"2020": 500},
         "invest.china_tech_stock": {"2020": 800}, "invest.china_infra_stock": {"2020": 1000},
         "finance.pboc_swap_line": {"2020": 1}, "finance.rmb_clearing_bank": {"2020": 0}, "finance.china_fta": {"2020": 0},
         "diplomacy.china_leader_visits": {"2020": 0.8}, "diplomacy.visits_to_china": {"2020": 1.2},
         "political.china_partnership": {"2020": 0.5}, "security.us_arms_share_stock": {"2020": 0.8},
         "security.china_arms_share_stock": {"2020": 0.1}, "political.scs_award_support_china": {"2020": 0},
         "friction.china_restrictions": {"2020": 0}, "friction.scs_award_stand": {"2020": 0},
         "friction.china_confrontation": {"2020": 0},
         "security.sco_status": {"2020": 0}}
    b = {"trade.china_tilt": {"2010": 0.2, "2020": 0.25}, "tech.huawei_5g": {"2020": 0},
         "infra.china_infra_investment": {"2020": 0},
         "security.us_defense_pledge": {"2018": 1}, "security.us_troops": {"2020": 100},
         "political.un_alignment": {"2010": 0.85, "2020": 0.9},
         "trade.china_trade": {"2010": 1000, "2020": 1500}, "economy.gdp": {"2010": 50000, "2020": 60000},
         "trade.china_export_share": {"2020": 0.05}, "political.china_stance": {"2020": -1},
         "political.un_ideal_point": {"2010": 1.4, "2020": 1.5}, "security.china_arms_share": {"2020": 0.0},
         "security.us_alliance": {"2018": 1},
         "invest.china_stock": {"2020": 0}, "invest.china_infra_stock": {"2020": 0}, "diplomacy.china_leader_visits": {"2020": 0.2},
         "finance.pboc_swap_line": {"2020": 0}, "security.china_arms_share_stock": {"2020": 0.0},
         "friction.china_restrictions": {"2020": 1.0}}
    # four years before 2020, for method v3's momentum (v1's and v2's ten-year changes use 2010)
    for values, before in ((a, {"trade.china_tilt": 0.45, "trade.china_trade": 15000, "economy.gdp": 180000,
                                "political.un_ideal_point": 0.35}),
                           (b, {"trade.china_tilt": 0.24, "trade.china_trade": 1400, "economy.gdp": 58000,
                                "political.un_ideal_point": 1.45})):
        for ind, value in before.items():
            values[ind] = {**values[ind], "2016": value}
        values.update({"world.china_trade": {"2016": 3_700_000, "2020": 4_700_000},
                       "world.gdp": {"2016": 77_000_000, "2020": 86_000_000},
                       "world.china_tilt": {"2016": 0.51, "2020": 0.55}})
    return {
        "format": "hedge-indicators/1",
        "sources": {"t": src},
        "indicators": {k: {"name": k, "pillar": p, "unit": u, "description": k} for k, (p, u) in inds.items()},
        "countries": {"AAA": country("Alphaland", a), "BBB": country("Betaland", b)},
        "groups": {"GRP": {"name": "The group", "members": ["AAA", "BBB"], "source": "t"}},
    }


@pytest.fixture
def tiny() -> dict:
    return copy.deepcopy(tiny_raw())


@pytest.fixture
def tiny_file(tmp_path, tiny) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny), encoding="utf-8")
    return path


# a user's long-format CSV of two values for Germany (the format `--data mine.csv` reads)
LONG_CSV = ("country,indicator,year,value,unit,source\n"
            "Germany,trade.china_tilt,2024,0.5,share,my calculation\n"
            "DEU,security.us_troops,2024,30000,persons,DMDC\n")
