"""The `hedge` command: parse arguments, call the library, hand results to render. No logic.

Exit codes: 0 success, 1 data problem, 2 usage problem (see errors.py and the README).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from typing import Annotated, Optional

import typer
import typer.core

from . import __version__
from .errors import DataError, HedgeError, UsageError

# typer 0.17-0.19 escape the brackets of "[default: table]" for Rich markup whenever Rich is
# installed, even with rich_markup_mode=None, so plain help showed "\[default: table]" (and
# imported Rich to do it). hedge's help is plain click help: tell typer's help code there is no
# Rich. (Tables still use Rich, through render.py; tests/test_cli.py checks the help text.)
if getattr(typer.core, "HAS_RICH", False):
    typer.core.HAS_RICH = False

app = typer.Typer(
    name="hedge",
    help="How far US allies hedge toward China, and how high their risk of partial strategic "
    "reversal is, from public data.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _complete_format(incomplete: str) -> list[str]:
    from .render import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete.lower())]


def _complete_country(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of country and group names and codes, from --data if already given."""
    try:
        from .countries import completions
        from .data import load

        path = ctx.params.get("data")
        return completions(load(path if path and path != "-" else None), incomplete)
    except Exception:  # noqa: BLE001 - a completion must never print a traceback into the shell
        return []


FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", autocompletion=_complete_format,
    help="table, json, csv, ndjson or markdown (in any case).")]
CountryArg = Annotated[str, typer.Argument(help="A country or group.", autocompletion=_complete_country)]
DataOpt = Annotated[Optional[str], typer.Option(
    "--data", envvar="HEDGE_DATA", show_envvar=True,
    help="Indicators file to score instead of the shipped one ('-' reads stdin).")]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Year to score (default: latest well-covered year).")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")]
MethodOpt = Annotated[Optional[str], typer.Option(
    "--method", envvar="HEDGE_METHOD", show_envvar=True,
    help="A shipped method by name (v1, v2: 'hedge method list') or a TOML method file "
         "('hedge method show' prints the default).")]
OutputOpt = Annotated[Optional[str], typer.Option(
    "--output", "-o",
    help="Write to FILE ('-': stdout). The extension picks the format: .svg .png .pdf draw a figure "
         "(.svg with --style terminal: the coloured table), .html/.htm the coloured table, "
         ".json .ndjson .jsonl .csv .md, or .txt for the plain table.")]
FigureOutputOpt = Annotated[Optional[str], typer.Option(
    "--output", "-o", help="The figure to write: FILE.svg, FILE.png or FILE.pdf (required).")]
