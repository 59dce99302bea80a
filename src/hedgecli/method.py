"""The default method: goalposts, weights, thresholds. Data, not logic (see scoring.py).

docs/METHODOLOGY.md explains every number here and how it was chosen. Changing a number here
changes every year's scores alike (fixed goalposts and thresholds), so years stay comparable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("Low", "Low-Medium", "Medium", "Medium-High", "High")


@dataclass(frozen=True)
class Rule:
    """How one indicator becomes a 0-100 score: linear (or log10(1+x)) between goalposts.

    `lo` maps to 0 and `hi` to 100; values beyond are capped. `lo` may exceed `hi` to invert.
    """

    indicator: str
    lo: float
    hi: float
    log: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class DriftRule:
    """Change of an indicator over `years` years, scored between goalposts on the change."""

    indicator: str
    years: int
    lo: float  # change that scores 0
    hi: float  # change that scores 100
    weight: float = 1.0


@dataclass(frozen=True)
class Method:
    # China-side engagement pillars (higher = more engagement with China)
    engagement: dict[str, tuple[Rule, ...]]
    # the US security anchor (higher = stronger)
    anchor: tuple[Rule, ...]
    # political alignment with the US (higher = closer to the US)
    alignment: tuple[Rule, ...]
    # economic dependence on China (higher = more dependent)
    dependence: tuple[Rule, ...]
    # drift toward China (higher = moving toward China faster)
    drift: tuple[DriftRule, ...]
    # hedging = engagement x (1 - anchor_gate + anchor_gate x anchor/100)
    anchor_gate: float = 0.5
    # reversal = weighted mean of these four components
    reversal_weights: dict[str, float] = field(
        default_factory=lambda: {"dependence": 1.0, "drift": 1.0, "weak_anchor": 1.0, "distance": 1.0}
    )
    # score >= threshold[i] means LEVELS[i + 1]; calibrated on the seed (docs/METHODOLOGY.md)
    hedging_thresholds: tuple[float, float, float, float] = (25.0, 40.0, 55.0, 60.0)
    reversal_thresholds: tuple[float, float, float, float] = (15.0, 25.0, 40.0, 55.0)
    # values older than this (years before the scoring year) count as missing
    max_age: int = 10


DEFAULT = Method(
    engagement={
        "trade": (Rule("trade.china_tilt", 0.0, 0.5),),
        "technology": (
            Rule("tech.huawei_5g", 0.0, 1.0),
            Rule("tech.china_tech_investment", 10.0, 10_000.0, log=True),
        ),
        "infrastructure": (
            Rule("infra.bri_mou", 0.0, 1.0),
            Rule("infra.aiib_member", 0.0, 1.0),
            Rule("infra.china_infra_investment", 10.0, 10_000.0, log=True),
        ),
    },
    anchor=(
        Rule("security.us_defense_pledge", 0.0, 1.0),
        Rule("security.us_troops", 10.0, 50_000.0, log=True),
        Rule("security.us_arms_share", 0.0, 1.0),
    ),
    alignment=(Rule("political.un_alignment", 0.0, 1.0),),
    dependence=(Rule("trade.china_tilt", 0.2, 0.8),),
    # Only the UN position has a ten-year change from one source in every scored year. A trade
    # drift (COW) ends in 2014 and cannot cross the change of source to 2024: with it, drift
    # would rest on two indicators until 2023 and on one from 2024, and every country's reversal
    # risk would seem to fall in 2024 for no reason but that. A method file can add it back.
    drift=(DriftRule("political.un_alignment", 10, 0.15, -0.15),),
)


# ---------------------------------------------------------------- method files (TOML)
#
#   max_age = 10
#   [hedging]
#   anchor_gate = 0.5
#   thresholds = [25, 40, 55, 60]
#   [reversal]
#   thresholds = [15, 27, 40, 55]
#   weights = { dependence = 1, drift = 1, weak_anchor = 1, distance = 1 }
#   [rules."engagement.technology"."tech.huawei_5g"]     # role, then indicator
#   weight = 0.5                                           # also lo, hi, log (drift: lo, hi, years)
#
# Roles: engagement.trade, engagement.technology, engagement.infrastructure, anchor, alignment,
# dependence, drift. A file changes only what it names; `hedge method show` prints the result.
# Naming an indicator a role does not have adds it (give lo and hi; drift also years), e.g.
#   [rules."dependence"."trade.china_import_share"]
#   lo = 0.05
#   hi = 0.4

ROLES = ("engagement.trade", "engagement.technology", "engagement.infrastructure",
         "anchor", "alignment", "dependence", "drift")


def _role_rules(method: Method) -> dict[str, tuple]:
    out = {f"engagement.{p}": rules for p, rules in method.engagement.items()}
    out.update(anchor=method.anchor, alignment=method.alignment, dependence=method.dependence,
               drift=method.drift)
    return out


def to_table(method: Method) -> dict:
    """The effective method as plain data (what `hedge method show` prints)."""
    rules = {}
    for role, role_rules in _role_rules(method).items():
        rules[role] = {}
        for r in role_rules:
            entry = {"weight": r.weight, "lo": r.lo, "hi": r.hi}
            entry.update({"years": r.years} if isinstance(r, DriftRule) else {"log": r.log})
            rules[role][r.indicator] = entry
    return {
        "max_age": method.max_age,
        "hedging": {"anchor_gate": method.anchor_gate, "thresholds": list(method.hedging_thresholds)},
        "reversal": {"thresholds": list(method.reversal_thresholds), "weights": dict(method.reversal_weights)},
        "rules": rules,
    }


def to_toml(table: dict) -> str:
    """A small TOML writer for the method table (tomllib reads; the standard library has no writer)."""
    def val(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {val(x)}" for k, x in v.items()) + " }"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"max_age = {val(table['max_age'])}", "", "[hedging]"]
    lines += [f"{k} = {val(v)}" for k, v in table["hedging"].items()]
    lines += ["", "[reversal]"] + [f"{k} = {val(v)}" for k, v in table["reversal"].items()]
    for role, rules in table["rules"].items():
        for indicator, entry in rules.items():
            lines += ["", f'[rules."{role}"."{indicator}"]'] + [f"{k} = {val(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


class MethodError(ValueError):
    """A method file problem; the message names the key."""


def apply(method: Method, table: dict) -> Method:
    """A new Method with the file's settings applied; MethodError names the first bad key."""
    import dataclasses

    if not isinstance(table, dict):
        raise MethodError("expected a table of settings at the top level")
    table = dict(table)
    known_top = {"max_age", "hedging", "reversal", "rules"}
    for key in table:
        if key not in known_top:
            raise MethodError(f"{key}: unknown setting (expected one of {', '.join(sorted(known_top))})")
    changes: dict = {}
    if "max_age" in table:
        changes["max_age"] = _int(table["max_age"], "max_age", 0, 100)
    hedging = _section(table, "hedging", {"anchor_gate", "thresholds"})
    if "anchor_gate" in hedging:
        changes["anchor_gate"] = _number(hedging["anchor_gate"], "hedging.anchor_gate", 0.0, 1.0)
    if "thresholds" in hedging:
        changes["hedging_thresholds"] = _thresholds(hedging["thresholds"], "hedging.thresholds")
    reversal = _section(table, "reversal", {"thresholds", "weights"})
    if "thresholds" in reversal:
        changes["reversal_thresholds"] = _thresholds(reversal["thresholds"], "reversal.thresholds")
    if "weights" in reversal:
        weights = dict(method.reversal_weights)
        if not isinstance(reversal["weights"], dict):
            raise MethodError("reversal.weights: expected a table of component = weight")
        for comp, w in reversal["weights"].items():
            if comp not in weights:
                raise MethodError(f"reversal.weights.{comp}: unknown component (expected {', '.join(weights)})")
            weights[comp] = _number(w, f"reversal.weights.{comp}", 0.0, None)
        if not any(weights.values()):
            raise MethodError("reversal.weights: at least one weight must be above 0")
        changes["reversal_weights"] = weights
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise MethodError("rules: expected tables [rules.\"ROLE\".\"INDICATOR\"]")
    by_role = {role: list(rs) for role, rs in _role_rules(method).items()}
    for role, entries in rules.items():
        if role not in by_role:
            raise MethodError(f"rules.{role}: unknown role (expected one of {', '.join(ROLES)})")
        if not isinstance(entries, dict):
            raise MethodError(f"rules.{role}: expected tables [rules.\"{role}\".\"INDICATOR\"], got {entries!r}")
        for indicator, entry in entries.items():
            key = f"rules.{role}.{indicator}"
            if not isinstance(entry, dict):
                raise MethodError(f"{key}: expected a table of settings, got {entry!r}")
            idx = next((i for i, r in enumerate(by_role[role]) if r.indicator == indicator), None)
            if idx is not None:
                by_role[role][idx] = _rule(by_role[role][idx], entry, key)
                continue
            # a new indicator for this role: it needs its goalposts (drift also its years)
            needed = {"lo", "hi", "years"} if role == "drift" else {"lo", "hi"}
            if not needed <= entry.keys():
                names = ", ".join(r.indicator for r in by_role[role])
                raise MethodError(f"{key}: not one of this role's indicators ({names}); to add it, "
                                  f"give {' and '.join(sorted(needed))}")
            blank = DriftRule(indicator, 10, 0.0, 1.0) if role == "drift" else Rule(indicator, 0.0, 1.0)
            by_role[role].append(_rule(blank, entry, key))
    if rules:
        changes["engagement"] = {p: tuple(by_role[f"engagement.{p}"]) for p in method.engagement}
        changes.update(anchor=tuple(by_role["anchor"]), alignment=tuple(by_role["alignment"]),
                       dependence=tuple(by_role["dependence"]), drift=tuple(by_role["drift"]))
    new = dataclasses.replace(method, **changes)
    _check_weights(new)
    return new


