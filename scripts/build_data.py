#!/usr/bin/env python3
"""Regenerate data/indicators.json from the raw public datasets: see hedgecli/build_data.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hedgecli.build.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