StyleOpt = Annotated[str, typer.Option(
    "--style", help="figure: a figure for print and the web (.svg .png .pdf); terminal: the coloured "
                    "table as the terminal draws it (.svg, .html).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
UncertaintyOpt = Annotated[bool, typer.Option(
    "--uncertainty", help="Monte Carlo over weights, goalposts and aggregation: intervals and level odds.")]
DrawsOpt = Annotated[int, typer.Option(
    "--draws", min=100, max=1_000_000,
    help="Monte Carlo draws (at least 100: fewer give no meaningful 5-95% interval).")]
SeedOpt = Annotated[int, typer.Option("--seed", min=0, help="Random seed (same seed, same result).")]
ScenarioOpt = Annotated[Optional[str], typer.Option(
    "--scenario", help="A scenario file (TOML): changes across countries, scored before and after them.")]
GroupOpt = Annotated[Optional[list[str]], typer.Option(
    "--group", help="Your own group, scored as the shipped ones: NAME=MEMBER,MEMBER,... or a TOML file with "
                    "a [groups] table (members may be weighted). Repeatable.")]

TitleOpt = Annotated[Optional[str], typer.Option("--title", help="Figure: your title instead of hedge's.")]
SubtitleOpt = Annotated[Optional[str], typer.Option("--subtitle", help="Figure: your subtitle instead of hedge's.")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", help="Figure: a note of yours, above the credits.")]
WidthOpt = Annotated[Optional[float], typer.Option("--width", help="Figure: width in inches (2-40).")]
HeightOpt = Annotated[Optional[float], typer.Option("--height", help="Figure: height in inches (2-40).")]
PageOpt = Annotated[Optional[str], typer.Option("--page", help="Figure: the size of a page: a4, letter or slide.")]
EDITORIAL = ("title", "subtitle", "note", "width", "height", "page")


def _guard(command):
    """Turn a HedgeError into one line on stderr and its exit code, for every command."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except HedgeError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # the reader stopped early (head, a closed pager): not an error, and nothing to say
            _discard_stdout()
            raise typer.Exit(0) from None
        except MemoryError:
            _error("out of memory; fewer --draws or a smaller data file may fit")
            raise typer.Exit(1) from None

    return wrapper


def _error(message: str) -> None:
    first = message.strip().splitlines()[0] if message.strip() else "error"
    if len(first) > 400:  # a path of thousands of characters must not bury the reason
        first = first[:300] + " ... " + first[-80:]
    # the message may quote a hostile file (a country code with escape sequences): show it as text
    first = "".join(ch if ch.isprintable() else "?" for ch in first)
    sys.stderr.write(f"hedge: error: {first}\n")


def _check_format(fmt: str) -> str:
    from .render import FORMATS

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def _isatty() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def _color(no_color: bool) -> bool:
    # no-color.org: NO_COLOR set to a non-empty value turns colour off; empty means unset
    return not no_color and not os.environ.get("NO_COLOR") and _isatty()


def _monte_carlo_options(ctx: typer.Context, uncertainty: bool) -> None:
    """--draws and --seed without --uncertainty would be silently ignored: refuse them."""
    if not uncertainty:
        given = [f"--{n}" for n in ("draws", "seed") if _given(ctx, n)]
        if given:
            raise UsageError(f"{' and '.join(given)} appl{'y' if len(given) > 1 else 'ies'} only with --uncertainty")


def _given(ctx: typer.Context, name: str) -> bool:
    """True if the user gave option `name` (not its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


def _data_path(given: str | None) -> str | None:
    """The data file a command reads (--data, else HEDGE_DATA): an --output must not be it."""
    return given or os.environ.get("HEDGE_DATA")


def _method(spec: str | None):
    from .queries import load_method

    return load_method(spec)


# what --output writes for each extension: svg/png/pdf draw a figure (svg: or the coloured table,
# --style terminal), html the coloured table, table is plain text
SUFFIX_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".html": "html", ".htm": "html", ".json": "json",
                  ".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv", ".md": "markdown", ".txt": "table"}
FIGURE_KINDS = ("svg", "png", "pdf")
_WRITTEN_AS = {"svg": "an SVG picture", "png": "a PNG figure", "pdf": "a PDF figure",
               "html": "an HTML page of the table", "table": "a plain text table", "markdown": "markdown"}


def _output_format(path: str | None, fmt: str, explicit: bool) -> str | None:
    """What --output PATH writes (None: stdout, for no --output or '-'); checked before any work.

    The extension picks the format; an explicit --format must agree with it (table agrees with
    .svg, .html and .txt). A name without an extension gets --format (default: the plain table).
    """
    if path is None or path == "-":
        return None
    if not path:
        raise UsageError("--output needs a file name ('-' writes to standard output)")
    from pathlib import PurePath

    suffix = PurePath(path).suffix.lower()
    kind = SUFFIX_FORMATS.get(suffix)
    if suffix and kind is None:
        raise UsageError(f"--output {path}: hedge does not write {suffix} files; use one of "
                         f"{' '.join(SUFFIX_FORMATS)}")
    if kind is None or not explicit:
        return kind or fmt
    if kind == fmt or (fmt == "table" and kind in ("svg", "png", "pdf", "html", "table")):
        return kind
    raise UsageError(f"--format {fmt} does not match --output {path} (a {suffix} file is written as "
                     f"{_WRITTEN_AS.get(kind, kind)}); leave out --format or change the extension")


def _to_file(path: str, force: bool, kind: str, records: list[dict], title: str, header: list[str],
             rows: list[list], levels: set[int], lead: str = "", csv_row=None, inputs=(), document=None) -> None:
    """--output: `kind` as _output_format chose it; written atomically, no clobbering, never
    over a device or the command's own input (fileio.publish)."""
    from . import render

    _check_target(path, force, inputs)
    if kind in ("svg", "html"):
        text = render.export_table(title, header, rows, levels, kind, lead)
    elif kind in ("json", "ndjson", "csv"):
        text = render.serialise(records, kind, document, csv_row=csv_row)
    else:
        text = render.table_text(title, header, rows, levels, "markdown" if kind == "markdown" else "plain",
                                 lead=lead)
    _write_file(path, force, text.encode("utf-8"), inputs)


def _check_target(path: str, force: bool, inputs=()) -> None:
    """Refuse an --output that cannot be written, before any work (fileio.check_output): a
    folder, a missing folder, an input of the command, a file that exists without --force (the
    write itself checks again, atomically)."""
    from .fileio import check_output

    try:
        check_output(path, force, inputs)
    except FileExistsError:
        raise UsageError(f"{path} exists; use --force to replace it") from None


def _write_file(path: str, force: bool, payload: bytes, inputs=()) -> None:
    """Write `payload` to `path`: atomically, an existing file kept unless --force, a device
    or pipe streamed to, never over one of the command's inputs."""
    from .fileio import publish

    try:
        # without --force the file is published only if the name is free at that very moment
        publish(path, payload, force, inputs)
    except FileExistsError:
        raise UsageError(f"{path} exists; use --force to replace it") from None
    except (HedgeError, BrokenPipeError):  # a streamed target whose reader stopped: as for stdout
        raise
    except OSError as exc:
        raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {''.join(ch if ch.isprintable() else '?' for ch in path)}\n")


def _figure_output(kind: str | None, style: str, style_given: bool) -> bool:
    """True if --output asks for a figure: .png and .pdf always, .svg unless --style terminal.
    The table styles (--style terminal) are drawn as .svg or .html only."""
    style = style.lower()
    if style not in ("figure", "terminal"):
        raise UsageError(f"--style {style}: choose figure or terminal")
    if kind in ("png", "pdf"):
        if style == "terminal" and style_given:
            raise UsageError(f"--style terminal draws the table as .svg or .html, not {kind}; "
                             f"leave out --style for a figure")
        return True
    if kind == "svg":
        return style == "figure"
    if style_given and style == "figure":
        raise UsageError("--style figure needs --output FILE.svg, .png or .pdf")
    return False


def _needs_figure(figure: bool, ctx: typer.Context, *names: str) -> None:
    """Options that only shape a figure are refused without one, not ignored."""
    for name in names:
        if _given(ctx, name) and not figure:
            option = "--" + name.replace("_", "-")
            raise UsageError(f"{option} shapes a figure: add --output FILE.svg, .png or .pdf")


def _editorial(ctx: typer.Context, figure: bool = True):
    """The editor's controls of a figure (--title, --subtitle, --note, --width, --height,
    --page), checked; refused without a figure to shape."""
    from .figures import editorial

    _needs_figure(figure, ctx, *EDITORIAL)
    return editorial(*(ctx.params.get(name) for name in EDITORIAL))


def _write(text: str) -> None:
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise DataError("cannot write output: standard output is closed")
    try:
        _write_all(text)
    except OSError as exc:
        # a full disk, or the reader went away (main() ends quietly on a broken pipe); the
        # unwritten rest must not be flushed again at exit, into a second error
        _discard_stdout()
        if isinstance(exc, BrokenPipeError):
            raise
        raise DataError(f"cannot write output: {exc.strerror or exc}") from None


def _write_all(text: str) -> None:
    """Write `text` to stdout so that a short write is an error: CPython's buffered stdout
    drops the disk-full error after a partial write (exit 0, the file cut), so the bytes go
    through os.write in a loop, each call's count checked, where stdout is a real descriptor."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # a test's capture, a notebook: no descriptor
        fd = None
    if fd is None or os.name != "posix":  # Windows: keep text mode's newline translation
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()  # whatever is already buffered goes first
    view = memoryview(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    while view:
        written = os.write(fd, view)
        if written <= 0:  # no progress and no error from the system: say so, do not spin
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def _discard_stdout() -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _style(fmt: str) -> str:
    """How a table is drawn: markdown, a Rich table on a terminal, else plain text."""
    if fmt == "markdown":
        return "markdown"
    return "rich" if fmt == "table" and _isatty() else "plain"


def _emit_table(title: str, header: list[str], rows: list[list], levels: set[int], fmt: str, color: bool,
                lead: str = "") -> None:
    """A table with its title: above it on a terminal, as its first line in plain text, as a
    bold line in markdown (so a file or pipe still says which year it is)."""
    from . import render

    _write(render.table_text(title, header, rows, levels, _style(fmt), color, lead))


def _emit_heading(text: str, fmt: str) -> None:
    """A record's headline (score, explain): a heading in markdown, a line otherwise."""
    from . import render

    if _style(fmt) == "rich":  # a terminal: wrapped between words, never inside one
        import textwrap

        _write("\n".join(textwrap.wrap(render.plain(text), render._width(), break_long_words=False,
                                       break_on_hyphens=False)) + "\n")
        return
    _write(("## " + render.md_text(text) if fmt == "markdown" else render.plain(text)) + "\n")


def _emit_lines(lines: list[str], fmt: str) -> None:
    """Notes under a table: lines of text, or a markdown list."""
    from . import render

    if fmt == "markdown":
        _write(render.md_lines(lines))
    else:
        _write("".join(render.plain(line) + "\n" for line in lines))


def _emit_records(records: list[dict], fmt: str, document=None, csv_row=None) -> bool:
    """Write the machine formats (see render.serialise); False if `fmt` is a human one the
    caller must draw."""
    from . import render

    text = render.serialise(records, fmt, document, csv_row)
    if text is not None:
        _write(text)
    return text is not None


@app.command()
@_guard
def heatmap(ctx: typer.Context, fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None,
            no_color: NoColorOpt = False, method_file: MethodOpt = None, output: OutputOpt = None,
            force: ForceOpt = False, uncertainty: UncertaintyOpt = False, draws: DrawsOpt = 1000,
            seed: SeedOpt = 1, style: StyleOpt = "figure",
            group_by: Annotated[str, typer.Option(
                "--group-by", help="Rows in blocks: region, group (by membership) or none; groups on top "
                                   "(a table per block in a terminal).")] = "region",
            pillars: Annotated[bool, typer.Option("--pillars", help="Figure: a column per part too.")] = False,
            notes: Annotated[bool, typer.Option(
                "--notes", help="The full note per row (default: only data gaps and members scored).")] = False,
            scenario: ScenarioOpt = None, group: GroupOpt = None,
            title: TitleOpt = None, subtitle: SubtitleOpt = None, note: NoteOpt = None, width: WidthOpt = None,
            height: HeightOpt = None, page: PageOpt = None,
            ) -> None:
    """The heat map: hedging level and reversal risk for every country and group.

    With --uncertainty: each level's probability and a 5-95% interval per score (CSV adds
    hedging_median, hedging_p5, hedging_p95, hedging_p_level, ... columns).

    --output heatmap.svg (or .png, .pdf) draws the figure: countries in blocks by region, a
    column per score (and per part with --pillars), levels in colour, scores in the cells;
    with --uncertainty, a mark on levels less than 80% likely.

    With --scenario FILE: every score before and after the scenario's changes, largest change
    first (JSON: the scenario, what each change did, and the rows; CSV and ndjson: the rows). A
    figure under a scenario draws the scores after it, the scenario named in its title.

    Example: hedge heatmap --format json | jq '.[] | select(.hedging_level == "High") | .name'
    """
    from . import queries, render

    fmt = _check_format(fmt)
    kind = _output_format(output, fmt, _given(ctx, "fmt"))
    _monte_carlo_options(ctx, uncertainty)
    figure = _figure_output(kind, style, _given(ctx, "style"))
    _needs_figure(figure, ctx, "pillars")
    editorial = _editorial(ctx, figure)
    group_by = group_by.lower()
    if group_by not in ("region", "group", "none"):
        raise UsageError(f"--group-by {group_by}: choose region, group or none")
    inputs = (_data_path(data), method_file, scenario, *(group or ()))
    if figure:
        _check_target(output, force, inputs)
    question = queries.context(data, method_file, year, group, scenario)
    method, year, dataset = question.method, question.year, question.dataset
    if question.scenario is not None and not figure:
        _scenario_heatmap(question, uncertainty, draws, seed, fmt, kind, output, force, inputs, _color(no_color))
        return
    with _progress(draws if uncertainty else 0) as progress:
        # under a scenario (a figure of it), the scores after it
        records = queries.heatmap(queries.Context(dataset, method, year), uncertainty, draws, seed, progress)
    # a year nobody has a score in is a data problem, in a table as in the figure (not a grid of n/a)
    if kind not in ("json", "ndjson", "csv") and fmt not in ("json", "ndjson", "csv") and \
            not any(r[f"{c}_score"] is not None for r in records for c in method.constructs):
        raise DataError(f"no country has a score in {year}; try another --year")
    title = f"{render.scores_title(method)}, {year} (method {method.name})"
    blocks = kind in ("svg", "html") or (kind is None and _style(fmt) == "rich")
    header, rows, levels = render.heatmap_table(records, method, blocks, notes)
    if uncertainty:
        title += f"; {draws:,} draws, seed {seed}; level: the most likely, % its probability"
        if any(render.most_likely(r, c)[2] for r in records for c in method.constructs):
            title += "; † not the score's own level"
        header, rows, levels = render.heatmap_uncertain_table(records, method, blocks, notes)
    if figure:
        from . import plots

        payload = plots.heatmap(question, kind, pillars=pillars, group_by=group_by, uncertainty=uncertainty,
                                draws=draws, seed=seed, style=editorial, records=records)
        _write_file(output, force, payload, inputs)
        return
    grouped = _given(ctx, "group_by") and group_by != "none"
    if grouped:
        from .figures import blocks as in_blocks

        # the rows in the figure's blocks: by region or membership, groups on top
        row_blocks = in_blocks(records, group_by, {g.code: list(g.members) for g in dataset.groups}, "hedging")
        records = [r for _name, block in row_blocks for r in block]
    if kind is not None:
        _to_file(output, force, kind, records, title, header, rows, levels, csv_row=render.score_row,
                 inputs=inputs)
        return
    if _emit_records(records, fmt, csv_row=render.score_row):
        return
    if not grouped:
        _emit_table(title, header, rows, levels, fmt, _color(no_color))
        return
    for i, (name, block) in enumerate(row_blocks):
        table = (render.heatmap_uncertain_table(block, method, blocks, notes) if uncertainty
                 else render.heatmap_table(block, method, blocks, notes))
        if i:
            _write("\n")
        _emit_table(f"{name}: {title}", *table, fmt, _color(no_color))


def _scenario_heatmap(question, uncertainty: bool, draws: int, seed: int, fmt: str, kind, output, force: bool,
                      inputs, color: bool) -> None:
    from . import queries, render

    with _progress(2 * draws if uncertainty else 0) as progress:
        doc = queries.scenario_changes(question, uncertainty, draws, seed, progress)
    method, rows = question.method, doc["rows"]
    changed = sum(bool(r["levels_changed"]) for r in rows)
    title = (f"Scenario {question.scenario.name!r}, {question.year} (method {method.name}): {changed} of "
             f"{len(rows)} change a level; largest change first")
    if uncertainty:
        title += f"; {draws:,} draws, seed {seed}; % = probability of the level"
    header, table, levels = render.scenario_table(doc, method)
    lead = "".join(f"  {line}\n" for line in render.scenario_lead(doc))
    if kind is not None:
        _to_file(output, force, kind, rows, title, header, table, levels, lead, document=doc, inputs=inputs)
        return
    if not _emit_records(rows, fmt, document=doc):
        _emit_table(title, header, table, levels, fmt, color, lead)


def _figure_target(output: str | None, force: bool, inputs=()) -> str:
    """A figure command's --output: required, .svg .png or .pdf; checked before any work."""
    from pathlib import PurePath

    if not output or output == "-":
        raise UsageError("a figure is written to a file: give --output FILE.svg, FILE.png or FILE.pdf")
    kind = PurePath(output).suffix.lower().lstrip(".")
    if kind not in FIGURE_KINDS:
        raise UsageError(f"--output {output}: a figure is .svg, .png or .pdf")
    _check_target(output, force, inputs)
    return kind


@app.command("map")
@_guard
def map_(
    ctx: typer.Context,
    output: FigureOutputOpt = None, force: ForceOpt = False, data: DataOpt = None, year: YearOpt = None,
    method_file: MethodOpt = None,
    score_: Annotated[Optional[str], typer.Option(
        "--score", help="Which score to map (default: the method's first, hedging); both: side by side.")] = None,
    region: Annotated[str, typer.Option("--region", help="europe, indo-pacific, middle-east, africa, americas or world.")] = "world",
    title: TitleOpt = None, subtitle: SubtitleOpt = None, note: NoteOpt = None, width: WidthOpt = None,
    height: HeightOpt = None, page: PageOpt = None,
) -> None:
    """A map of a score's levels (Natural Earth outlines; the United States and China hatched
    and named; countries hedge does not score in grey; small states also as dots; the world map
    has an inset of Europe). --score both: the two scores side by side.

    Example: hedge map --score reversal --region europe --output europe.png
    """
    from . import plots, queries
    from .regions import VIEWS

    region = region.lower()
    if region not in VIEWS:
        raise UsageError(f"--region {region}: choose {', '.join(VIEWS)}")
    kind = _figure_target(output, force, (_data_path(data), method_file))
    editorial = _editorial(ctx)
    question = queries.context(data, method_file, year)
    plots.constructs_of(question.method, score_)  # an unknown --score before any work
    payload = plots.choropleth(question, kind, score=score_, region=region, style=editorial)
    _write_file(output, force, payload, (_data_path(data), method_file))


@app.command()
@_guard
def score(
    ctx: typer.Context,
    countries: Annotated[list[str], typer.Argument(help="Countries or groups: names, ISO codes, aliases.",
                                                   autocompletion=_complete_country)],
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None,
    no_color: NoColorOpt = False, method_file: MethodOpt = None,
    uncertainty: UncertaintyOpt = False, draws: DrawsOpt = 1000, seed: SeedOpt = 1,
    set_: Annotated[Optional[list[str]], typer.Option(
        "--set", help="What-if: INDICATOR=VALUE (repeatable); re-scores, shows before -> after.")] = None,
    scenario: ScenarioOpt = None, group: GroupOpt = None,
) -> None:
    """One or more countries' scores, levels and the pillar and indicator values behind them.

    Example: hedge score germany "south korea" asean --format json

    What-if (nothing on disk changes): hedge score germany --set security.us_troops=0

    With --uncertainty: median, 5-95% interval, rank interval and each level's probability per
    score (a section of the table; 'uncertainty' in JSON; extra columns in CSV).
    """
    from . import queries, render

    fmt = _check_format(fmt)
    _monte_carlo_options(ctx, uncertainty)
    if set_ and scenario:
        raise UsageError("--set and --scenario do not combine; put the --set values in the scenario file")
    question = queries.context(data, method_file, year, group, scenario)
    method = question.method
    codes = queries.codes_of(question, countries)
    if set_:
        if uncertainty:
            raise UsageError("--set and --uncertainty do not combine; run the what-if and the Monte Carlo separately")
        _what_if(queries.what_if(question, codes, set_), question, fmt, _color(no_color))
        return
    with _progress(draws if uncertainty else 0) as progress:
        records = queries.scores(question, codes, uncertainty, draws, seed, progress)
    if question.scenario is not None:
        _what_if(records, question, fmt, _color(no_color))
        return
    if _emit_records(records, fmt, document=records[0] if len(countries) == 1 else records,
                     csv_row=render.score_row):
        return
    color = _color(no_color)
    for i, rec in enumerate(records):
        if i:
            _write("\n")
        _emit_heading(render.headline(rec, method), fmt)
        for title, header, rows in render.detail_sections(rec, method):
            _write("\n")
            _emit_table(title, header, rows, set(), fmt, color)


@app.command("list")
@_guard
def list_(fmt: FormatOpt = "table", data: DataOpt = None, no_color: NoColorOpt = False) -> None:
    """What the dataset covers: every country and group with its codes (and a group's members);
    the first line gives the years the data span.

    Example: hedge list --format csv
    """
    from . import queries

    fmt = _check_format(fmt)
    dataset = queries.load_data(data)
    records = queries.entities(dataset)
    if _emit_records(records, fmt):
        return
    from . import render

    rows = [[r["code"], r["name"], r["kind"], r["alpha2"] or "",
             render.join_list(r["members"]) if r["members"] else ""] for r in records]
    scored = queries.scored(dataset, _method(None))
    _emit_table(f"Countries and groups covered; data {dataset.first_year}-{dataset.last_year}; scores: {scored}",
                ["Code", "Name", "Kind", "Alpha-2", "Members"], rows, set(), fmt, _color(no_color))


app.command("countries", help="Same as 'list'.", hidden=True)(list_)


@contextlib.contextmanager
def _progress(total: int):
    """A progress callback: a bar on a terminal for long Monte Carlo runs; None on a pipe."""
    if not sys.stderr.isatty() or total < 20_000:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    # on stderr: stdout carries the data, and may be a file while stderr is the terminal
    bar = Progress(transient=True, console=Console(stderr=True))
    task = bar.add_task("Monte Carlo", total=total)
    bar.start()
    try:
        yield lambda n: bar.update(task, completed=n)
    finally:
        bar.stop()


@contextlib.contextmanager
def _working(work: int, label: str):
    """A bar for a Monte Carlo that cannot report its progress (several years at once): it
    pulses with the time elapsed, on a terminal, for a long run; nothing on a pipe."""
    if not sys.stderr.isatty() or work < 20_000:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn(label), BarColumn(), TimeElapsedColumn(), transient=True,
                   console=Console(stderr=True))
    bar.add_task(label, total=None)
    with bar:
        yield


@app.command()
@_guard
def sensitivity(
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None, no_color: NoColorOpt = False,
    method_file: MethodOpt = None, draws: DrawsOpt = 1000, seed: SeedOpt = 1,
) -> None:
    """Which assumption (weights, goalposts, aggregation, data) moves which country's scores most.

    Example: hedge sensitivity --format json | jq '.[] | select(.hedging_driver == "aggregation") | .name'
    """
    from . import queries, render

    fmt = _check_format(fmt)
    question = queries.context(data, method_file, year)
    method, year = question.method, question.year
    rows = queries.sensitivity(question, draws, seed)
    if _emit_records(rows, fmt):
        return
    table = [render.sensitivity_row(r, method) for r in rows]
    header = [render.heading(k) for k in (table[0] if table else ("code", "name"))]
    _emit_table(f"Sensitivity, {year}: share of score variance per assumption ({draws:,} draws; "
                "n/a: no score that year)", header, [list(r.values()) for r in table], set(), fmt, _color(no_color))


@app.command()
@_guard
def validate(
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None, no_color: NoColorOpt = False,
    method_file: MethodOpt = None, draws: DrawsOpt = 1000, seed: SeedOpt = 1,
) -> None:
    """How far the scores agree with what they are not made from: the reference analysis's heat
    map (each cell, its margin to the cuts, and the indicators behind every ordering the data
    reverse), rank correlations with outside measures (FBIC), and how stable each level is.

    Example: hedge validate --method v1 --format json | jq '.correlations[] | {measure, construct, rho}'
    """
    from . import queries, render

    fmt = _check_format(fmt)
    question = queries.context(data, method_file, year)
    doc = queries.validate(question, draws, seed)
    if _emit_records(queries.validate_lines(doc), fmt, document=doc):
        return
    color = _color(no_color)
    for i, (title, header, rows, levels) in enumerate(render.validation_sections(doc)):
        if i:
            _write("\n")
        _emit_table(title, header, rows, levels, fmt, color)
        if title.startswith("Seed orderings"):
            _emit_lines(render.seed_pair_lines(doc["seed_pairs"]), fmt)


@app.command()
@_guard
def diff(
    methods: Annotated[Optional[list[str]], typer.Option(
        "--method", help="Two methods (presets or files), before then after; or one, against the default.")] = None,
    datas: Annotated[Optional[list[str]], typer.Option(
        "--data", help="Two data files, before then after (the same method); or one, against the shipped data.")] = None,
    fmt: FormatOpt = "table", year: YearOpt = None, no_color: NoColorOpt = False,
) -> None:
    """Which countries change score and level between two methods or two data files, largest
    change first: the question after every edit of a method file.

    Example: hedge diff --method v1 --method v2
    """
    from . import queries

    fmt = _check_format(fmt)
    result = queries.diff(methods, datas, year)
    rows, shared = result.rows, result.constructs
    if _emit_records(rows, fmt):
        return
    table = [[r["name"], *(_change_cell(r, c) for c in shared)] for r in rows]
    changed = sum(bool(r["levels_changed"]) for r in rows)
    _emit_table(f"Diff, {result.year}: {result.what} ({changed} of {len(rows)} change a level; largest change first)",
                ["name", *(f"{c}: before -> after (change)" for c in shared)], table, set(), fmt, _color(no_color))


def _under(question) -> str:
    """", under scenario 'NAME'" for a title, so that no table can pass for the baseline."""
    return "" if question.scenario is None else f", under {question.scenario.title()}"


def _change_cell(row: dict, construct: str) -> str:
    """"67.9 High -> 55.1 Medium (-12.8)", with "n/a" for a missing side."""
    def side(when):
        value = row[f"{construct}_{when}"]
        return "n/a" if value is None else f"{value:.1f} {row[f'{construct}_level_{when}']}"

    change = row[f"{construct}_change"]
    delta = "" if change is None else f" ({change:+.1f})" if change else " (0.0)"
    return f"{side('before')} -> {side('after')}{delta}"


def _what_if(records: list[dict], question, fmt: str, color: bool) -> None:
    """Records of scores before and after (--set, or a scenario): a row per country and score."""
    from . import render

    method, year = question.method, question.year
    if _emit_records(records, fmt, document=records[0] if len(records) == 1 else records,
                     csv_row=render.what_if_row):
        return
    header = ["country", "score", "before", "level before", "after", "level after"]
    rows = []
    for r in records:
        for construct in method.constructs:
            b, a = r["before"], r["after"]
            rows.append([r["name"], construct, b[f"{construct}_score"], b[f"{construct}_level"],
                         a[f"{construct}_score"], a[f"{construct}_level"]])
    if question.scenario is not None:
        title = f"Scenario {question.scenario.name!r}, {year} (method {method.name})"
    else:
        title = f"What-if, {year} (method {method.name}): " + ", ".join(f"{k}={v:g}" for k, v in records[0]["set"].items())
    _emit_table(title, header, rows, {3, 5}, fmt, color)


@app.command()
@_guard
def explain(
    country: CountryArg,
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None, no_color: NoColorOpt = False,
    method_file: MethodOpt = None, scenario: ScenarioOpt = None,
) -> None:
    """Why a country scores what it does: every indicator's points, and what would move the level.

    Example: hedge explain germany --format json | jq '.hedging.contributions[] | {indicator, points}'
    """
    from . import queries, render

    fmt = _check_format(fmt)
    question = queries.context(data, method_file, year, scenario=scenario)
    method = question.method
    rec = queries.explain(question, queries.codes_of(question, country)[0])
    # a line (ndjson, csv) per indicator's points; json is the whole explanation
    if _emit_records(queries.explain_points(rec), fmt, document=rec):
        return
    color = _color(no_color)
    _emit_heading(render.headline(rec, method) + _under(question), fmt)
    header = ["part", "indicator", "value", "unit", "year", "score", "points"]
    for construct, c in method.constructs.items():
        _write("\n")
        if rec[f"{construct}_score"] is None:
            _emit_lines([f"{c.label}: no score ({render.no_score_reason(rec, construct, method)})"], fmt)
            continue
        title = f"{c.label}: points per indicator (sum = {rec[construct + '_score']})"
        _emit_table(title, header, render.contribution_rows(rec[construct]), set(), fmt, color)
        _emit_lines(render.move_lines(construct, rec[construct]), fmt)
    width = None if fmt == "markdown" else min(80, render._width())
    records = render.record_lines(rec, method.constructs, width)
    if records:
        _write("\n")
        _emit_lines(records, fmt)
    # a value's year after the scoring year is not a misprint: say why
    back = rec.get("applied_back") or {}
    if back:
        _write("\n")
        _emit_lines(render.applied_back_lines(back, method, width), fmt)


@app.command()
@_guard
def compare(
    countries: Annotated[list[str], typer.Argument(help="Two or more countries or groups.",
                                                   autocompletion=_complete_country)],
    fmt: FormatOpt = "table", data: DataOpt = None, year: YearOpt = None, no_color: NoColorOpt = False,
    method_file: MethodOpt = None, scenario: ScenarioOpt = None, group: GroupOpt = None,
) -> None:
    """Side by side, pillar by pillar, with the largest differences called out.

    Example: hedge compare germany japan uk
    """
    from . import queries

    fmt = _check_format(fmt)
    question = queries.context(data, method_file, year, group, scenario)
    method, year, dataset = question.method, question.year, question.dataset
    codes = queries.codes_of(question, countries)
    out = queries.compare(question, codes)
    rows, largest = out["rows"], out["largest_differences"]
    # a line (ndjson, csv) per measure with a column per country; json is the whole comparison
    if _emit_records(queries.compare_lines(out), fmt, document=out):
        return
    names = [dataset.entities[c].name for c in codes]
    _emit_table(f"Compared, {year} (method {method.name}){_under(question)}", ["measure", *names, "spread"],
                [[r["measure"], *r["values"].values(), r["spread"]] for r in rows], set(), fmt, _color(no_color))
    if largest:  # one heading, then each difference under it
        _emit_lines([f"largest difference{'s' if len(largest) > 1 else ''}:"]
                    + [f"  {d['measure']}: {d['spread']:.1f} points (highest {dataset.entities[d['highest']].name}, "
                       f"lowest {dataset.entities[d['lowest']].name})" for d in largest], fmt)


@app.command()
@_guard
def trend(
    ctx: typer.Context,
    countries: Annotated[list[str], typer.Argument(help="One or more countries or groups.",
                                                   autocompletion=_complete_country)],
    fmt: FormatOpt = "table", data: DataOpt = None, no_color: NoColorOpt = False,
    since: Annotated[Optional[int], typer.Option("--since", help="First year (default: first in the data).")] = None,
    method_file: MethodOpt = None, output: OutputOpt = None, force: ForceOpt = False, style: StyleOpt = "figure",
    uncertainty: Annotated[bool, typer.Option(
        "--uncertainty", help="Figure: the 5-95% Monte Carlo band of each score, every year.")] = False,
    draws: DrawsOpt = 1000, seed: SeedOpt = 1, group: GroupOpt = None,
    title: TitleOpt = None, subtitle: SubtitleOpt = None, note: NoteOpt = None, width: WidthOpt = None,
    height: HeightOpt = None, page: PageOpt = None,
) -> None:
    """Scores and levels for every year the data cover, with level changes and their drivers.

    Several countries: their records one after another (each names its country), one table.
    --output trend.svg (or .png, .pdf) draws them: a line per country and score over the level
    bands, level changes numbered and explained; --uncertainty adds the 5-95% band.

    Example: hedge trend germany --since 2010
    """
    from . import queries, render

    fmt = _check_format(fmt)
    kind = _output_format(output, fmt, _given(ctx, "fmt"))
    figure = _figure_output(kind, style, _given(ctx, "style"))
    _needs_figure(figure, ctx, "uncertainty")
    editorial = _editorial(ctx, figure)
    inputs = (_data_path(data), method_file, *(group or ()))
    if figure:
        _check_target(output, force, inputs)
    question = queries.context(data, method_file, groups=group)
    method, last = question.method, question.year
    codes = queries.codes_of(question, countries)
    first, series = queries.trend(question, codes, since)
    records = [r for one in series for r in one["records"]]
    if figure:
        from . import plots

        payload = plots.trend(question, codes, kind, since=since, uncertainty=uncertainty, draws=draws, seed=seed,
                              style=editorial, working=_working)
        _write_file(output, force, payload, inputs)
        return
    several = len(codes) > 1
    names = ", ".join(one["name"] for one in series)
    title = (f"{names}, {first}-{last} (0-100 scale; method {method.name})" if several else
             f"{series[0]['name']} ({codes[0]}), {first}-{last} (0-100 scale; method {method.name})")
    label = {one["code"]: (one["name"] + " " if several else "") for one in series}
    width = max(len(label[one["code"]] + c) for one in series for c in method.constructs) + 2
    lead = "".join(f"  {(label[one['code']] + c).ljust(width)}"
                   f"{render.sparkline([r[c + '_score'] for r in one['records']])}\n"
                   for one in series for c in method.constructs)
    header, levels = (["name", "year"] if several else ["year"]), set()
    for c in method.constructs:
        levels.add(len(header) + 1)
        header += [f"{c} score", f"{c} level"]
    rows = [[*([r["name"]] if several else []), r["year"],
             *(x for c in method.constructs for x in (r[f"{c}_score"], r[f"{c}_level"])), r["change"] or ""]
            for r in records]
    header.append("change")
    if kind is not None:
        _to_file(output, force, kind, records, title, header, rows, levels, lead, inputs=inputs)
        return
    if _emit_records(records, fmt, document=records):
        return
    _emit_table(title, header, rows, levels, fmt, _color(no_color), lead)


@app.command()
@_guard
def brief(
    country: Annotated[str, typer.Argument(
        help="A country (a brief is about one country; for a group: hedge score GROUP).",
        autocompletion=_complete_country)],
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="FILE.html (one self-contained page) or FILE.pdf (required).")] = None,
    force: ForceOpt = False, data: DataOpt = None, year: YearOpt = None, method_file: MethodOpt = None,
    since: Annotated[Optional[int], typer.Option("--since", help="First year of the trend (default: first in the data).")] = None,
    draws: DrawsOpt = 1000, seed: SeedOpt = 1,
) -> None:
    """A one-page brief on one country: levels with their odds and a one-line reading, the parts,
    the trend, the indicators adding most to each score, what would move each level, the
    sources (linked) and the data gaps.

    Example: hedge brief germany --output germany.html
    """
    from pathlib import PurePath

    from . import plots, queries

    if not output or output == "-":
        raise UsageError("a brief is written to a file: give --output FILE.html or FILE.pdf")
    suffix = PurePath(output).suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(f"--output {output}: a brief is .html (or .htm) or .pdf")
    _check_target(output, force, (_data_path(data), method_file))
    question = queries.context(data, method_file, year)
    code = queries.codes_of(question, [country])[0]
    payload = plots.brief(question, code, "pdf" if suffix == ".pdf" else "html", since=since, draws=draws, seed=seed,
                          working=_working)
    _write_file(output, force, payload, (_data_path(data), method_file))


