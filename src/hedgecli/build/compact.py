"""The start-up twin of indicators.json, which `hedge` reads when no --data is given.

Parsing the whole file was the largest cost of `hedge score X` after importing its libraries,
and grows with every country and series added (issue 18). The twin holds the same data as JSON lines: a header line (the
format, indicators, groups, the countries without their series, each indicator's span, and the
byte range of every source and country below it), then one line per source and one per
country's series. `data.py` parses the header and only the lines a command asks for.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..data import CHECKSUM_SUFFIX, TWIN, TWIN_FORMAT, checksum
from ..dataset import Dataset
from ..fileio import write_atomic



def _line(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def twin(dataset: dict, payload: bytes) -> bytes:
    """The twin of `dataset`, the validated data whose file is `payload`."""
    body, at = [], {"sources": {}, "countries": {}}
    offset = 0
    for kind, items in (("sources", dataset["sources"].items()),
                        ("countries", ((c, e["indicators"]) for c, e in dataset["countries"].items()))):
        for key, value in items:
            line = _line(value)
            at[kind][key] = [offset, offset + len(line) - 1]  # without the newline
            body.append(line)
            offset += len(line)
    full = Dataset(dataset, "build")  # the spans the run time would compute from the full file
    spans = {ind: full.span(ind) for ind in full._present}
    countries = {c: {k: v for k, v in e.items() if k != "indicators"} for c, e in dataset["countries"].items()}
    header = {"format": TWIN_FORMAT, "of": checksum(payload),
              "data": {**{k: v for k, v in dataset.items() if k not in ("sources", "countries")},
                       "countries": countries},
              "spans": spans, "at": at}
    return _line(header) + b"".join(body)


def write(out: Path, dataset: dict, payload: bytes) -> None:
    """Write the twin of `out` (indicators.json, whose bytes are `payload`) beside it, with the
    checksum that lets start-up trust it as it trusts the full file."""
    data = twin(dataset, payload)
    write_atomic(out.with_name(TWIN), data)
    write_atomic(out.with_name(TWIN + CHECKSUM_SUFFIX), (checksum(data) + "\n").encode())
