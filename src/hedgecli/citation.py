"""How to cite hedge and the sources behind its numbers: CSL-JSON items, and BibTeX and plain
text made from them.

The items are CSL-JSON (the format Zotero, Pandoc and citeproc read): hedge itself as software,
then each source as a dataset with its publisher, address, year (from the source's own citation,
when it gives one) and that citation as a note. CITATION.cff at the repository root says the same
of hedge for GitHub and Zenodo.
"""

from __future__ import annotations

import re

from . import __version__

PROJECT = {
    "id": "hedge",
    "type": "software",
    "title": "hedge: how far US allies hedge toward China, and their risk of partial strategic reversal",
    "author": [{"literal": "The hedge developers"}],
    "issued": {"date-parts": [[2026]]},
    "version": __version__,
    "note": "Command-line tool and Python package hedgecli; licence MIT",
}

# the year a citation is of, in the forms the sources use, most telling first: "Custer (2023)",
# "2025 edition", "release of July 2025", "data as of October 2026", a date "2024-07". Not just
# any number that looks like a year: "trade 2001-2024" is the coverage, not the edition.
_YEARS = [re.compile(p) for p in (
    r"\(((?:19|20)\d{2})\)",
    r"\b((?:19|20)\d{2}) (?:edition|vintage|release)\b",
    r"\b(?:edition|vintage|release|version|as of|accessed)\b[^,;()]*?\b((?:19|20)\d{2})\b(?!-)",
    r"\b((?:19|20)\d{2})-\d{2}(?:-\d{2})?\b",
)]


# the source ids of single cited pages (build: events, visits, confrontations, partnerships)
CITED_ROWS = ("ev-", "vs-", "cf-", "pt-")


def items(sources: dict[str, dict], ids) -> list[dict]:
    """hedge, then the sources `ids` (sorted), as CSL-JSON items. A page that two tables cite
    (an event's and a visit's row on one URL) has an id in each and is cited once."""
    out = [dict(PROJECT)]
    taken = {PROJECT["id"]}
    pages: set[str] = set()
    for sid in sorted(ids):
        src = sources.get(sid)
        if src is None:
            continue
        if sid.startswith(CITED_ROWS):
            page = (src.get("url") or "").strip()
            if page in pages:
                continue
            pages.add(page)
        item = {"id": _unique(key(sid), taken), "type": "dataset", "title": src.get("title") or sid}
        if src.get("publisher"):
            item["publisher"] = src["publisher"]
        url = (src.get("url") or "").strip()
        if url and web_address(url):
            item["URL"] = url
        year = year_of(src.get("citation") or "")
        if year:
            item["issued"] = {"date-parts": [[year]]}
        notes = [src.get("citation"), DROPPED if url and not web_address(url) else None]
        if any(notes):
            item["note"] = ". ".join(n.rstrip(".") for n in notes if n) + ("." if notes[1] else "")
        out.append(item)
    return out


# a data file's address may be javascript: or data:, which a reference manager or a PDF would
# make a live link; only web addresses are cited, and the item says one was left out
DROPPED = "Address left out: only http and https addresses are cited"


def web_address(url: str) -> bool:
    """True for an http or https URL with a host, the only addresses a citation carries."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed address (an unclosed [ of an IPv6 host)
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url.isprintable()


def _unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or wanted-2, -3, ...: two sources ("a b", "a-b") must not share a key."""
    found, n = wanted, 1
    while found.lower() in taken:
        n += 1
        found = f"{wanted}-{n}"
    taken.add(found.lower())
    return found


def key(source_id: str) -> str:
    """A citation key from a source id: letters, digits and - : _ only (BibTeX's safe set)."""
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", source_id).strip("-") or "source"


def year_of(citation: str) -> int | None:
    """The year a citation is of (see _YEARS), or None when it does not say."""
    for pattern in _YEARS:
        found = pattern.search(citation)
        if found:
            return int(found.group(1))
    return None


# ---------------------------------------------------------------- BibTeX

# braces as commands, not \{ \}: BibTeX counts every brace, escaped or not, so one stray brace
# in a title would unbalance the entry
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
            "%": r"\%", "$": r"\$",
            "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """Text safe inside a BibTeX field's braces: LaTeX's special characters escaped, line breaks
    and control characters made spaces (a brace or backslash in a title cannot break the file)."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _url(url: str) -> str:
    # a url field is read verbatim (hyperref): braces, backslashes, spaces and control
    # characters could break it, so they are percent-encoded as a browser would
    out = url
    for ch, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), (" ", "%20")):
        out = out.replace(ch, code)
    return "".join(ch if ch.isprintable() else "" for ch in out)


def bibtex(entries: list[dict]) -> str:
    out = []
    for item in entries:
        kind = "software" if item["type"] == "software" else "misc"
        fields = [("title", "{" + _tex(item["title"]) + "}")]  # double braces keep the capitals
        if item.get("author"):
            fields.append(("author", " and ".join("{" + _tex(a["literal"]) + "}" for a in item["author"])))
        if item.get("publisher"):
            fields.append(("publisher", _tex(item["publisher"])))
        if item.get("issued"):
            fields.append(("year", str(item["issued"]["date-parts"][0][0])))
        if item.get("version"):
            fields.append(("version", _tex(item["version"])))
        if item.get("URL"):
            fields.append(("url", _url(item["URL"])))
        if item.get("note"):
            fields.append(("note", _tex(item["note"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        out.append(f"@{kind}{{{item['id']},\n{body}\n}}\n")
    return "\n".join(out)


# ---------------------------------------------------------------- plain text

def text(entries: list[dict]) -> str:
    """One reference a line: hedge in author-year form, each source by its own citation when it
    gives one (its publisher's wording), else publisher, title and address."""
    lines = []
    for item in entries:
        if item["type"] == "software":
            year = item["issued"]["date-parts"][0][0]
            lines.append(f"{item['author'][0]['literal']} ({year}). {item['title']} (version {item['version']}) "
                         "[software].")
            continue
        if item.get("note") and item["note"] != DROPPED + ".":
            line = item["note"]
        else:
            line = ". ".join(part for part in (item.get("publisher"), item["title"], item.get("note")) if part)
            line = line if line.endswith(".") else line + "."
        if item.get("URL") and item["URL"] not in line:
            line += f" {item['URL']}"
        lines.append(line)
    return "".join(line + "\n" for line in lines)