@app.command()
@_guard
def drift(
    fmt: FormatOpt = "table", data: DataOpt = None, no_color: NoColorOpt = False,
    since: Annotated[Optional[int], typer.Option("--since", help="First year of the window (default: last 10 years).")] = None,
    method_file: MethodOpt = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Rank by this score's slope (default: reversal).")] = None,
    group: GroupOpt = None,
) -> None:
    """All countries ranked by how fast a score moves (Theil-Sen slope, points a year).

    Each slope names its own driver: the component of that score moving most (a part as the
    score combines it; for reversal risk, + = toward China).

    Example: hedge drift --since 2014 --format csv
    """
    from . import queries, render

    fmt = _check_format(fmt)
    question = queries.context(data, method_file, groups=group)
    method, last = question.method, question.year
    names = list(method.constructs)
    first, by, records = queries.drift(question, since, by)
    if _emit_records(records, fmt):
        return
    ordered = [by] + [n for n in names if n != by]
    columns = ["name"] + [f"{n}_{k}" for n in ordered for k in ("slope", "driver", "driver_slope")]
    rows = [[r[c] for c in columns] for r in records]
    _emit_table(f"Drift {first}-{last}: Theil-Sen slopes in points per year, by {by} slope (method {method.name})",
                [render.heading(c) for c in columns], rows, set(), fmt, _color(no_color))