# the reversal component each role feeds; the engagement pillars and the anchor feed hedging
# (the anchor also reversal's weak_anchor), which always counts
_FEEDS = {"alignment": "distance", "dependence": "dependence", "drift": "drift"}


def _check_weights(method: Method) -> None:
    """Every part a score needs has a weight above 0 somewhere: with all its weights at 0 a
    part is never computed, and every score built on it would be null, which reads as missing
    data rather than as the method file's doing."""
    for role, rules in _role_rules(method).items():
        component = _FEEDS.get(role)
        if component is not None and not method.reversal_weights.get(component):
            continue  # the component is switched off in [reversal] weights: nothing needs it
        if not any(r.weight > 0 for r in rules):
            hint = (f" (to leave it out of reversal, set [reversal] weights.{component} = 0)"
                    if component else "")
            raise MethodError(f"rules.{role}: every weight is 0, so the part would never be scored and "
                              f"every score using it would be null; give at least one indicator a weight "
                              f"above 0{hint}")


def _section(table: dict, name: str, keys: set[str]) -> dict:
    section = table.get(name, {})
    if not isinstance(section, dict):
        raise MethodError(f"{name}: expected a table [{name}]")
    for key in section:
        if key not in keys:
            raise MethodError(f"{name}.{key}: unknown setting (expected one of {', '.join(sorted(keys))})")
    return section


