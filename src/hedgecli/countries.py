"""Turning what a user types (germany, DEU, DE, "south korea", uk, asean) into a dataset code.

The dataset carries each country's ISO codes and its pycountry names and aliases (written by
the build script), so the common case needs no lookup library at start-up. pycountry is asked
only when a name is not in the dataset, to tell "not covered" apart from "not a country".
"""

from __future__ import annotations

import unicodedata

from .dataset import Dataset
from .errors import UsageError


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
    """The code of the country or group `query` names, or a UsageError with a suggestion."""
    index = _index(data)
    key = _key(query)
    if key in index:
        return index[key]
    import difflib  # only a miss needs suggestions

    shown = query if len(query) <= 60 else query[:57] + "..."
    close = difflib.get_close_matches(key, index.keys(), n=1, cutoff=0.75)
    if close:
        suggestion = data.entities[index[close[0]]].name
        raise UsageError(f"unknown country {shown!r}; did you mean {suggestion}?")
    known = _iso_name(query)
    if known:
        raise UsageError(f"{known} is not in the dataset; 'hedge list' shows the countries it covers")
    raise UsageError(f"unknown country {shown!r}; 'hedge list' shows the countries and groups covered")


def _iso_name(query: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(query.strip()).name
    except (LookupError, AttributeError):
        return None