@app.command()
@_guard
def sources(fmt: FormatOpt = "table", data: DataOpt = None, no_color: NoColorOpt = False) -> None:
    """Every source behind the data: title, publisher, licence, the indicators it feeds, and the
    countries and years it covers in the data. JSON and CSV also carry each source's citation
    and its own coverage note.

    Example: hedge sources --format json | jq '.[] | {id, licence, citation}'
    """
    from . import queries

    fmt = _check_format(fmt)
    records = queries.sources(queries.load_data(data))
    if _emit_records(records, fmt):
        return
    from . import render

    columns = ["id", "title", "publisher", "licence", "indicators", "countries", "years", "url"]
    rows = [[r.get(c) if c in ("licence", "url", "years") else r[c] for c in columns] for r in records]
    if _style(fmt) == "plain":
        # long titles, lists and addresses: a block of fields per source reads; a row of 800
        # characters does not
        _write(render.stacked(f"Sources ({len(records)}); citations and coverage notes: --format json or csv",
                              [render.heading(c) for c in columns], rows, 100))
        return
    _emit_table(f"Sources ({len(records)}); citations and coverage notes: --format json or csv",
                [render.heading(c) for c in columns], rows, set(), fmt, _color(no_color))


CITE_FORMATS = ("text", "bibtex", "csl-json", "json")


