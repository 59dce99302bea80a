#!/usr/bin/env python3
"""Make the README's gallery: docs/gallery/*.png, drawn by the figure commands themselves.

    python scripts/make_gallery.py

Run it after a change to the figures, the data or the method; the PNGs are committed (110 dpi,
each well under 300 KB). The same input gives the same files.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hedgecli import figures  # noqa: E402
from hedgecli.cli import main  # noqa: E402

OUT = ROOT / "docs" / "gallery"
DPI = 110
GALLERY = [
    ("heatmap.png", ["heatmap", "--uncertainty"]),
    ("map-world.png", ["map", "--score", "reversal", "--region", "world"]),
    ("map-europe.png", ["map", "--score", "hedging", "--region", "europe"]),
    ("trend.png", ["trend", "japan", "germany", "south korea", "--uncertainty"]),
]


def make() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    figures.DPI = DPI  # a README image, not print
    for name, args in GALLERY:
        code = main([*args, "--output", str(OUT / name), "--force"])
        if code:
            return code
        size = (OUT / name).stat().st_size
        print(f"{name}: {size / 1024:.0f} KB", file=sys.stderr)
        if size > 300 * 1024:
            print(f"{name} is over 300 KB", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(make())
