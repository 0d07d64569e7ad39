"""What a plan returns: the roster, how good it is, and every soft cost in words."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from roster.instance import Assignment
from roster.penalties import Breach


@dataclass
class Plan:
    status: str                        # 'OPTIMAL' | 'FEASIBLE' | 'INFEASIBLE' | 'UNKNOWN'
    assignment: Assignment | None      # the roster (None unless OPTIMAL/FEASIBLE)
    objective: int | None              # the roster's penalty: sum of the penalties' amounts
    bound: float | None                # no roster costs less (None: nothing proven)
    gap: float | None                  # (objective - bound) / objective; 0 when optimal
    wall_time: float                   # seconds the plan took
    penalties: list[Breach] = field(default_factory=list)
    changes: int = 0                   # repair: future cells changed from the baseline
    values: list[int] = field(default_factory=list, repr=False)   # every model variable's value
    strategy: str = ""                 # the strategy that planned it (roster.planner.portfolio)

    @property
    def ok(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def rule_penalty(self) -> int | None:
        """The objective without repair_changes: what roster.validate recomputes."""
        if self.objective is None:
            return None
        return self.objective - sum(p.amount for p in self.penalties if p.rule_id == "repair_changes")


def with_bound(result: Plan, bound: float | None, budget=None) -> Plan:
    """The result with the best valid bound known, never below 0 (every penalty is a count times a
    weight >= 0; CP-SAT's own bound can be negative early on), its gap and status to match (a
    bound that reaches the roster proves it optimal), and its wall time counted from `budget`'s start."""
    if result.ok and result.status != "OPTIMAL" and bound is not None:
        bound = max(0.0, bound)
        gap = (result.objective - bound) / max(1, abs(result.objective))
        result = replace(result, status="OPTIMAL" if gap <= 0 else "FEASIBLE",
                         bound=min(bound, float(result.objective)), gap=max(0.0, gap))
    if budget is not None:
        result = replace(result, wall_time=budget.spent())
    return result


def better(a: Plan | None, b: Plan | None) -> Plan | None:
    """The better of two results (a roster before none; the lower penalty; a on ties)."""
    if a is None or not a.ok:
        return b if b is not None and b.ok else a
    if b is None or not b.ok:
        return a
    return b if b.objective < a.objective else a