@app.command()
@_guard
def cite(
    countries: Annotated[Optional[list[str]], typer.Argument(
        help="Countries or groups: only the sources behind their scores (default: every source).",
        autocompletion=_complete_country)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, bibtex or csl-json (json: the same).")] = "text",
    data: DataOpt = None, year: YearOpt = None, method_file: MethodOpt = None,
) -> None:
    """How to cite hedge and every source behind the data (or behind a country's score, in the
    year scored): plain text, BibTeX, or CSL-JSON for Zotero and Pandoc.

    Example: hedge cite germany --format bibtex > hedge-germany.bib
    """
    from . import citation, queries, render

    fmt = fmt.lower()
    if fmt not in CITE_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose text, bibtex or csl-json")
    question = queries.context(data, method_file, year)
    entries = queries.cite(question, queries.codes_of(question, countries) if countries else None)
    if fmt in ("csl-json", "json"):
        _write(render.to_json(entries))
    elif fmt == "bibtex":
        _write(citation.bibtex(entries))
    else:
        _write("".join(render.plain(line) + "\n" for line in citation.text(entries).splitlines()))


method_app = typer.Typer(help="The scoring method: weights, goalposts, thresholds.", no_args_is_help=True)
data_app = typer.Typer(help="Indicators files: validate, schema, template, export.", no_args_is_help=True)
app.add_typer(method_app, name="method")
app.add_typer(data_app, name="data")


def _complete_method_format(incomplete: str) -> list[str]:
    return [f for f in ("toml", "json") if f.startswith(incomplete.lower())]


@method_app.command("show")
@_guard
def method_show(method_file: MethodOpt = None,
                preset: Annotated[Optional[str], typer.Option(
                    "--preset", help="A shipped method by name (same as --method NAME).")] = None,
                fmt: Annotated[str, typer.Option("--format", "-f", help="toml or json (in any case).",
                                                  autocompletion=_complete_method_format)] = "toml") -> None:
    """Print the complete effective method: its parts, indicators, goalposts, weights, constructs,
    rules and thresholds (a preset, or a method file merged onto its base).

    Example: hedge method show > my_method.toml   (edit it, then: hedge heatmap --method my_method.toml)
    """
    from . import render
    from .method import presets, to_table, to_toml

    if preset is not None and method_file is not None:
        raise UsageError("give --preset or --method, not both")
    if preset is not None and preset not in presets():
        raise UsageError(f"--preset {preset}: the presets are {', '.join(presets())}")
    method = _method(preset if preset is not None else method_file)
    fmt = fmt.lower()
    if fmt == "json":
        _write(render.to_json(to_table(method)))
    elif fmt == "toml":
        _write(to_toml(method))
    else:
        raise UsageError(f"unknown format {fmt!r}; choose toml or json")


@method_app.command("list")
@_guard
def method_list(fmt: FormatOpt = "table", no_color: NoColorOpt = False) -> None:
    """The shipped methods (presets), oldest first; the default is marked.

    Example: hedge method list --format json
    """
    from . import queries, render

    fmt = _check_format(fmt)
    records = queries.methods()
    if _emit_records(records, fmt):
        return
    rows = [[r["name"] + (" (default)" if r["default"] else ""), render.join_list(r["constructs"]),
             r["description"]] for r in records]
    _emit_table("Methods shipped with hedge (--method NAME)", ["name", "scores", "description"], rows, set(), fmt,
                _color(no_color))


@data_app.command("validate")
@_guard
def data_validate(
    path: Annotated[str, typer.Argument(help="Indicators file, JSON or long CSV ('-' for stdin).")],
) -> None:
    """Check an indicators file (JSON, or long CSV as --data reads it) and list every problem with
    its location, one a line on stdout; exit 1 if any ('FILE: N problems' on stderr).

    Example: hedge data validate my_indicators.json > problems.txt
    """
    from . import data, models

    if not path:
        raise UsageError("data validate needs a file name ('-' reads standard input)")
    found: list[str] = []
    raw, origin = data.read(path, found)
    found += models.problems(raw)
    if not found:  # well formed: can scoring use it? (overflowing ratios, nothing to score)
        from .dataset import Dataset
        from .method import default
        from .scoring import unusable

        found += unusable(Dataset(models.validate(raw, origin), origin), default())
    if found:
        from .render import plain

        _write("".join(plain(f"{origin}: {line}") + "\n" for line in found))
        raise DataError(f"{origin}: {len(found)} problem{'s' if len(found) > 1 else ''}")
    from .render import plain

    # a message, not data: stdout stays empty, so that `> problems.txt` is empty for a valid file
    sys.stderr.write(plain(f"{origin}: valid") + "\n")


EXPORT_FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet"}


@data_app.command("export")
@_guard
def data_export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json, ndjson, or parquet (needs pyarrow).")] = "csv",
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="Write FILE (.csv .json .ndjson .parquet) and a datapackage.json describing it "
                               "beside it.")] = None,
    force: ForceOpt = False, data: DataOpt = None, method_file: MethodOpt = None,
) -> None:
    """Every value behind the scores in one long table: country, indicator, year, value, unit,
    the year it is from (carried forward or not), its source, and its 0-100 score in each part.
    The replication file: --data reads its CSV back to the same scores.

    Example: hedge data export --output replication/values.csv
    """
    from pathlib import PurePath

    from . import queries, render, replication

    fmt = fmt.lower()
    if output not in (None, "-"):
        suffix = PurePath(output).suffix.lower()
        if suffix not in EXPORT_FORMATS:
            raise UsageError(f"--output {output}: data export writes {' '.join(EXPORT_FORMATS)} files")
        if PurePath(output).name.lower() == replication.DESCRIPTOR:  # the table would be replaced by it
            raise UsageError(f"--output {output}: {replication.DESCRIPTOR} is the name of the descriptor written "
                             "beside the table; give the table another name")
        if _given(ctx, "fmt") and EXPORT_FORMATS[suffix] != fmt:
            raise UsageError(f"--format {fmt} does not match --output {output}; leave out --format")
        fmt = EXPORT_FORMATS[suffix]
    if fmt not in ("csv", "json", "ndjson", "parquet"):
        raise UsageError(f"unknown format {fmt!r}; choose csv, json, ndjson or parquet")
    if fmt == "parquet" and output in (None, "-"):
        raise UsageError("parquet is binary: give --output FILE.parquet")
    question = queries.context(data, method_file)
    rows = queries.export(question)
    payload = _parquet(rows) if fmt == "parquet" else render.serialise(rows, fmt).encode("utf-8")
    if output in (None, "-"):
        _write(payload.decode("utf-8"))
        return
    from .fileio import check_output

    inputs = (_data_path(data), method_file)
    package = str(PurePath(output).parent / replication.DESCRIPTOR)
    # both names checked before either is written: a refused descriptor must not leave the table
    # behind; a table streamed into a device or pipe gets no descriptor beside it
    try:
        streamed = check_output(output, force, inputs)
        if not streamed:
            check_output(package, force, inputs)
    except FileExistsError as exc:
        raise UsageError(f"{exc.args[0]} exists; use --force to replace it") from None
    _write_file(output, force, payload, inputs)
    if not streamed:
        descriptor = render.to_json(replication.datapackage(rows, PurePath(output).name, fmt, question.dataset,
                                                            payload))
        _write_file(package, force, descriptor.encode("utf-8"), inputs)


