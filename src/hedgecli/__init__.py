"""hedge: how far US allies hedge toward China, and their risk of partial strategic reversal.

The Python API (see the README and hedgecli.api) is reached from here: hedgecli.heatmap(),
hedgecli.score("germany"), hedgecli.explain(...), hedgecli.to_pandas(...). It is loaded on
first use, so that `hedge` on the command line does not pay for Pydantic models it never builds.
"""

from .errors import HedgeError

__version__ = "3.8.0"

_API = ("heatmap", "score", "scores", "what_if", "explain", "compare", "trend", "drift", "sources",
        "entities", "presets", "export", "cite", "sensitivity", "validate", "diff", "to_pandas", "figure")
__all__ = ["HedgeError", "__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'hedgecli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
