"""Finding, reading and validating the indicators file: the one place hedge reads data.

Which file: `--data PATH` if given, else the HEDGE_DATA environment variable, else the file
shipped inside the package (`data/indicators.json` in the source tree). `-` reads standard input.

Validation: every file is validated against `models.Dataset` before it is scored, except the
shipped file when its bytes still match the digest the build script recorded beside it (the
build validated exactly those bytes). That keeps Pydantic out of the start-up of the common
case, `hedge score X` on the shipped data, which scripts call in loops.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from .dataset import Dataset
from .errors import DataError

ENV_VAR = "HEDGE_DATA"
FILENAME = "indicators.json"


def shipped_path() -> Path:
    """The packaged data file (wheel installs) or the source tree's data/ (editable installs)."""
    packaged = Path(__file__).parent / "data" / FILENAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / FILENAME


def resolve_path(path: str | None) -> str:
    if path:
        return path
    return os.environ.get(ENV_VAR) or str(shipped_path())


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise DataError(f"data file not found: {path}") from None
    except IsADirectoryError:
        raise DataError(f"data file is a directory, not a file: {path}") from None
    except PermissionError:
        raise DataError(f"data file is not readable (permission denied): {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read data file {path}: {exc.strerror or exc}") from None


def _trusted(path: str, payload: bytes) -> bool:
    """True if this is the shipped file, unchanged since the build validated it."""
    if path == "-":
        return False
    digest_file = Path(path).with_name(Path(path).name + ".sha256")
    try:
        same_file = Path(path).resolve() == shipped_path().resolve()
        expected = digest_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return same_file and hashlib.sha256(payload).hexdigest() == expected


def parse(payload: bytes, origin: str) -> object:
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise DataError(f"{origin}: the file is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant)
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


def load(path: str | None = None) -> Dataset:
    """Load, validate and index a data file; raise DataError with a one-line reason."""
    path = resolve_path(path)
    origin = "<stdin>" if path == "-" else path
    payload = read_bytes(path)
    raw = parse(payload, origin)
    if not _trusted(path, payload):
        from . import models  # Pydantic is imported only when a file needs validating

        raw = models.validate(raw, origin)
    return Dataset(raw, origin)
