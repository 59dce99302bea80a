"""Turning what a user types (germany, DEU, DE, "south korea", uk, asean) into a dataset code.

The dataset carries each country's ISO codes and its pycountry names and aliases (written by
the build script), so the common case needs no lookup library at start-up. pycountry is asked
only when a name is not in the dataset, to tell "not covered" apart from "not a country": a name
that is a real country (usa, "north korea", chile) is named as outside the dataset, and only a
name that is no country at all gets a did-you-mean.
"""

from __future__ import annotations

import unicodedata

from .dataset import Dataset
from .errors import UsageError

# Names pycountry spells the formal way; users and the seed use these.
DISPLAY_NAMES = {"KOR": "South Korea", "LAO": "Laos", "VNM": "Vietnam", "BRN": "Brunei",
                 "TUR": "Turkey", "GBR": "United Kingdom", "CZE": "Czechia"}
# Aliases pycountry lacks (it has the ISO names, official names and common names).
ALIASES = {
    "KOR": ["korea", "south korea", "republic of korea", "rok"],
    "GBR": ["uk", "britain", "great britain"],
    "MMR": ["burma"],
    "TUR": ["turkey", "turkiye"],
    "USA": ["us", "usa", "america"],
    "NLD": ["holland"],
    "CZE": ["czech republic"],
    "MKD": ["macedonia"],
    "ARE": ["uae", "emirates"],
    "VNM": ["vietnam"],
    "LAO": ["laos"],
    "BRN": ["brunei"],
}
# Common names pycountry does not know (its names are the ISO ones: "Russian Federation"), for
# countries outside the data; the covered countries' aliases are in the data file (written from
# ALIASES above), which is searched first.
WORLD_ALIASES = {
    "america": "USA", "united states of america": "USA", "the us": "USA", "the usa": "USA",
    "the united states": "USA",
    "russia": "RUS", "north korea": "PRK", "dprk": "PRK", "prc": "CHN", "mainland china": "CHN",
    "ivory coast": "CIV", "cape verde": "CPV", "palestine": "PSE", "vatican": "VAT",
    "micronesia": "FSM", "swaziland": "SWZ", "the netherlands": "NLD", "east timor": "TLS",
    "democratic republic of the congo": "COD", "drc": "COD", "taiwan": "TWN", "republic of china": "TWN",
    "roc": "TWN",
}

# Parts of a covered country that people type for it: say what they are part of, rather than
# suggest a look-alike name (England once got "did you mean Greenland?").
PARTS = {"england": "GBR", "scotland": "GBR", "wales": "GBR", "northern ireland": "GBR",
         "greenland": "DNK", "faroe islands": "DNK", "hong kong": "CHN", "macau": "CHN", "macao": "CHN",
         "okinawa": "JPN", "crimea": "UKR", "flanders": "BEL", "wallonia": "BEL", "bavaria": "DEU",
         "catalonia": "ESP", "sicily": "ITA", "sardinia": "ITA", "corsica": "FRA", "tasmania": "AUS"}

# Short names for ISO names with no common name in pycountry ("Russian Federation").
SHORT_NAMES = {"TWN": "Taiwan", "RUS": "Russia", "COD": "DR Congo", "FSM": "Micronesia", "PSE": "Palestine", "VAT": "Vatican City"}

