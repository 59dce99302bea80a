"""The method as data: parts of indicators, constructs of parts, goalposts, weights, thresholds.

A method is one TOML table (COINr keeps an index's structure in one metadata table the same
way); the scoring engine (scoring.py) only walks it. The shipped methods are presets in
`methods/`: `v3` is the default, `v1` and `v2` the earlier releases' methods, kept so that numbers
made with them can be made again and compared (`--method v2`, `hedge diff`).

    name = "v2"
    description = "..."
    max_age = 10                                  # values older than this count as missing

    [parts.trade]                                 # a part: weighted mean of its indicators
    label = "trade with China"
    [parts.trade.indicators."trade.china_tilt"]
    lo = 0.0                                      # the value that scores 0 ...
    hi = 0.5                                      # ... and 100 (lo > hi inverts)
    weight = 1.0                                  # optional; also log = true,
                                                  # denominator = "economy.gdp" (value / that
                                                  # indicator's value of the same year) and
                                                  # change = 10 (score the ten-year change),
                                                  # max_age = 25 (how old a value may be) and
                                                  # back_apply = true (a state's first value also
                                                  # applies before it: evidence begun mid-series)
                                                  # or before_first = 1.0 (the years before a
                                                  # state's first value read this: a policy
                                                  # before its first decision);
                                                  # a change may be measured beyond the world's:
                                                  # world = { series = "world.china_trade",
                                                  #   per = "world.gdp", model = "scale" }
                                                  #   (world = false: from zero, as in v1 and v2)
                                                  #   and smooth = 3 (the mean of the changes
                                                  #   ending in the year and the two before)
    [constructs.hedging]                          # a construct: its parts combined by a rule
    label = "Hedging"
    rule = "gated"                                # mean | geometric | gated
    thresholds = [20.0, 40.0, 60.0, 80.0]         # the Low-Medium ... High cuts
    gate = { part = "anchor", strength = 0.5 }    # gated: mean of parts x (1 - s + s x gate/100)
    alternative = "geometric"                     # optional: the aggregation the Monte Carlo
                                                  # tries instead, half the time
    [constructs.hedging.parts]                    # entry = weight, or a table:
    trade = 1.0                                   #   { part = "anchor", weight = 1, invert = true }
                                                  #   (invert: the entry is 100 - the part)

A user's method file is merged onto a base (`base = "v1"`, default: the default preset;
`base = "none"` for a complete method): it changes only what it names. `hedge method show`
prints the complete effective method, with `base = "none"`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

LEVELS = ("Low", "Low-Medium", "Medium", "Medium-High", "High")
RULES = ("mean", "geometric", "gated")
DEFAULT_NAME = "v3"
PRESETS_DIR = Path(__file__).parent / "methods"
# bounds that keep every computation finite: a weight of 1e308 would overflow a weighted sum
MAX_WEIGHT = 1e6
MAX_GOALPOST = 1e15
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# a construct's name keys its own record fields (hedging_score, and hedging in explain's JSON)
RESERVED = {"code", "name", "kind", "year", "method", "pillars", "components", "note", "members",
            "members_scored", "missing_parts", "missing", "stale", "applied_back", "indicators", "uncertainty",
            "change", "first", "last", "draws", "seed", "weights", "scenario", "set", "before", "after"}


@dataclass(frozen=True)
class Rule:
    """How one indicator becomes a 0-100 score: linear (or on log10(1 + x)) between goalposts.

    `lo` maps to 0 and `hi` to 100; values beyond are capped. With `denominator`, the value is
    divided by that indicator's value of the same year; with `change`, the score is of the change
    over that many years (within one source), not of the level.
    """

    indicator: str
    lo: float
    hi: float
    weight: float = 1.0
    log: bool = False
    change: int | None = None
    denominator: str | None = None
    # values older than this count as missing (None: the method's max_age). v3 gives a coded
    # state (a treaty, a membership, a policy) the data's whole span: it holds until a page records
    # its end, and its age is shown
    max_age: int | None = None
    # the kind of evidence began mid-series: before a state's first value, that value applies,
    # shown with its year (a negative age), so that the part does not change meaning the year the
    # evidence arrives. v3 used it for the 5G code until round five, which applied a 2022 ban to
    # 2005; a policy code now takes before_first (below)
    back_apply: bool = False
    # a policy code whose first recorded decision is an event (a 5G restriction): the years before
    # a state's first value read this value, the state before any decision, shown with the
    # decision's year like back_apply. Applying a restriction back would date it before it was made
    before_first: float | None = None
    # change rules: measure the change beyond the world's (World), not from zero
    world: World | None = None
    # change rules: the mean of the changes ending in the year and the smooth - 1 years before
    # (those that exist): a one-year spike in a flow is not a course (METHODOLOGY, round six)
    smooth: int | None = None


WORLD_MODELS = ("scale", "odds")


@dataclass(frozen=True)
class World:
    """A change measured beyond the world's: the start value is first moved as the world's value
    of the same quantity moved over the same years, and the change is from there.

    `series` (over `per`, if the rule has a denominator) is the world's value, an indicator the
    same on every country. `model` says how the start moves: "scale" multiplies it by the
    world's growth (a country's trade with China growing as China's trade with the world did),
    "odds" multiplies a share's odds s/(1 - s) by the world share's (a country's China/US trade
    ratio moving as the world's did), which keeps a share within 0-1."""

    series: str
    per: str | None = None
    model: str = "scale"


PART_RULES = ("mean", "max")


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    rules: tuple[Rule, ...]
    # mean: the weighted mean of its indicators; max: the highest of them (any one suffices:
    # a treaty, US forces or a mostly American arsenal each is a security tie to the US)
    combine: str = "mean"


@dataclass(frozen=True)
class Entry:
    """A part as it enters a construct: under its own name, with a weight, maybe inverted."""

    name: str
    part: str
    weight: float = 1.0
    invert: bool = False


@dataclass(frozen=True)
class Construct:
    name: str
    label: str
    rule: str  # one of RULES
    entries: tuple[Entry, ...]
    thresholds: tuple[float, float, float, float]
    # gated: the parts that condition the mean of the others, each with its strength: the mean x
    # (1 - s + s x G/100) for each gate G (an inverted gate, a brake, uses 100 - the part)
    gates: tuple[tuple[Entry, float], ...] = ()
    alternative: str | None = None  # the aggregation the Monte Carlo tries half the time
    inner: str = "engagement"  # gated: what the mean of its parts is called in outputs (v3's reversal: "pull")

    def components(self) -> tuple[Entry, ...]:
        """Every term the construct combines: its entries, then the gates."""
        return self.entries + tuple(g for g, _s in self.gates)

    def parts_names(self) -> list[str]:
        """The names its components go by in outputs (drivers, components)."""
        return [e.name for e in self.components()]


@dataclass(frozen=True)
class Method:
    name: str
    description: str
    max_age: int
    parts: dict[str, Part]
    constructs: dict[str, Construct]
    table: dict  # the complete table it was read from (what `method show` prints)
    # the first year the method scores: before it, not every part's evidence exists, and a score
    # made of fewer parts would mean something else (None: every year the data reach)
    first_year: int | None = None

    def rules_of(self, indicator: str) -> list[Rule]:
        return [r for p in self.parts.values() for r in p.rules if r.indicator == indicator]

    def used_parts(self) -> list[str]:
        """Parts some construct combines, in method order."""
        used = {e.part for c in self.constructs.values() for e in c.components()}
        return [p for p in self.parts if p in used]


class MethodError(ValueError):
    """A method file problem; the message names the key."""


# ---------------------------------------------------------------- reading


def from_table(table: dict) -> Method:
    """A Method from a complete method table; MethodError names the first bad key."""
    if not isinstance(table, dict):
        raise MethodError("expected a table of settings at the top level")
    _keys(table, "", {"name", "description", "base", "max_age", "first_year", "parts", "constructs"})
    name = _text(table.get("name", "custom"), "name")
    description = _text(table.get("description", ""), "description")
    max_age = _int(table.get("max_age", 10), "max_age", 0, 100)
    first_year = table.get("first_year")
    if first_year is not None:
        first_year = _int(first_year, "first_year", 1900, 2100)
    parts_table = _table(table.get("parts"), "parts", "[parts.NAME] tables")
    if not parts_table:
        raise MethodError("parts: a method needs at least one part ([parts.NAME] with indicators)")
    parts = {p: _part(p, entry) for p, entry in parts_table.items()}
    constructs_table = _table(table.get("constructs"), "constructs", "[constructs.NAME] tables")
    if not constructs_table:
        raise MethodError("constructs: a method needs at least one construct ([constructs.NAME])")
    constructs = {c: _construct(c, entry, parts) for c, entry in constructs_table.items()}
    return Method(name, description, max_age, parts, constructs, table, first_year)


def _part(name: str, entry) -> Part:
    key = f"parts.{name}"
    _identifier(name, key)
    entry = _table(entry, key, "a table with label and indicators")
    _keys(entry, key, {"label", "indicators", "combine"})
    label = _text(entry.get("label", name), f"{key}.label")
    combine = entry.get("combine", "mean")
    if combine not in PART_RULES:
        raise MethodError(f"{key}.combine: expected one of {', '.join(PART_RULES)}, got {_show(combine)}")
    indicators = _table(entry.get("indicators"), f"{key}.indicators", '[parts.NAME.indicators."ID"] tables')
    if not indicators:
        raise MethodError(f"{key}: empty part (give it at least one indicator)")
    rules = tuple(_rule(ind, spec, f"{key}.indicators.{ind}") for ind, spec in indicators.items())
    if not any(r.weight > 0 for r in rules):
        raise MethodError(f"{key}: every indicator weight is 0, so the part would never have a score")
    return Part(name, label, rules, combine)


def _rule(indicator: str, spec, key: str) -> Rule:
    spec = _table(spec, key, "a table with lo and hi")
    _keys(spec, key, {"lo", "hi", "weight", "log", "change", "denominator", "max_age", "back_apply", "before_first",
                     "world", "smooth"})
    for needed in ("lo", "hi"):
        if needed not in spec:
            raise MethodError(f"{key}: give its goalposts lo and hi")
    lo = _number(spec["lo"], f"{key}.lo", -MAX_GOALPOST, MAX_GOALPOST)
    hi = _number(spec["hi"], f"{key}.hi", -MAX_GOALPOST, MAX_GOALPOST)
    if lo == hi:
        raise MethodError(f"{key}: goalposts lo and hi must differ")
    log = spec.get("log", False)
    if not isinstance(log, bool):
        raise MethodError(f"{key}.log: expected true or false")
    if log and min(lo, hi) < 0:
        raise MethodError(f"{key}: log goalposts must not be negative")
    change = spec.get("change")
    if change is not None:
        change = _int(change, f"{key}.change", 1, 50)
    denominator = spec.get("denominator")
    if denominator is not None:
        denominator = _text(denominator, f"{key}.denominator")
        if not denominator:
            raise MethodError(f"{key}.denominator: give an indicator id")
    weight = _number(spec.get("weight", 1.0), f"{key}.weight", 0.0, MAX_WEIGHT)
    max_age = spec.get("max_age")
    if max_age is not None:
        max_age = _int(max_age, f"{key}.max_age", 0, 100)
    back_apply = spec.get("back_apply", False)
    if not isinstance(back_apply, bool):
        raise MethodError(f"{key}.back_apply: expected true or false")
    if back_apply and change is not None:
        raise MethodError(f"{key}: back_apply and change cannot be combined (a change needs two real years)")
    before_first = spec.get("before_first")
    if before_first is not None:
        before_first = _number(before_first, f"{key}.before_first", -MAX_GOALPOST, MAX_GOALPOST)
        if back_apply or change is not None:
            raise MethodError(f"{key}: before_first cannot be combined with back_apply or change "
                              "(the years before a first value read one or the other)")
    smooth = spec.get("smooth")
    if smooth is not None:
        smooth = _int(smooth, f"{key}.smooth", 1, 10)
        if change is None:
            raise MethodError(f"{key}: smooth averages changes over years: give change too")
        if log:
            raise MethodError(f"{key}: smooth and log cannot be combined (the mean is of changes held "
                              "within linear goalposts)")
        smooth = None if smooth == 1 else smooth
    # world = false takes a base method's benchmark away (a merged file cannot delete a key)
    world = spec.get("world", False)
    world = None if world is False else _world(world, f"{key}.world", change, denominator)
    return Rule(indicator, lo, hi, weight, log, change, denominator, max_age, back_apply, world=world,
                before_first=before_first, smooth=smooth)


def _world(spec, key: str, change: int | None, denominator: str | None) -> World:
    spec = _table(spec, key, '{ series = "ID", per = "ID", model = "scale" }')
    _keys(spec, key, {"series", "per", "model"})
    if change is None:
        raise MethodError(f"{key}: a world benchmark measures a change: give the rule change = N")
    if "series" not in spec:
        raise MethodError(f"{key}.series: give the indicator that holds the world's value")
    series = _text(spec["series"], f"{key}.series")
    per = spec.get("per")
    if (per is None) != (denominator is None):
        raise MethodError(f"{key}.per: a rule with a denominator compares with the world's ratio "
                          "(give per), and one without has none")
    per = None if per is None else _text(per, f"{key}.per")
    model = spec.get("model", "scale")
    if model not in WORLD_MODELS:
        raise MethodError(f"{key}.model: expected one of {', '.join(WORLD_MODELS)}, got {_show(model)}")
    if model == "odds" and per is not None:
        raise MethodError(f"{key}.model: \"odds\" is for a share, which has no denominator")
    return World(series, per, model)


def _construct(name: str, entry, parts: dict[str, Part]) -> Construct:
    key = f"constructs.{name}"
    _identifier(name, key)
    if name in RESERVED:
        raise MethodError(f"{key}: {name!r} is a field of every record; give the construct another name")
    entry = _table(entry, key, "a table with rule, thresholds and parts")
    _keys(entry, key, {"label", "rule", "thresholds", "parts", "gate", "alternative", "inner"})
    label = _text(entry.get("label", name.capitalize()), f"{key}.label")
    rule = entry.get("rule", "mean")
    if rule not in RULES:
        raise MethodError(f"{key}.rule: expected one of {', '.join(RULES)}, got {rule!r}")
    if "thresholds" not in entry:
        raise MethodError(f"{key}.thresholds: give the four cuts (Low-Medium, Medium, Medium-High, High)")
    thresholds = _thresholds(entry["thresholds"], f"{key}.thresholds")
    listed = _table(entry.get("parts"), f"{key}.parts", "a table of part = weight")
    if not listed:
        raise MethodError(f"{key}.parts: a construct with no parts (name at least one)")
    entries = tuple(_entry(e, spec, f"{key}.parts.{e}", parts) for e, spec in listed.items())
    if not any(e.weight > 0 for e in entries):
        raise MethodError(f"{key}.parts: every weight is 0, so the construct would never have a score")
    gates: list[tuple[Entry, float]] = []
    if rule == "gated":
        specs = entry.get("gate")
        specs = specs if isinstance(specs, list) else [specs]
        for n, gate_spec in enumerate(specs):
            where = f"{key}.gate" + (f"[{n}]" if len(specs) > 1 else "")
            gate_spec = _table(gate_spec, where, '{ part = "NAME", strength = 0.5 }')
            _keys(gate_spec, where, {"part", "strength", "name", "invert"})
            if "part" not in gate_spec:
                raise MethodError(f"{where}: a gated construct names the part that gates it (part = \"NAME\")")
            gate_part = _part_name(gate_spec["part"], f"{where}.part", parts)
            invert = gate_spec.get("invert", False)
            if not isinstance(invert, bool):
                raise MethodError(f"{where}.invert: expected true or false")
            gate = Entry(_text(gate_spec.get("name", gate_part), f"{where}.name"), gate_part, invert=invert)
            strength = _number(gate_spec.get("strength", 0.5), f"{where}.strength", 0.0, 1.0)
            taken = {e.name for e in entries} | {g.name for g, _s in gates}
            if gate.name in taken:
                raise MethodError(f"{where}.name: {gate.name!r} is also the name of another of its parts")
            gates.append((gate, strength))
        inner = entry.get("inner", "engagement")
        _identifier(_text(inner, f"{key}.inner"), f"{key}.inner")
        if inner in {e.name for e in entries} | {g.name for g, _s in gates}:
            raise MethodError(f"{key}.parts: {inner!r} names the mean of a gated construct's parts; "
                              "call the part something else")
    elif "gate" in entry or "inner" in entry:
        raise MethodError(f"{key}.gate: only a gated construct (rule = \"gated\") has a gate")
    alternative = entry.get("alternative")
    if alternative not in (None, "geometric", "none"):
        raise MethodError(f"{key}.alternative: expected \"geometric\" or \"none\", got {alternative!r}")
    return Construct(name, label, rule, entries, thresholds, tuple(gates),
                     None if alternative == "none" else alternative,
                     entry.get("inner", "engagement") if rule == "gated" else "engagement")


def _entry(name: str, spec, key: str, parts: dict[str, Part]) -> Entry:
    _identifier(name, key)
    if isinstance(spec, dict):
        _keys(spec, key, {"part", "weight", "invert"})
        part = _part_name(spec.get("part", name), f"{key}.part", parts)
        weight = _number(spec.get("weight", 1.0), f"{key}.weight", 0.0, MAX_WEIGHT)
        invert = spec.get("invert", False)
        if not isinstance(invert, bool):
            raise MethodError(f"{key}.invert: expected true or false")
        return Entry(name, part, weight, invert)
    weight = _number(spec, key, 0.0, MAX_WEIGHT)
    return Entry(name, _part_name(name, key, parts), weight)


def _part_name(value, key: str, parts: dict[str, Part]) -> str:
    value = _text(value, key)
    if value not in parts:
        import difflib

        close = difflib.get_close_matches(value, parts, n=1)
        hint = f"; did you mean {close[0]}?" if close else f" (parts: {', '.join(parts)})"
        raise MethodError(f"{key}: unknown part {value!r}{hint}")
    return value


def _identifier(name: str, key: str) -> None:
    if not _NAME.match(name):
        raise MethodError(f"{key}: a name is lower-case letters, digits and _ (starting with a letter, "
                          f"at most 40), got {name!r}")


def _keys(table: dict, where: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            prefix = f"{where}." if where else ""
            raise MethodError(f"{prefix}{key}: unknown setting (expected one of {', '.join(sorted(allowed))})")


def _table(value, key: str, expected: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MethodError(f"{key}: expected {expected}, got {_show(value)}")
    return value


def _text(value, key: str) -> str:
    if not isinstance(value, str):
        raise MethodError(f"{key}: expected text in quotes, got {_show(value)}")
    return value


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(v, key, lo, hi) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise MethodError(f"{key}: expected a number, got {_show(v)}")
    try:
        v = float(v)  # TOML integers have no size limit in tomllib: 10**400 does not fit a float
    except OverflowError:
        raise MethodError(f"{key}: number too large") from None
    if not math.isfinite(v):
        raise MethodError(f"{key}: expected a finite number, got {v!r}")
    if lo is not None and v < lo:
        raise MethodError(f"{key}: must be at least {lo:g} (got {v:g})")
    if hi is not None and v > hi:
        raise MethodError(f"{key}: must be at most {hi:g} (got {v:g})")
    return v


def _int(v, key, lo, hi) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise MethodError(f"{key}: expected a whole number, got {_show(v)}")
    return int(_number(v, key, lo, hi))


def _thresholds(v, key) -> tuple[float, float, float, float]:
    if not isinstance(v, list) or len(v) != 4:
        raise MethodError(f"{key}: expected four numbers (the Low-Medium, Medium, Medium-High and High cuts)")
    values = [_number(x, key, 0.0, 100.0) for x in v]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise MethodError(f"{key}: thresholds must increase strictly ({', '.join(f'{x:g}' for x in values)})")
    return tuple(values)  # type: ignore[return-value]


# ---------------------------------------------------------------- presets, files, merging


def presets() -> list[str]:
    """The shipped methods, oldest first (v1, v2, ...)."""
    return sorted((p.stem for p in PRESETS_DIR.glob("*.toml")), key=lambda n: (len(n), n))


def _is_preset(name: str) -> bool:
    return bool(_NAME.match(name)) and (PRESETS_DIR / f"{name}.toml").is_file()


def _parse_toml(payload: bytes, origin: str) -> dict:
    import tomllib

    from .errors import DataError

    try:
        return tomllib.loads(payload.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(f"{origin}: not a TOML method file (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{origin}: not valid TOML ({exc})") from None
    except RecursionError:
        raise DataError(f"{origin}: TOML nested too deeply") from None


def preset_table(name: str) -> dict:
    """A preset's table, from its JSON twin: the same table as its TOML (tested), which start-up
    reads in a fraction of the time (tomllib alone takes longer to import than hedge to score)."""
    import json

    return json.loads((PRESETS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def compile_presets() -> list[Path]:
    """Write each preset's JSON twin from its TOML (python -m hedgecli.method)."""
    written = []
    for toml in sorted(PRESETS_DIR.glob("*.toml")):
        import json

        from .fileio import write_atomic

        table = _parse_toml(toml.read_bytes(), str(toml))
        target = toml.with_suffix(".json")
        write_atomic(target, (json.dumps(table, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        written.append(target)
    return written


def merge(base: dict, changes: dict) -> dict:
    """`base` with `changes` applied: tables merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve(table: dict, origin: str) -> Method:
    """A method file's table merged onto its base, as a Method; DataError names file and key."""
    from .errors import DataError

    if not isinstance(table, dict):
        raise DataError(f"{origin}: expected a table of settings at the top level")
    legacy = [k for k in ("rules", "hedging", "reversal") if k in table]
    if legacy:
        raise DataError(f"{origin}: {legacy[0]}: a version 1 method-file key; method files now use "
                        "[parts.NAME] and [constructs.NAME] ('hedge method show --method v1' prints v1 "
                        "in the new form)")
    base = table.get("base", DEFAULT_NAME)
    if not isinstance(base, str) or (base != "none" and not _is_preset(base)):
        raise DataError(f"{origin}: base: expected one of {', '.join(presets())} or \"none\", got {_show(base)}")
    full = table if base == "none" else merge(preset_table(base), table)
    full = {k: v for k, v in full.items() if k != "base"}
    if "name" not in table:
        # a changed method must not pass for its base in outputs: "v2+my_method", not "v2"
        stem = Path(origin).stem or "custom"
        full["name"] = stem if base == "none" else f"{base}+{stem}"
    try:
        return from_table(full)
    except MethodError as exc:
        raise DataError(f"{origin}: {exc}") from None


_CACHE: dict[str, Method] = {}


def load(spec: str | None) -> Method:
    """The default preset, a preset by name (`v1`), or a TOML method file merged onto its base."""
    from .errors import UsageError
    from .fileio import read_user_file

    spec = spec or DEFAULT_NAME
    if _is_preset(spec):
        if spec not in _CACHE:
            _CACHE[spec] = resolve(dict(preset_table(spec), base="none"), f"method preset {spec}")
        return _CACHE[spec]
    if "/" not in spec and "\\" not in spec and not spec.lower().endswith(".toml") and not Path(spec).exists():
        raise UsageError(f"--method {spec}: neither a preset ({', '.join(presets())}) nor a file")
    return resolve(_parse_toml(read_user_file(spec, "method file"), spec), spec)


def default() -> Method:
    return load(None)


def variant(method: Method, changes: dict) -> Method:
    """`method` with `changes` (a method-file table) applied; MethodError names a bad key."""
    return from_table(merge(to_table(method), changes))


# ---------------------------------------------------------------- writing


def to_toml(method: Method) -> str:
    """The complete method as TOML, with `base = "none"`: read back, it gives the same method."""
    def val(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(float(v)) if isinstance(v, float) else repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{_key(k)} = {val(x)}" for k, x in v.items()) + " }"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    t = to_table(method)
    lines = [f"name = {val(t['name'])}", f"description = {val(t['description'])}", 'base = "none"',
             f"max_age = {val(t['max_age'])}"]
    if "first_year" in t:
        lines.append(f"first_year = {val(t['first_year'])}")
    for pname, part in t["parts"].items():
        lines += ["", f"[parts.{_key(pname)}]", f"label = {val(part['label'])}"]
        if "combine" in part:
            lines.append(f"combine = {val(part['combine'])}")
        for ind, spec in part["indicators"].items():
            lines += [f"[parts.{_key(pname)}.indicators.{_key(ind)}]"] + [f"{k} = {val(v)}" for k, v in spec.items()]
    for cname, c in t["constructs"].items():
        lines += ["", f"[constructs.{_key(cname)}]"]
        lines += [f"{k} = {val(v)}" for k, v in c.items() if k != "parts"]
        lines += [f"[constructs.{_key(cname)}.parts]"] + [f"{_key(k)} = {val(v)}" for k, v in c["parts"].items()]
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else '"' + name.replace('"', '\\"') + '"'


def to_table(method: Method) -> dict:
    """The method as plain data, every setting spelt out (the JSON of `hedge method show`)."""
    parts = {}
    for p in method.parts.values():
        indicators = {}
        for r in p.rules:
            spec = {"lo": r.lo, "hi": r.hi, "weight": r.weight}
            if r.log:
                spec["log"] = True
            if r.change is not None:
                spec["change"] = r.change
            if r.denominator is not None:
                spec["denominator"] = r.denominator
            if r.max_age is not None:
                spec["max_age"] = r.max_age
            if r.back_apply:
                spec["back_apply"] = True
            if r.before_first is not None:
                spec["before_first"] = r.before_first
            if r.smooth is not None:
                spec["smooth"] = r.smooth
            if r.world is not None:
                spec["world"] = {"series": r.world.series, **({"per": r.world.per} if r.world.per else {}),
                                 "model": r.world.model}
            indicators[r.indicator] = spec
        parts[p.name] = {"label": p.label, **({"combine": p.combine} if p.combine != "mean" else {}),
                         "indicators": indicators}
    constructs = {}
    for c in method.constructs.values():
        entry = {"label": c.label, "rule": c.rule, "thresholds": list(c.thresholds)}
        gates = []
        for g, strength in c.gates:
            gate = {"part": g.part, "strength": strength}
            if g.name != g.part:
                gate["name"] = g.name
            if g.invert:
                gate["invert"] = True
            gates.append(gate)
        if gates:
            entry["gate"] = gates[0] if len(gates) == 1 else gates
        if c.alternative:
            entry["alternative"] = c.alternative
        if c.rule == "gated" and c.inner != "engagement":
            entry["inner"] = c.inner
        entry["parts"] = {e.name: (e.weight if e.part == e.name and not e.invert else
                                   {"part": e.part, "weight": e.weight, **({"invert": True} if e.invert else {})})
                          for e in c.entries}
        constructs[c.name] = entry
    out = {"name": method.name, "description": method.description, "max_age": method.max_age}
    if method.first_year is not None:
        out["first_year"] = method.first_year
    return {**out, "parts": parts, "constructs": constructs}


# ---------------------------------------------------------------- what a method needs of the data


def used_indicators(method: Method) -> set[str]:
    """Every indicator the method reads, as a value, a denominator or a world benchmark."""
    return {ind for p in method.parts.values() for r in p.rules for ind in reads(r)}


def reads(rule: Rule) -> list[str]:
    """The indicators one rule reads: its own, its denominator, its world benchmark's."""
    out = [rule.indicator] + ([rule.denominator] if rule.denominator else [])
    if rule.world is not None:
        out += [rule.world.series] + ([rule.world.per] if rule.world.per else [])
    return out


def unknown_indicators(method: Method, indicators) -> list[str]:
    """Method keys naming indicators a data file does not define (for the one-line error). A rule
    weighted 0 reads nothing, so it needs no definition: a file made before an indicator joined
    the default method (security.sco_status, 3.1) is scored by a method file weighting it 0.
    A world benchmark a file lacks is not an error: its change terms are missing, and named so
    (a file made before 3.3 has no world.* series)."""
    out = []
    for p in method.parts.values():
        for r in p.rules:
            if r.weight == 0:
                continue
            if r.indicator not in indicators:
                out.append(f"parts.{p.name}.indicators.{r.indicator}")
            if r.denominator and r.denominator not in indicators:
                out.append(f"parts.{p.name}.indicators.{r.indicator}.denominator ({r.denominator})")
    return out


if __name__ == "__main__":
    for written in compile_presets():
        print(f"wrote {written}")
