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
    reversal_thresholds: tuple[float, float, float, float] = (15.0, 27.0, 40.0, 55.0)
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
    drift=(
        DriftRule("political.un_alignment", 10, 0.15, -0.15),
        DriftRule("trade.china_tilt", 10, -0.15, 0.15),
    ),
)