# The two poles every score is measured between: not countries the tool scores.
POLES = {
    "USA": "the United States is the reference the others are measured against, not a country scored",
    "CHN": "China is the other pole the allies hedge toward, not a country scored",
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").replace("_", " ").replace(".", "").split())


def _index(data: Dataset) -> dict[str, str]:
    index: dict[str, str] = {}
    for entity in data.entities.values():
        for name in (entity.code, entity.alpha2, entity.name, *entity.aliases):
            if name:
                index.setdefault(_key(name), entity.code)
    return index


def resolve(query: str, data: Dataset) -> str:
    """The code of the country or group `query` names, or a UsageError: "X (ISO3) is not in
    the dataset" for a real country the data do not cover, a suggestion for a typo."""
    index = _index(data)
    key = _key(query)
    if key in index:
        return index[key]
    shown = query if len(query) <= 60 else query[:57] + "..."
    if key in PARTS:
        whole = PARTS[key]
        if whole in data.entities:
            entity = data.entities[whole]
            raise UsageError(f"{shown} is part of {entity.name}; hedge scores {entity.name} ({whole}): try "
                             f"'hedge score {whole}'")
        raise UsageError(f"{shown} is part of {_world_name(whole)} ({whole}): "
                         + (POLES[whole] if whole in POLES else "it is not in the dataset"))
    found = world_country(query)
    if found:
        code, name = found
        if code in data.entities:  # an ISO name the dataset does not list as an alias
            return code
        raise UsageError(_not_covered(code, name))
    import difflib  # only a miss needs suggestions

    world = _world_index()
    candidates = {**{k: ("world", c) for k, c in world.items()}, **{k: ("data", c) for k, c in index.items()}}
    close = difflib.get_close_matches(key, candidates.keys(), n=1, cutoff=0.75)
    if close:
        where, code = candidates[close[0]]
        if where == "data" or code in data.entities:
            raise UsageError(f"unknown country {shown!r}; did you mean {data.entities[code].name}?")
        name = _world_name(code)
        if code in POLES:
            raise UsageError(f"unknown country {shown!r}; did you mean {name}? {POLES[code]}")
        raise UsageError(f"unknown country {shown!r}; did you mean {name} ({code})? It is not in the dataset "
                         "either; 'hedge list' shows the countries covered")
    raise UsageError(f"unknown country {shown!r}; 'hedge list' shows the countries and groups covered")


# Real states hedge could be asked for but does not score, and why.
NOT_SCORED = {
    "TWN": "Taiwan is a Major Non-NATO Ally in US law, but it is absent from the UN and World Bank "
           "series hedge is built on (UN votes and statements, WDI GDP), so hedge does not score it on half the data",
}


def _not_covered(code: str, name: str) -> str:
    if code in POLES:
        return POLES[code]
    if code in NOT_SCORED:
        return NOT_SCORED[code]
    return f"{name} ({code}) is not in the dataset; 'hedge list' shows the countries it covers"


def world_country(query: str) -> tuple[str, str] | None:
    """(ISO alpha-3, display name) of the real country `query` names (an ISO code or name, or a
    common name such as Russia), whether or not the dataset covers it; None if none."""
    import pycountry

    key = _key(query)
    if key in WORLD_ALIASES:
        code = WORLD_ALIASES[key]
        return code, _world_name(code)
    try:
        record = pycountry.countries.lookup(query.strip())
    except (LookupError, AttributeError):
        return None
    return record.alpha_3, _world_name(record.alpha_3)


def _world_name(code: str) -> str:
    import pycountry

    record = pycountry.countries.get(alpha_3=code)
    if record is None:
        return code
    return SHORT_NAMES.get(code) or getattr(record, "common_name", None) or record.name


def _world_index() -> dict[str, str]:
    """Every ISO country name (and the common names above) -> alpha-3, for suggestions."""
    import pycountry

    index = {}
    for record in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(record, attr, None)
            if name:
                index.setdefault(_key(name), record.alpha_3)
    index.update(WORLD_ALIASES)
    return index


def completions(data: Dataset, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: (word, what it names) for every country and group whose code or name
    starts with `incomplete`, whatever its case. Names are offered as one word (south-korea),
    which resolves like "south korea" and needs no quoting in a shell; each word is spelt in the
    case being typed (DE -> DEU, de -> deu, Ger -> Germany), since shells keep only the words
    that start with what is typed."""
    typed = _key(incomplete)
    lower = incomplete != incomplete.upper()  # lower-case letters typed
    capital = incomplete[:1].isupper()
    out: dict[str, str] = {}
    for entity in sorted(data.entities.values(), key=lambda e: (e.kind != "group", e.name)):
        slug = _key(entity.name).replace(" ", "-")
        for word in (slug.title() if capital else slug, entity.code.lower() if lower else entity.code):
            plain = all(ch.isalnum() or ch == "-" for ch in word)
            if plain and _key(word).startswith(typed) and word not in out:
                out[word] = entity.name if entity.name == entity.code else f"{entity.name} ({entity.code})"
    return list(out.items())


def country_entry(code: str) -> dict:
    """A country's entry for a data file: display name, ISO2 and the names users type (pycountry's
    ISO, official and common names and ALIASES), as the build writes them for shipped data."""
    import pycountry

    record = pycountry.countries.get(alpha_3=code)
    names = {record.name, getattr(record, "official_name", None), getattr(record, "common_name", None)}
    name = DISPLAY_NAMES.get(code) or getattr(record, "common_name", None) or record.name
    aliases = sorted({n.lower() for n in names if n} | set(ALIASES.get(code, [])) - {name.lower()})
    return {"name": name, "alpha2": record.alpha_2, "aliases": aliases, "indicators": {}}
