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
    ("map-europe.png", ["map", "--score", "both", "--region", "europe"]),
    ("trend.png", ["trend", "japan", "germany", "south korea", "--uncertainty"]),
    ("trend-many.png", ["trend", "japan", "germany", "south korea", "france", "united kingdom", "italy", "poland",
                        "hungary", "turkey", "canada", "australia", "india"]),
    ("brief.png", ["brief", "germany"]),  # the brief's one A4 page, as the PDF prints it (pdftoppm)
]


def brief_png(args: list[str], target: Path) -> int:
    """The brief as its PDF page in PNG: the PDF drawn by hedge, the picture by poppler's pdftoppm."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (apt-get install poppler-utils): brief.png not redrawn", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "brief.pdf"
        code = main([*args, "--output", str(pdf)])
        if code:
            return code
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf), str(Path(tmp) / "page")],
                       check=True)
        shutil.copyfile(Path(tmp) / "page.png", target)
    return 0


def make() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    figures.DPI = DPI  # a README image, not print
    for name, args in GALLERY:
        if args[0] == "brief":
            code = brief_png(args, OUT / name)
        else:
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
