"""Lower bounds on every roster's penalty, each behind a small API.

    ColumnBound(m, patterns).run(budget) -> float      the month's Dantzig-Wolfe bound (column generation)
    month_bound(m, patterns, budget) -> int | None     the same, rounded up, in one call
    BackgroundBound(m, seconds, patterns, profile)     month_bound in a forked child beside a solve
    MasterLP                                           the master LP (HiGHS) the column generations share

Each person's cheapest pattern alone (roster.planner.patterns_first.pattern_bound) and CP-SAT's own
bound are the others; a plan reports the best of them.
"""
from roster.bounds.background import BackgroundBound
from roster.bounds.column_generation import ColumnBound, MasterLP, month_bound

__all__ = ["BackgroundBound", "ColumnBound", "MasterLP", "month_bound"]
