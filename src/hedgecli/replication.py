"""The replication file: every value behind the scores, one row per country, indicator and year.

A row is a value in use for scoring that year: either the source's value for that very year, or
an earlier one carried forward (within the method's limit on age; `carried_forward` and
`value_year` say which). Each row names its source, and gives the value's 0-100 score in every
part that scores the indicator directly (`score_<part>`; a ratio or a change over years is scored
in `hedge explain`). `--data` reads the CSV back, skipping the carried-forward rows and keeping
each series' error rule, so the scores and their Monte Carlo are those the file was made from (for
the countries: groups are not values, and are not in the table).
"""

from __future__ import annotations

from . import __version__

# the columns, in order, with their Frictionless types and meanings (datapackage.json)
COLUMNS = [
    ("country", "string", "ISO 3166 alpha-3 code"),
    ("name", "string", "country name"),
    ("indicator", "string", "indicator id (hedge sources lists them)"),
    ("year", "integer", "the year the row is for"),
    ("value", "number", "the value in use that year, in `unit`"),
    ("unit", "string", "unit of the value"),
    ("value_year", "integer", "the year the value is from (earlier than `year` when carried forward)"),
    ("carried_forward", "boolean", "true when the value is an earlier year's, carried forward"),
    ("band_low", "number", "5th percentile of the value by the source's error rule (empty: none)"),
    ("band_high", "number", "95th percentile of the value by the source's error rule (empty: none)"),
    ("error_rule", "string", "the series' error rule, KIND:SIZE (relative, absolute or numerator_relative; "
                             "empty: none), which --data reads back for the Monte Carlo"),
    ("source", "string", "source id"),
    ("source_title", "string", "title of the source"),
    ("source_url", "string", "where the source is published"),
    ("method", "string", "the method the scores are under"),
]


def rows(data, method) -> list[dict]:
    """Every country x indicator x year value in use, with provenance and scores, sorted."""
    from .scoring import normalise

    direct: dict[str, list[tuple[str, object]]] = {}  # indicator -> [(part, rule)] scoring it as is
    for part in method.parts.values():
        for rule in part.rules:
            if rule.change is None and rule.denominator is None:
                direct.setdefault(rule.indicator, []).append((part.name, rule))
    score_columns = list(dict.fromkeys(f"score_{p}" for pairs in direct.values() for p, _ in pairs))
    first, last = data.first_year, data.last_year
    out = []
    for entity in sorted(data.countries, key=lambda e: e.code):
        for indicator in sorted(data.indicators):
            for year in range(first, last + 1):
                obs = data.observation(entity.code, indicator, year)
                if obs is None or obs.age > method.max_age:
                    continue
                src = data.sources.get(obs.source, {})
                row = {"country": entity.code, "name": entity.name, "indicator": indicator, "year": year,
                       "value": obs.value, "unit": obs.unit, "value_year": obs.year, "carried_forward": obs.age > 0,
                       "band_low": None if obs.band is None else round(obs.band[0], 6),
                       "band_high": None if obs.band is None else round(obs.band[1], 6),
                       "error_rule": _rule_text(data.error_rule(entity.code, indicator, obs.source)),
                       "source": obs.source, "source_title": src.get("title"), "source_url": src.get("url"),
                       "method": method.name}
                row.update(dict.fromkeys(score_columns))
                for part, rule in direct.get(indicator, ()):
                    row[f"score_{part}"] = round(normalise(obs.value, rule), 1)
                out.append(row)
    return out


def _rule_text(rule: dict | None) -> str | None:
    return None if not rule else ";".join(f"{kind}:{size!r}" for kind, size in rule.items())


DESCRIPTOR = "datapackage.json"  # its name beside the table, which the table may not take


def datapackage(rows: list[dict], path: str, fmt: str, data, payload: bytes | None = None) -> dict:
    """A Frictionless Tabular Data Package describing the export at `path` (a name beside it).
    With the table's bytes, the resource carries their sha256 and size: the table and the
    descriptor are two files, so a crash between the two writes leaves a new table beside an
    old descriptor, which the hash shows (frictionless validate checks it)."""
    meaning = {name: (kind, text) for name, kind, text in COLUMNS}
    names = list(rows[0]) if rows else [c for c, _, _ in COLUMNS]
    fields = []
    for name in names:
        kind, text = meaning.get(name, ("number", f"0-100 score of the value in part {name.removeprefix('score_')}"))
        fields.append({"name": name, "type": kind, "description": text})
    resource = {"name": "values", "path": path, "profile": "tabular-data-resource", "format": fmt,
                "mediatype": {"csv": "text/csv", "json": "application/json",
                              "parquet": "application/vnd.apache.parquet"}.get(fmt, "application/x-ndjson"),
                "encoding": "utf-8",
                **(_integrity(payload) if payload is not None else {}),
                "schema": {"fields": fields, "primaryKey": ["country", "indicator", "year"], "missingValues": [""]}}
    used = sorted({r["source"] for r in rows})
    return {
        "profile": "tabular-data-package",
        "name": "hedge-values",
        "title": "hedge: every value behind the scores, with its source",
        "description": ("One row per country, indicator and year in use for scoring: the source's value for that "
                        "year or an earlier one carried forward, with its unit, source and 0-100 scores. "
                        f"Made by hedge {__version__} from {_described(data.origin)}."),
        "version": __version__,
        "sources": [{"title": data.sources[s].get("title", s), **({"path": data.sources[s]["url"]}
                                                                 if data.sources[s].get("url") else {})}
                    for s in used if s in data.sources],
        "resources": [resource],
    }


def _integrity(payload: bytes) -> dict:
    import hashlib  # only an export pays for it

    return {"hash": f"sha256:{hashlib.sha256(payload).hexdigest()}", "bytes": len(payload)}


def _described(origin: str) -> str:
    """The data's origin for a descriptor: not the path of a user's installation."""
    from pathlib import Path

    from .data import shipped_path

    try:
        if Path(origin).resolve() == shipped_path().resolve():
            return "the data shipped with hedge"
    except OSError:
        pass
    return Path(origin).name if origin != "<stdin>" else "standard input"
