"""Finding, reading and validating the indicators file: the one place hedge reads data.

Which file: `--data PATH` if given, else the HEDGE_DATA environment variable, else the file
shipped inside the package (`data/indicators.json` in the source tree). `-` reads standard input.

Validation: every file is validated against `models.Dataset` before it is scored, except the
shipped file when its bytes still match the checksum the build script recorded beside it (the
build validated exactly those bytes). That keeps Pydantic out of the start-up of the common
case, `hedge score X` on the shipped data, which scripts call in loops.

For the same reason, with no --data and no HEDGE_DATA, the shipped data are read from their
start-up twin (TWIN, written by build/compact.py), which parses only what a command asks for,
as long as both it and the full file still match their checksums.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from .dataset import Dataset
from .errors import DataError
from .fileio import read_user_file

ENV_VAR = "HEDGE_DATA"
FILENAME = "indicators.json"
CHECKSUM_SUFFIX = ".crc32"
TWIN = "indicators.startup.jsonl"  # the start-up twin of FILENAME (build/compact.py)
TWIN_FORMAT = "hedge-startup/1"


def packaged(filename: str) -> Path:
    """A file hedge ships: in the package (wheel installs) or the source tree's data/ (editable)."""
    inside = Path(__file__).parent / "data" / filename
    return inside if inside.is_file() else Path(__file__).resolve().parents[2] / "data" / filename


def shipped_path() -> Path:
    """The shipped indicators file."""
    return packaged(FILENAME)


def resolve_path(path: str | None) -> str:
    if path:
        return path
    return os.environ.get(ENV_VAR) or str(shipped_path())


def read_bytes(path: str) -> bytes:
    if path == "-":
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise DataError("--data -: standard input is closed")
        from .fileio import LIMITS, read_capped

        return read_capped(sys.stdin.buffer, "standard input", LIMITS["data file"])
    return read_user_file(path, "data file")


def checksum(payload: bytes) -> str:
    """The build's record of the bytes it validated. CRC-32 detects an edit (or a truncated copy)
    as surely as a cryptographic hash would here, where nobody forges anything, and costs a
    tenth of the start-up: hashlib alone takes longer to import than hedge to score a country."""
    import zlib

    return f"{zlib.crc32(payload):08x}"


def _recorded(path: Path) -> str:
    """The checksum the build wrote beside `path` (OSError or UnicodeDecodeError if none)."""
    return path.with_name(path.name + CHECKSUM_SUFFIX).read_text(encoding="ascii").strip()


def _trusted(path: str, payload: bytes) -> bool:
    """True if this is the shipped file, unchanged since the build validated it."""
    if path == "-":
        return False
    try:
        same_file = Path(path).resolve() == shipped_path().resolve()
        expected = _recorded(Path(path))
    except (OSError, UnicodeDecodeError):
        return False
    return same_file and checksum(payload) == expected


