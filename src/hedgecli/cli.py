"""The `hedge` command: parse arguments, call the library, hand results to render. No logic.

Exit codes: 0 success, 1 data problem, 2 usage problem (see errors.py and the README).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import HedgeError, UsageError

app = typer.Typer(
    name="hedge",
    help="How far US allies hedge toward China, and how high their risk of partial strategic "
    "reversal is, from public data.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv, ndjson or markdown.")]
DataOpt = Annotated[Optional[str], typer.Option(
    "--data", envvar="HEDGE_DATA", show_envvar=True,
    help="Indicators file to score instead of the shipped one ('-' reads stdin).")]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Year to score (default: latest well-covered year).")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")]


def _guard(command):
    """Turn a HedgeError into one line on stderr and its exit code, for every command."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except HedgeError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def _error(message: str) -> None:
    first = message.strip().splitlines()[0] if message.strip() else "error"
    sys.stderr.write(f"hedge: error: {first}\n")


def _check_format(fmt: str) -> str:
    from .render import FORMATS

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def _color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _load(data_path: str | None, year: int | None):
    from .data import load

    dataset = load(data_path)
    if year is None:
        year = dataset.latest_common_year()
    elif not (dataset.first_year or 0) <= year <= (dataset.last_year or 0):
        raise UsageError(f"year {year} is outside the data ({dataset.first_year}-{dataset.last_year})")
    return dataset, year


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _emit_table(title: str, header: list[str], rows: list[list], levels: set[int], fmt: str, color: bool) -> None:
    from . import render

    if fmt == "markdown":
        _write(render.to_markdown(header, rows))
    elif sys.stdout.isatty() and fmt == "table":
        _write(render.rich_table(title, header, rows, levels, color))
    else:
        _write(render.to_plain(header, rows))


def _emit_records(records: list[dict], fmt: str, single: bool) -> bool:
    """Write the machine formats; False if `fmt` is a human one the caller must draw."""
    from . import render

    if fmt == "json":
        _write(render.to_json(records[0] if single else records))
    elif fmt == "ndjson":
        _write(render.to_ndjson(records))
    elif fmt == "csv":
        _write(render.to_csv([render.flat(r) for r in records]))
    else:
        return False
    return True


@app.command()
@_guard
def heatmap(fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None,
            no_color: NoColorOpt = False) -> None:
    """The heat map: hedging level and reversal risk for every country and group.

    Example: hedge heatmap --format json | jq '.[] | select(.hedging_level == "High") | .name'
    """
    from . import render, scoring
    from .method import DEFAULT

    fmt = _check_format(fmt)
    dataset, year = _load(data, year)
    codes = [e.code for e in scoring.entity_order(list(dataset.entities.values()))]
    records = [render.record(r, dataset) for r in scoring.score_all(dataset, year, DEFAULT, codes)]
    if not _emit_records(records, fmt, single=False):
        _emit_table(f"Hedging and reversal risk, {year}", render.HEATMAP_HEADER,
                    render.heatmap_rows(records), {1, 3}, fmt, _color(no_color))


@app.command()
@_guard
def score(
    countries: Annotated[list[str], typer.Argument(help="Countries or groups: names, ISO codes, aliases.")],
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One or more countries' scores, levels and the pillar and indicator values behind them.

    Example: hedge score germany "south korea" asean --format json
    """
    from . import render, scoring
    from .countries import resolve
    from .method import DEFAULT

    fmt = _check_format(fmt)
    dataset, year = _load(data, year)
    codes = list(dict.fromkeys(resolve(c, dataset) for c in countries))
    records = [render.record(scoring.score(dataset, c, year, DEFAULT), dataset) for c in codes]
    if _emit_records(records, fmt, single=len(countries) == 1):
        return
    color = _color(no_color)
    for i, rec in enumerate(records):
        _write(("\n" if i else "") + render.headline(rec) + "\n")
        for title, header, rows in render.detail_sections(rec):
            if fmt != "table" or not sys.stdout.isatty():
                _write(f"\n{title}\n")
            _emit_table(title, header, rows, set(), fmt, color)


@app.command("list")
@_guard
def list_(fmt: FormatOpt = "table", data: DataOpt = None, no_color: NoColorOpt = False) -> None:
    """What the dataset covers: countries and groups, with codes and years.

    Example: hedge list --format csv
    """
    fmt = _check_format(fmt)
    dataset, _ = _load(data, None)
    records = [
        {"code": e.code, "name": e.name, "kind": e.kind, "alpha2": e.alpha2,
         "members": list(e.members) if e.kind == "group" else None}
        for e in sorted(dataset.entities.values(), key=lambda e: (e.kind != "group", e.name))
    ]
    if fmt in ("json", "ndjson"):
        _emit_records(records, fmt, single=False)
        return
    rows = [[r["code"], r["name"], r["kind"], r["alpha2"] or "",
             " ".join(r["members"]) if r["members"] else ""] for r in records]
    if fmt == "csv":
        from .render import to_csv

        header = ["code", "name", "kind", "alpha2", "members"]
        _write(to_csv([dict(zip(header, row)) for row in rows]))
        return
    _emit_table(f"Covered: {dataset.first_year}-{dataset.last_year}", ["Code", "Name", "Kind", "ISO2", "Members"],
                rows, set(), fmt, _color(no_color))


app.command("countries", help="Same as 'list'.", hidden=True)(list_)


def _version(value: bool) -> None:
    if value:
        _write(f"hedge {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Show the version and exit.")] = False) -> None:
    """hedge: measure how US allies hedge toward China, from public data."""


def main(argv: list[str] | None = None) -> int:
    """Console entry point: click's own error printing is multi-line, so errors are caught
    here and reduced to one line on stderr, with exit code 2 for usage errors."""
    try:
        from typer._click import exceptions as click_errors  # typer vendors click since 0.20
    except ImportError:
        from click import exceptions as click_errors
    from typer.main import get_command

    command = get_command(app)
    try:
        result = command.main(args=argv, prog_name="hedge", standalone_mode=False)
    except click_errors.UsageError as exc:
        _error(exc.format_message())
        return 2
    except click_errors.ClickException as exc:
        _error(exc.format_message())
        return exc.exit_code
    except click_errors.Abort:
        _error("aborted")
        return 130
    except HedgeError as exc:  # raised outside a guarded command (e.g. in a callback)
        _error(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        # the reader (head, a closed pager) went away: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return result if isinstance(result, int) else 0


def entry() -> None:
    sys.exit(main())
