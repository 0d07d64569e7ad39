"""Performance appraisal scorecard 绩效考核 used for ranking (and the "last 3 months" review).

Metrics and standards [000]: first reply ≤ 30 s, reply rate ≥ 98 %, average response ≤ 120 s, delay
rate ≤ 5 %; per role [001]: presale conversion and sales, aftersale dispute rate, complaints, DSR.
A metric with a standard earns its full weight when met (inclusive), else weight × standard/actual
(lower is better) or × actual/standard (higher is better). A metric without a standard is scaled
within the role: best = full weight, worst = 0. Score = points ÷ total weight × 100. An
appraisal_score given in the KPI sheet is used as is. Agents are ranked within their role.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Sequence

from payroll.money import HUNDRED, ZERO, round_fen
from payroll.policy import MetricStandard, PayrollPolicy
from payroll.rules.context import Agent, last_place, ranks

RULE = "scorecard"
ONE = Decimal(1)


@dataclass(frozen=True)
class Appraisal:
    employee_id: str
    role: str
    score: Decimal                        # 0..100, two decimals
    source: Literal["given", "computed"]
    rank: int                             # within the role, ties share
    last: bool                            # shares last place in a role of two or more who do not all tie
    group_size: int
    points: dict[str, Decimal] = field(default_factory=dict)   # metric -> points earned (computed only)


def metric_value(agent: Agent, metric: str) -> Decimal:
    value = agent.kpi.require(metric, RULE)
    return Decimal(value)


def _against_standard(value: Decimal, spec: MetricStandard) -> Decimal:
    std = spec.standard
    if spec.better == "lower":
        return ONE if value <= std else (std / value if value > ZERO else ONE)
    return ONE if value >= std else (value / std if std > ZERO else ONE)


def _bounds(values: Sequence[Decimal], better: str) -> tuple[Decimal, Decimal]:
    """(best, worst) of a role's values of one metric."""
    return (min(values), max(values)) if better == "lower" else (max(values), min(values))


def _min_max(value: Decimal, best: Decimal, worst: Decimal) -> Decimal:
    if best == worst:
        return ONE
    return (value - worst) / (best - worst)


def metric_fraction(value: Decimal, spec: MetricStandard, role_values: Sequence[Decimal],
                    bounds: tuple[Decimal, Decimal] | None = None) -> Decimal:
    """Share (0..1) of a metric's weight earned by `value`; `bounds` (best, worst) of `role_values` when
    the caller has them already (a role's bounds are the same for every agent in it)."""
    if spec.standard is not None:
        return _against_standard(value, spec)
    return _min_max(value, *(bounds or _bounds(role_values, spec.better)))


def appraisals(agents: Sequence[Agent], policy: PayrollPolicy) -> dict[str, Appraisal]:
    """Score and rank every agent whose role has scorecard weights; others are not appraised."""
    card = policy.scorecard
    out: dict[str, Appraisal] = {}
    for role, weights in card.weights.items():
        group = [a for a in agents if a.role == role]
        if not group:
            continue
        total = sum(weights.values())
        scored: dict[str, tuple[Decimal, str, dict[str, Decimal]]] = {}
        needs = [a for a in group if a.kpi.appraisal_score is None]
        values = {m: {a.employee_id: metric_value(a, m) for a in needs} for m, w in weights.items() if w > ZERO}
        # Min and max once per metric, not once per agent (which made a role of n agents cost n²).
        bounds = {m: _bounds(list(v.values()), card.metrics[m].better) if v and card.metrics[m].standard is None
                  else None for m, v in values.items()}
        for a in group:
            if a.kpi.appraisal_score is not None:
                scored[a.employee_id] = (a.kpi.appraisal_score, "given", {})
                continue
            points = {m: weights[m] * metric_fraction(v[a.employee_id], card.metrics[m], (), bounds[m])
                      for m, v in values.items()}
            score = sum(points.values()) / total * HUNDRED if total > ZERO else ZERO
            scored[a.employee_id] = (round_fen(score), "computed", {m: round_fen(p) for m, p in points.items()})
        scores = {eid: s for eid, (s, _, _) in scored.items()}
        rank, last = ranks(scores), last_place(scores)
        for eid, (score, source, points) in scored.items():
            out[eid] = Appraisal(eid, role, score, source, rank[eid], eid in last, len(scores), points)
    return out