class _Lines(Mapping):
    """The twin's sources or countries' series: each parsed from its own line when first asked for."""

    def __init__(self, payload: bytes, base: int, at: dict[str, list[int]]) -> None:
        self._payload, self._base, self._at, self._parsed = payload, base, at, {}

    def __getitem__(self, key: str) -> dict:
        if key not in self._parsed:
            start, end = self._at[key]
            self._parsed[key] = json.loads(self._payload[self._base + start:self._base + end])
        return self._parsed[key]

    def __contains__(self, key: object) -> bool:
        return key in self._at  # without parsing the line

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _from_twin() -> Dataset | None:
    """The shipped data from the twin, or None if it is missing or it or the full file is not
    as the build wrote them (then the full file is read, and validated if edited)."""
    full = shipped_path()
    twin = full.with_name(TWIN)
    try:
        payload = twin.read_bytes()
        # the full file's checksum too: an edited indicators.json must not be hidden by its twin
        full_sum = _recorded(full)
        if checksum(payload) != _recorded(twin) or checksum(full.read_bytes()) != full_sum:
            return None
        base = payload.index(b"\n") + 1
        header = json.loads(payload[:base])
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if header.get("format") != TWIN_FORMAT or header.get("of") != full_sum:
        return None  # the twin of another version of the file
    raw = {**header["data"], "sources": _Lines(payload, base, header["at"]["sources"])}
    return Dataset(raw, str(full), series=_Lines(payload, base, header["at"]["countries"]), spans=header["spans"])


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple]) -> dict:
    # json keeps the last of two equal keys silently; two entries for one country is an error
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def parse(payload: bytes, origin: str, strict: bool = True) -> object:
    try:
        text = payload.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not content
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise DataError(f"{origin}: the file is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates if strict else None)
    except _Duplicate as exc:
        raise DataError(f"{origin}: key {str(exc)!r} appears twice in one object") from None
    except _NotANumber as exc:
        raise DataError(f"{origin}: {exc} is not a number hedge accepts") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise DataError(f"{origin}: JSON nested too deeply") from None


class _NotANumber(ValueError):
    pass


def _reject_constant(name: str) -> float:
    # Python's json accepts NaN and Infinity, which are not JSON and not data
    raise _NotANumber(name)


CSV_COLUMNS = ("country", "indicator", "year", "value", "unit", "source")


def _is_csv(path: str, payload: bytes) -> bool:
    """A .csv file, or standard input that does not start like JSON (columns in any order)."""
    if path.lower().endswith(".csv"):
        return True
    return path == "-" and payload.removeprefix(codecs.BOM_UTF8).lstrip()[:1] not in (b"{", b"[", b"")


def from_csv(payload: bytes, origin: str, found: list[str] | None = None) -> dict:
    """A long CSV (country, indicator, year, value, unit, source) as a data-file structure.

    Optional columns, as `hedge data export` writes them: source_title and source_url describe
    the source, error_rule (KIND:SIZE) is the series' error rule; a row whose carried_forward is
    true repeats an earlier value and is skipped.

    Indicator definitions come from the shipped file (the method is defined on them); each
    distinct `source` text becomes a source; countries are ISO codes or names (pycountry).
    A row's problem raises DataError, or, given a `found` list (`hedge data validate`), is
    added to it and the row skipped, so that every bad row is reported.
    """
    import csv
    import io

    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise DataError(f"{origin}, line {reader.reader.line_num}: not readable as CSV ({exc})") from None
    missing = [c for c in CSV_COLUMNS if c not in fieldnames]
    if missing:
        raise DataError(f"{origin}: CSV needs the columns {', '.join(CSV_COLUMNS)} (missing: {', '.join(missing)})")
    from .models import FORMAT

    shipped = json.loads(shipped_path().read_text(encoding="utf-8"))
    indicators = shipped["indicators"]
    countries: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    series_of: dict[tuple[str, str, str, str], dict] = {}  # (country, indicator, source, unit): one lookup a row
    for n, row in enumerate(_csv_rows(reader, origin), start=2):
        where = f"{origin}, row {n}"
        try:
            code, ind, year, value = _csv_row(row, where, indicators)
        except DataError as exc:
            if found is None:
                raise
            found.append(str(exc).removeprefix(f"{origin}, "))
            continue
        if (row.get("carried_forward") or "").strip().lower() in ("true", "1", "yes"):
            continue  # hedge data export's repeat of an earlier year's value: not a value of its own
        source = (row["source"] or "").strip() or "unspecified"
        # an export names each source's title and address: keep them
        sources.setdefault(source, {"title": (row.get("source_title") or "").strip() or source,
                                    "publisher": f"as given in {origin}",
                                    "url": (row.get("source_url") or "").strip() or None})
        if code not in countries:
            countries[code] = _csv_entry(code, (row.get("name") or "").strip())
        entry = countries[code]
        unit = (row["unit"] or "").strip()
        series = series_of.get((code, ind, source, unit))
        if series is None:
            series = {"source": source, "unit": unit, "values": {}}
            error = _csv_error(row.get("error_rule"))
            if error:
                series["error"] = error  # checked with the rest of the file (models.py)
            entry["indicators"].setdefault(ind, []).append(series)
            series_of[(code, ind, source, unit)] = series
        if str(year) in series["values"]:
            if found is None:
                raise DataError(f"{where}: {code} {ind} {year} given twice")
            found.append(f"row {n}: {code} {ind} {year} given twice")
            continue
        series["values"][str(year)] = value
    if not countries and not found:
        raise DataError(f"{origin}: the CSV has no rows")
    return {"format": FORMAT, "sources": sources, "indicators": indicators,
            "countries": countries, "groups": {}}


def _csv_row(row: dict, where: str, indicators: dict) -> tuple[str, str, int, float]:
    code = _csv_country(row["country"] or "", where)
    ind = (row["indicator"] or "").strip()
    if ind not in indicators:
        raise DataError(f"{where}: unknown indicator {ind!r}")
    try:
        return code, ind, int(row["year"]), float(row["value"])
    except (TypeError, ValueError):
        raise DataError(f"{where}: year must be a whole number and value a number") from None


def _csv_error(text: str | None) -> dict | None:
    """An export's error_rule cell, KIND:SIZE, as a series' error rule (validated later)."""
    if not text or not text.strip():
        return None
    kind, _, size = text.strip().partition(":")
    try:
        return {kind.strip(): float(size)}
    except ValueError:
        return {kind.strip(): size}  # not a number: the file check names it


def _csv_rows(reader, origin: str):
    """The reader's rows; a row the csv module cannot read (a field over its size limit, a
    stray quote in strict mode) is a DataError naming the line, not a traceback."""
    import csv

    try:
        yield from reader
    except csv.Error as exc:
        raise DataError(f"{origin}, line {reader.reader.line_num}: not readable as CSV ({exc})") from None


def _csv_country(text: str, where: str) -> str:
    """An ISO code or name (pycountry), or any code a JSON file may use (three capitals, such as
    XKX for Kosovo, which ISO leaves to users): the two formats take the same codes."""
    import pycountry

    try:
        return pycountry.countries.lookup(text.strip()).alpha_3
    except LookupError:
        if _USER_CODE.match(text.strip()):
            return text.strip()
        raise DataError(f"{where}: unknown country {text!r} (use an ISO code or name)") from None


_USER_CODE = re.compile(r"^[A-Z]{3}$")  # as models._ISO3


def _csv_entry(code: str, name: str) -> dict:
    """A country of a CSV file: ISO 3166's names, ISO2 and aliases as for shipped data, under the
    file's own name where it gives one (an export's `name` column: the names round-trip)."""
    import pycountry

    if pycountry.countries.get(alpha_3=code) is None:  # a user's code (XKX): only the file names it
        return {"name": name or code, "alpha2": None, "aliases": [], "indicators": {}}
    from .countries import country_entry

    entry = country_entry(code)
    if name and name != entry["name"]:
        entry["aliases"] = sorted((set(entry["aliases"]) | {entry["name"].lower()}) - {name.lower()})
        entry["name"] = name
    return entry


_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false",
          type(None): "null"}


