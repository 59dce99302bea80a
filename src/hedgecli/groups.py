"""Your own groups: scored as the shipped ones are (the mean of the members' scores), members named.

On the command line, `--group "Quad=AUS,IND,JPN"` (repeatable): members by name, code or alias,
a group's name standing for its members. In a file (`--group FILE.toml`, or a scenario file), a
[groups] table, where a group may also weigh its members:

    [groups.quad]
    name = "Quad"
    members = ["Australia", "India", "Japan"]
    weights = "gdp"                  # each member's GDP in the year scored
    # weights = [2, 1, 1]            # or one weight per member (a group listed as a member
    #                                # weighs as one bloc, its weight shared by its members);
    #                                # none: one state, one voice

A group's code is its name in capitals ("QUAD"). A name or code that is already a country's or
a group's (by name, code or alias), or any real country's (China, USA), or "all" (a scenario's
word for every country), is an error: `hedge score quad` must mean one thing.
"""

from __future__ import annotations

import copy
import re
import unicodedata

from .dataset import Dataset, Entity
from .errors import DataError, UsageError

WEIGHT_BY = ("gdp",)
MAX_WEIGHT = 1e6  # as a method's weights: a sum of weights x scores must stay finite
RESERVED = ("all",)  # a scenario's word for every country
GDP = "economy.gdp"
_KEYS = {"name", "members", "weights"}


def parse(spec: str) -> list[dict]:
    """One --group value: NAME=MEMBER,MEMBER,... or a TOML file with a [groups] table."""
    if "=" in spec:
        name, _, members = spec.partition("=")
        names = [m.strip() for m in members.split(",") if m.strip()]
        return [{"name": name.strip(), "members": names, "where": f"--group {name.strip() or spec!r}"}]
    if not spec.strip():
        raise UsageError("--group needs NAME=MEMBER,MEMBER,... or a TOML file with a [groups] table")
    from .fileio import read_user_file
    from .method import _parse_toml

    table = _parse_toml(read_user_file(spec, "groups file"), spec)
    if set(table) != {"groups"} or not isinstance(table["groups"], dict) or not table["groups"]:
        raise DataError(f"{spec}: a groups file holds one [groups] table of groups ([groups.NAME])")
    return from_table(table["groups"], spec)


def from_table(groups: dict, origin: str) -> list[dict]:
    """A [groups] table as group specs (checked for shape; members are checked by add)."""
    out = []
    for key, group in groups.items():
        where = f"{origin}: groups.{key}"
        if not isinstance(group, dict):
            raise DataError(f"{where}: expected a table with name and members")
        unknown = sorted(set(group) - _KEYS)
        if unknown:
            raise DataError(f"{where}: unknown key {unknown[0]!r} (a group has name, members and weights)")
        members = group.get("members")
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise DataError(f"{where}: members must be a list of country names or codes")
        weights = group.get("weights")
        if weights is not None and weights not in WEIGHT_BY:
            if (not isinstance(weights, list) or len(weights) != len(members)
                    or not all(isinstance(w, (int, float)) and not isinstance(w, bool) and 0 <= w <= MAX_WEIGHT
                               for w in weights) or not any(weights)):
                raise DataError(f"{where}: weights must be \"gdp\" or one number from 0 to {MAX_WEIGHT:g} per member "
                                f"({len(members)}), not all 0")
            weights = tuple(float(w) for w in weights)
        name = group.get("name", key)
        if not isinstance(name, str):
            raise DataError(f"{where}: name must be text")
        out.append({"name": name.strip(), "members": [m.strip() for m in members], "weights": weights,
                    "where": where})
    return out


def code_of(name: str) -> str:
    """A group's code from its name: "Visegrád four" -> "VISEGRAD-FOUR"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").upper()


def add(data: Dataset, specs: list[dict]) -> Dataset:
    """`data` with the groups added; a UsageError for an empty group, an unknown member or a
    name that is already taken."""
    if not specs:
        return data
    from .countries import _index, _key, resolve, world_country

    out = copy.copy(data)
    out.entities = dict(data.entities)
    for spec in specs:
        where, name = spec["where"], spec["name"]
        code = code_of(name)
        if not name or not code:
            raise UsageError(f"{where}: a group needs a name (letters or digits)")
        if len(name) > 60:
            raise UsageError(f"{where}: a group's name must be 60 characters or fewer")
        taken = _index(out)
        for word in dict.fromkeys((name, code)):
            if _key(word) in taken:
                other = out.entities[taken[_key(word)]]
                raise UsageError(f"{where}: {word!r} already names the {other.kind} {other.name} ({other.code}); "
                                 "give the group another name")
            world = world_country(word)
            if world is not None or _key(word) in RESERVED:
                what = f"the country {world[1]} ({world[0]})" if world else "every country in a scenario"
                raise UsageError(f"{where}: {word!r} names {what}; give the group another name")
        members: list[str] = []
        member_weights: list[float] = []
        weights = spec.get("weights")
        for i, member in enumerate(spec["members"]):
            try:
                found = resolve(member, out)
            except UsageError as exc:
                raise UsageError(f"{where}: {exc}") from None
            entity = out.entities[found]
            inner = entity.members if entity.kind == "group" else (found,)
            for m in inner:
                if m in members:
                    if isinstance(weights, tuple):  # which of its two weights would count?
                        raise UsageError(f"{where}: {out.entities[m].name} is listed twice (itself or through a "
                                         "group); with weights, list each member once")
                    continue
                members.append(m)
                if isinstance(weights, tuple):
                    # a group listed as a member weighs as one bloc: its weight shared by its members
                    member_weights.append(weights[i] / len(inner))
        if not members:
            raise UsageError(f"{where}: the group has no members")
        if isinstance(weights, tuple) and not any(member_weights):
            raise UsageError(f"{where}: every member's weight is 0")
        out.entities[code] = Entity(code, name, "group", None, (), tuple(members),
                                    tuple(member_weights) if isinstance(weights, tuple) else weights)
    return out


def weights_in(data: Dataset, entity: Entity, year: int, max_age: int) -> list[float | None]:
    """Each member's weight in `year` (None: left out that year: no GDP in use, or not a member
    then, for a group whose membership changes)."""
    if entity.weights is None:
        out = [1.0] * len(entity.members)
    elif isinstance(entity.weights, tuple):
        out = list(entity.weights)
    else:
        out = []
        for member in entity.members:
            obs = data.observation(member, GDP, year)
            out.append(obs.value if obs is not None and obs.age <= max_age else None)
    if entity.members_when:
        for i, member in enumerate(entity.members):
            obs = data.observation(member, entity.members_when, year)
            if obs is None or obs.value < 1.0:
                out[i] = None
    return out