def _parquet(rows: list[dict]) -> bytes:
    try:
        import io

        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("parquet needs pyarrow (pip install pyarrow); csv and json need nothing") from None
    buffer = io.BytesIO()
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), buffer)
    return buffer.getvalue()


@data_app.command("schema")
@_guard
def data_schema() -> None:
    """Print the JSON Schema of the indicators file format.

    Example: hedge data schema > indicators.schema.json
    """
    from . import models, render

    _write(render.to_json(models.Dataset.model_json_schema()))


@data_app.command("template")
@_guard
def data_template(country: Annotated[str, typer.Argument(help="Country name or ISO code.")]) -> None:
    """Print a complete indicators file for one country, to fill in and score with --data.

    The file has one placeholder source (edit its title and publisher), the indicator
    definitions of the shipped data (name, unit, description), and the country with an empty
    series for every indicator the method scores. Fill in each series' values by year, e.g.
    "values": {"2023": 0.42}, in the indicator's unit; check the file with 'hedge data validate
    FILE' (with nothing filled in it reports only that there are no indicator values), then
    score it: hedge score chile --data FILE.

    Example: hedge data template chile > chile.json
    """
    import json

    from . import render
    from .countries import country_entry
    from .countries import world_country
    from .data import shipped_path
    from .method import default, used_indicators
    from .models import FORMAT

    found = world_country(country)
    if found is None:
        raise UsageError(f"unknown country {country!r}: give an ISO 3166 name or code")
    code = found[0]
    indicators = json.loads(shipped_path().read_text(encoding="utf-8"))["indicators"]
    used = used_indicators(default())
    entry = country_entry(code)
    entry["indicators"] = {ind: [{"source": TEMPLATE_SOURCE, "unit": spec["unit"], "values": {}}]
                           for ind, spec in indicators.items() if ind in used}
    _write(render.to_json({
        "format": FORMAT,
        "sources": {TEMPLATE_SOURCE: {"title": "EDIT: title of the source of your values",
                                      "publisher": "EDIT: who publishes it", "url": None}},
        "indicators": indicators,
        "countries": {code: entry},
        "groups": {},
    }))