def _read(path: str | None, found: list[str] | None = None) -> tuple[object, str, bool]:
    """The parsed file (JSON, or long CSV turned into the same structure), its name for
    messages, and whether it is the shipped file unchanged. Not validated."""
    path = resolve_path(path)
    origin = "<stdin>" if path == "-" else path
    payload = read_bytes(path)
    trusted = _trusted(path, payload)
    payload = payload.removeprefix(codecs.BOM_UTF8)  # before deciding between CSV and JSON
    if _is_csv(path, payload):
        return from_csv(payload, origin, found), origin, trusted
    raw = parse(payload, origin, strict=not trusted)
    if not isinstance(raw, dict):
        raise DataError(f"{origin}: the file must be a JSON object with format, sources, indicators, "
                        f"countries (this one is {_KINDS.get(type(raw), 'not an object')})")
    return raw, origin, trusted


def read(path: str, found: list[str] | None = None) -> tuple[object, str]:
    """A data file as `load` reads it (JSON or CSV, '-' for stdin), not validated, and its name
    for messages: what `hedge data validate` checks. CSV row problems go to `found`."""
    raw, origin, _ = _read(path, found)
    return raw, origin


def load(path: str | None = None) -> Dataset:
    """Load, validate and index a data file; raise DataError with a one-line reason."""
    if not path and not os.environ.get(ENV_VAR):  # the shipped file (resolve_path)
        twin = _from_twin()
        if twin is not None:
            return twin
    raw, origin, trusted = _read(path)
    if not trusted:
        from . import models  # Pydantic is imported only when a file needs validating

        raw = models.validate(raw, origin)
    return Dataset(raw, origin)
