"""Build steps for political alignment: UN General Assembly ideal points and voting agreement,
what each government did on the UN statements about Xinjiang and Hong Kong, and the partnership
China declared with it."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from .common import (EU, FIRST_YEAR, LAST_FULL_YEAR, NATO_JOINED, WINDOW, Collector, cell, country_code,
                           read_rows, year_cell)
from ..errors import HedgeError

IDEAL_POINTS = Path("unga-ideal-points") / "unga_ideal_points_1990_2024.csv"
STATEMENTS = Path("un-china-statements")
PARTNERSHIPS = Path("china-partnerships") / "china_partnerships.csv"

# ---------------------------------------------------------------- UN General Assembly voting


def ideal_points(raw: Path, out: Collector) -> None:
    """The raw ideal point (a scale that stays put across years) and, for method v1, the signed
    position on the segment from China's to the US's ideal point of the same year.

    Error: the final-passage estimates carry no posterior band in this release; the half-width
    of the all-votes estimate's 5-95% band, its median over 2000-2023 for the country, is taken
    as the band of the final-passage point (the width moves about +-30% between years).
    (x - China) / (US - China) is 0 at China's position, 1 at the US's, below 0 beyond China: a
    ratio of unsigned distances would rise again for a state moving further beyond China (as
    Cambodia and Myanmar did), reading a move away from the US as a move toward it.
    """
    from statistics import median

    rows = read_rows(raw / IDEAL_POINTS, ("iso3", "year", "ideal_fp", "ideal_all_q05", "ideal_all_q95"))
    points: dict[tuple[str, int], float | None] = {}
    widths: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        year = year_cell(r)
        points[(r["iso3"], year)] = cell(r, "ideal_fp")
        low, high = cell(r, "ideal_all_q05"), cell(r, "ideal_all_q95")
        if low is not None and high is not None and year >= FIRST_YEAR:
            widths[r["iso3"]].append((high - low) / 2.0)
    for (code, year), x in sorted(points.items()):
        if x is None:
            continue
        out.put(code, "political.un_ideal_point", "unga-ideal-points", year, x)
        us, china = points.get(("USA", year)), points.get(("CHN", year))
        if None not in (us, china) and us != china:
            out.put(code, "political.un_alignment", "unga-ideal-points", year, (x - china) / (us - china))
    for code, half in widths.items():
        out.error(code, "political.un_ideal_point", "unga-ideal-points", "absolute", median(half))


def un_agreement(raw: Path, out: Collector) -> None:
    import pycountry

    for r in read_rows(raw / "unga-voting-agreement" / "unga_agreement_us_china.csv",
                       ("iso2", "year", "agree_us", "agree_china")):
        year = year_cell(r)
        if year > 2019:
            continue  # 2020 holds only January's votes
        record = pycountry.countries.get(alpha_2=r["iso2"]) if r["iso2"] else None
        if record is None:
            continue
        for col, ind in (("agree_us", "political.un_agreement_us"), ("agree_china", "political.un_agreement_china")):
            value = cell(r, col)
            if value is not None:
                out.put(record.alpha_3, ind, "unga-agreement", year, value)


# ---------------------------------------------------------------- stance on China's core issues

# names as the statement pages wrote them, mapped by hand where pycountry does not know them
# exactly; None: not a state the data map (Palestine is not in ISO 3166 as a member state here)
STATEMENT_NAMES: dict[str, str | None] = {
    "Korea": "KOR", "U.K.": "GBR", "UK": "GBR", "UAE": "ARE", "Laos": "LAO",
    "Lao People's Democratic Republic": "LAO", "Turkey": "TUR", "Czech Republic": "CZE", "Russia": "RUS",
    "Democratic Republic of the Congo": "COD", "Democratic Republic of Congo": "COD", "Congo-Brazzaville": "COG",
    "Congo": "COG", "DPRK": "PRK", "Kyrgyztan": "KGZ", "Ivory Coast": "CIV", "Republic of Marshall Islands": "MHL",
    "State of Palestine": None, "Palestine": None,
}
CRITICAL, SUPPORTIVE = "critical_of_China", "supportive_of_China"
VOTES = {"vote_yes (pro-debate; critical)": "yes", "vote_no (blocks debate; supportive)": "no",
         "vote_abstain": "abstain"}
# two thirds of a state's EU or NATO peers joined: the statement is the group's position, and
# staying out of it says something. The shares of the statements lie at 0.48-0.56, 0.74-0.77
# and 0.85-1.0 (politics.peer_shares): two thirds sits 7 points from the nearest, where a
# cut at three quarters would sit 1 point from one statement and flip with a single signature.
PEER_SHARE = 2 / 3
ABSENT_AGAINST_PEERS = -0.5  # half of joining the critics, the other way: an omission, not an act


def _statements(raw: Path) -> list[dict]:
    """Each statement (the three lists of the 2022 vote as one event) with its signers."""
    index = {r["statement_id"]: r for r in read_rows(raw / STATEMENTS / "statements_index.csv",
                                                      ("statement_id", "date", "stance", "list_complete"))}
    events: dict[str, dict] = {}
    for row in read_rows(raw / STATEMENTS / "un_china_statements_long.csv",
                         ("statement_id", "date", "stance", "country_as_written")):
        sid = row["statement_id"]
        if sid not in index:
            raise HedgeError(f"{row.where}: statement {sid!r} is not in statements_index.csv")
        complete = index[sid]["list_complete"].strip().lower().startswith("yes")
        vote = VOTES.get(row["stance"])
        key = sid.rsplit("_", 1)[0] if vote else sid
        event = events.setdefault(key, {"id": key, "date": index[sid]["date"], "year": year_cell(row, "date", date=True),
                                        "kind": "vote" if vote else row["stance"], "complete": complete,
                                        "signers": defaultdict(set)})
        event["complete"] = event["complete"] and complete
        code = country_code(row["country_as_written"].strip(), STATEMENT_NAMES, row.where)
        if code is not None:
            event["signers"][vote or "joined"].add(code)
    for event in events.values():
        if event["kind"] not in (CRITICAL, SUPPORTIVE, "vote"):
            raise HedgeError(f"statement {event['id']}: unknown stance {event['kind']!r}")
    return sorted(events.values(), key=lambda e: (e["date"], e["id"]))


def _peers(code: str, year: int) -> set[str]:
    """The EU and NATO members a state acts alongside (itself excluded): the US counts as a NATO
    peer; the UK as an EU one until it left (31 Jan 2020)."""
    eu = set(EU) | ({"GBR"} if year < 2020 else set())
    nato = {c for c, joined in NATO_JOINED.items() if joined <= year} | {"USA"}
    peers = (eu if code in eu else set()) | (nato if code in nato else set())
    return peers - {code}


def _acts(code: str, event: dict) -> tuple[float | None, float | None]:
    """(critical-side value, supportive-side value) of one state in one event; None where the
    event was no opportunity on that side (a vote it had no seat for, a list of the other side)."""
    signers = event["signers"]
    peers = _peers(code, event["year"])
    if event["kind"] == "vote":
        members = signers["yes"] | signers["no"] | signers["abstain"]
        if code not in members:
            return None, None
        if code in signers["yes"]:
            return 1.0, 0.0
        if code in signers["no"]:
            return 0.0, 1.0
        seated = peers & members
        joined = len(seated & signers["yes"]) / len(seated) if seated else 0.0
        return (ABSENT_AGAINST_PEERS if joined >= PEER_SHARE else 0.0), 0.0
    if code in signers["joined"]:
        return (1.0, None) if event["kind"] == CRITICAL else (None, 1.0)
    if event["kind"] == SUPPORTIVE:
        return None, 0.0
    joined = len(peers & signers["joined"]) / len(peers) if peers else 0.0
    return (ABSENT_AGAINST_PEERS if joined >= PEER_SHARE else 0.0), None


def stance(code: str, events: list[dict]) -> float:
    """S - C over the events given: S the mean supportive-side value, C the mean critical-side
    value, each over the events that were an opportunity on that side; capped to -1..1."""
    critical, supportive = [], []
    for event in events:
        c, s = _acts(code, event)
        if c is not None:
            critical.append(c)
        if s is not None:
            supportive.append(s)
    mean = (lambda xs: sum(xs) / len(xs) if xs else 0.0)
    return max(-1.0, min(1.0, mean(supportive) - mean(critical)))


def statements(raw: Path, out: Collector, codes: list[str]) -> None:
    """political.china_stance for the five years ending in each year from 2019 (the first
    statement) to the last full year, from the complete lists only."""
    events = [e for e in _statements(raw) if e["complete"]]
    first = min(e["year"] for e in events)
    for code in codes:
        for year in range(first, LAST_FULL_YEAR + 1):
            window = [e for e in events if year - WINDOW < e["year"] <= year]
            if window:
                out.put(code, "political.china_stance", "un-china-statements", year, stance(code, window))
        out.notes[(code, "political.china_stance", "un-china-statements")] = _acts_note(code, events)


def _acts_note(code: str, events: list[dict]) -> str:
    """What the state did, statement by statement: the record each value is computed from."""
    parts = []
    for e in events:
        c, s = _acts(code, e)
        if e["kind"] == "vote":
            if c is None:
                continue
            what = next(v for v in ("yes", "no", "abstain") if code in e["signers"][v])
            parts.append(f"{e['date']} {e['id']}: voted {what}" + (" (peers voted yes)" if c < 0 else ""))
        elif c == 1.0 or s == 1.0:
            parts.append(f"{e['date']} {e['id']}: joined")
        elif c is not None and c < 0:
            parts.append(f"{e['date']} {e['id']}: stayed out (peers joined)")
    return "; ".join(parts) or "joined no statement; no vote"


def peer_shares(raw: Path) -> list[dict]:
    """For docs/DATA.md: per critical statement, the share of EU and of NATO members who joined
    (so a reader sees how far each is from the two-thirds rule)."""
    rows = []
    for e in _statements(raw):
        if e["kind"] == SUPPORTIVE or not e["complete"]:
            continue
        joined = e["signers"]["yes"] if e["kind"] == "vote" else e["signers"]["joined"]
        eu = set(EU) | ({"GBR"} if e["year"] < 2020 else set())
        nato = {c for c, y in NATO_JOINED.items() if y <= e["year"]} | {"USA"}
        if e["kind"] == "vote":
            members = e["signers"]["yes"] | e["signers"]["no"] | e["signers"]["abstain"]
            eu, nato = eu & members, nato & members
        rows.append({"statement": e["id"], "date": e["date"],
                     "eu_share": round(len(eu & joined) / len(eu), 3) if eu else None,
                     "nato_share": round(len(nato & joined) / len(nato), 3) if nato else None})
    return rows


# ---------------------------------------------------------------- China's declared partnerships

RARE_TIER = ("all-weather", "coordination", "shared future")


def partnership_tier(label: str) -> float:
    """The documented rule (docs/DATA.md): 1 for the rare tiers China keeps for its closest
    partners, 0.5 for any other label with "strategic", 0 for a label without it."""
    text = label.lower()
    if any(word in text for word in RARE_TIER):
        return 1.0
    if "comprehensive" in text and "strategic" in text and "cooperat" in text:
        return 1.0  # comprehensive strategic cooperative partnership / partnership of cooperation
    return 0.5 if "strategic" in text else 0.0


def partnerships(raw: Path, out: Collector, sources: dict) -> None:
    """Each dated label becomes the value from its year until the next one. A label whose year
    the source does not state ("UNCLEAR (2009)") is confirmed by its page at the page's date, so
    it holds from that year, where no dated label of the country starts at or before it (Laos,
    confirmed by a 2011 communique; elsewhere a dated label already covers those years)."""
    rows = read_rows(raw / PARTNERSHIPS, ("iso3", "year", "level_as_stated", "source_url", "source_title",
                                          "source_date"))
    dated_from: dict[str, int] = {}
    for row in rows:
        if row["year"].strip().isdigit():
            dated_from[row["iso3"]] = min(int(row["year"]), dated_from.get(row["iso3"], 10_000))
    by_country: dict[str, list] = defaultdict(list)
    for n, row in enumerate(rows):
        if row["year"].strip().isdigit():
            year = year_cell(row)
        else:
            page_year = row["source_date"].strip()[:4]
            if not page_year.isdigit() or dated_from.get(row["iso3"], 10_000) <= int(page_year):
                continue
            year = int(page_year)
        source_id = "pt-" + hashlib.sha1(row["source_url"].encode()).hexdigest()[:10]
        sources.setdefault(source_id, {
            "title": row["source_title"], "publisher": urlparse(row["source_url"]).netloc or "web page",
            "url": row["source_url"], "licence": None,
            "citation": f"{row['source_title']}, {row['source_date']} ({row['level_as_stated']!r}).",
            "coverage": None,
        })
        by_country[row["iso3"]].append((year, n, partnership_tier(row["level_as_stated"]), source_id))
    for code, labels in by_country.items():
        labels.sort()
        for k, (year, _n, tier, source_id) in enumerate(labels):
            end = labels[k + 1][0] - 1 if k + 1 < len(labels) else LAST_FULL_YEAR
            for y in range(max(year, FIRST_YEAR), end + 1):
                out.put(code, "political.china_partnership", source_id, y, tier)
