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

_YEAR_IN_PARENS = re.compile(r"\((19|20)\d{2}\)")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def items(sources: dict[str, dict], ids) -> list[dict]:
    """hedge, then the sources `ids` (sorted), as CSL-JSON items."""
    out = [dict(PROJECT)]
    for sid in sorted(ids):
        src = sources.get(sid)
        if src is None:
            continue
        item = {"id": key(sid), "type": "dataset", "title": src.get("title") or sid}
        if src.get("publisher"):
            item["publisher"] = src["publisher"]
        if src.get("url"):
            item["URL"] = src["url"]
        year = year_of(src.get("citation") or "")
        if year:
            item["issued"] = {"date-parts": [[year]]}
        if src.get("citation"):
            item["note"] = src["citation"]
        out.append(item)
    return out


def key(source_id: str) -> str:
    """A citation key from a source id: letters, digits and - : _ only (BibTeX's safe set)."""
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", source_id).strip("-") or "source"


def year_of(citation: str) -> int | None:
    """The year a citation gives: "(2023)" first, else the first year-like number."""
    found = _YEAR_IN_PARENS.search(citation) or _YEAR.search(citation)
    return int(found.group(0).strip("()")) if found else None


# ---------------------------------------------------------------- BibTeX

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
            "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """Text safe inside a BibTeX field's braces: LaTeX's special characters escaped, line breaks
    and control characters made spaces (a brace or backslash in a title cannot break the file)."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _url(url: str) -> str:
    # a url field is read verbatim (hyperref): only braces and spaces could break it
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


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
        if item.get("note"):
            line = item["note"]
        else:
            line = ". ".join(part for part in (item.get("publisher"), item["title"]) if part) + "."
        if item.get("URL") and item["URL"] not in line:
            line += f" {item['URL']}"
        lines.append(line)
    return "".join(line + "\n" for line in lines)