def _rule(rule, entry, key):
    import dataclasses

    if not isinstance(entry, dict):
        raise MethodError(f"{key}: expected a table of settings")
    allowed = {"weight", "lo", "hi", "years"} if isinstance(rule, DriftRule) else {"weight", "lo", "hi", "log"}
    changes = {}
    for k, v in entry.items():
        if k not in allowed:
            raise MethodError(f"{key}.{k}: unknown setting (expected one of {', '.join(sorted(allowed))})")
        if k == "weight":
            changes[k] = _number(v, f"{key}.weight", 0.0, None)
        elif k == "log":
            if not isinstance(v, bool):
                raise MethodError(f"{key}.log: expected true or false")
            changes[k] = v
        elif k == "years":
            changes[k] = _int(v, f"{key}.years", 1, 50)
        else:
            changes[k] = _number(v, f"{key}.{k}", None, None)
    new = dataclasses.replace(rule, **changes)
    if new.lo == new.hi:
        raise MethodError(f"{key}: goalposts lo and hi must differ")
    if getattr(new, "log", False) and min(new.lo, new.hi) < 0:
        raise MethodError(f"{key}: log goalposts must not be negative")
    return new


def _number(v, key, lo, hi) -> float:
    import math

    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise MethodError(f"{key}: expected a number, got {v!r}")
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
    return float(v)


def _int(v, key, lo, hi) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise MethodError(f"{key}: expected a whole number, got {v!r}")
    return int(_number(v, key, lo, hi))


def _thresholds(v, key) -> tuple[float, float, float, float]:
    if not isinstance(v, list) or len(v) != 4:
        raise MethodError(f"{key}: expected four numbers (the Low-Medium, Medium, Medium-High and High cuts)")
    values = [_number(x, key, 0.0, 100.0) for x in v]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise MethodError(f"{key}: thresholds must increase strictly ({', '.join(f'{x:g}' for x in values)})")
    return tuple(values)  # type: ignore[return-value]


def used_indicators(method: Method) -> set[str]:
    """Every indicator the method scores, in any role."""
    return {r.indicator for rules in _role_rules(method).values() for r in rules}


def unknown_indicators(method: Method, indicators) -> list[str]:
    """Indicators the method uses that a data file does not define."""
    return sorted(used_indicators(method) - set(indicators))


def load(path: str | None) -> Method:
    """DEFAULT, or DEFAULT with a TOML method file applied."""
    if not path:
        return DEFAULT
    import tomllib

    from .errors import DataError
    from .fileio import read_user_file

    payload = read_user_file(path, "method file")
    try:
        table = tomllib.loads(payload.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a TOML method file (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})") from None
    try:
        return apply(DEFAULT, table)
    except MethodError as exc:
        raise DataError(f"{path}: {exc}") from None