TEMPLATE_SOURCE = "my-source"


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

    _utf8_stdout()
    args = sys.argv[1:] if argv is None else argv
    if not args:  # a bare `hedge`: the help, as `hedge --help` gives it, not a one-word error
        args = ["--help"]
    command = get_command(_lean_app(args))
    try:
        result = command.main(args=args, prog_name="hedge", standalone_mode=False)
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
        # the reader (head, a closed pager) stopped early: not an error, and nothing to say
        _discard_stdout()
        return 0
    except SystemExit as exc:
        # click (and typer) end a broken pipe outside a command (--help, --version) with exit 1
        if isinstance(exc.__context__, OSError) and exc.__context__.errno == errno.EPIPE:
            _discard_stdout()
            return 0
        raise
    return result if isinstance(result, int) else 0


def _utf8_stdout() -> None:
    """Output is UTF-8 whatever the locale says: a Windows pipe or file (cp1252), or
    PYTHONIOENCODING=ascii, would otherwise fail with UnicodeEncodeError at the first
    name or sparkline it cannot encode."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None)
    if encoding and codecs.lookup(encoding).name != "utf-8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def _lean_app(argv: list[str]) -> typer.Typer:
    """The app with only the command being run, when the first argument names one.

    Typer builds click objects for every command before parsing; for one call of one command
    in a script loop that is wasted start-up. Help, typos and shell completion get the full app.
    """
    if not argv or any(k.endswith("_COMPLETE") for k in os.environ):
        return app
    wanted = argv[0]
    commands = [c for c in app.registered_commands
                if (c.name or c.callback.__name__.replace("_", "-")) == wanted]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        return app
    lean = typer.Typer(**{k: getattr(app.info, k) for k in ("name", "help", "no_args_is_help")},
                       add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    lean.registered_callback = app.registered_callback
    lean.registered_commands = commands
    lean.registered_groups = groups
    return lean


def _terminated(signum, frame) -> None:
    # SIGTERM (a kill, a CI timeout) as SIGINT: unwound, so a half-written --output's temporary
    # file is removed (fileio.write_atomic) instead of left beside the target
    raise SystemExit(128 + signum)


def entry() -> None:
    import signal

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
