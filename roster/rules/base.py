"""What every rule module shares: the named penalty term and the rule catalogue's settings.

A rule function takes the RosterModel, adds its hard constraints, and returns Penalty terms for its
soft side; the objective is built once from all terms (roster.model). A Penalty's `expr` is always
*exactly* the number of violation units (never a loose bound), so any solution the solver reports,
optimal or not, scores the same as the independent validator (roster.validate) scores it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ortools.sat.python import cp_model

from roster.instance import Instance, Setting

Expr = Union[cp_model.LinearExprT, int]

# Rules that cost nothing when absent from the settings: the soft rules, and duty_in_a_row (a monthly
# policy sets it, hard by default there; a benchmark instance has no such limit).
SOFT_ONLY = ("day_off_requests", "shift_preferences", "fair_late_shifts", "fair_weekend_rest",
             "fair_duty", "fair_holiday_work", "shift_stability", "weekend_rest",
             "duty_in_a_row", "interval_cover")
REPAIR_WEIGHT = 1000          # repair_changes default: each changed future cell


@dataclass(frozen=True)
class Penalty:
    """`weight` × `expr` units of violation of `rule_id`; `words` explains it to the supervisor in
    Chinese ({n}: the units; days, codes and rule names as roster.wording writes them)."""

    rule_id: str
    name: str                  # unique, e.g. "coverage:12:C:presale"
    expr: Expr                 # violation units (a BoolVar, IntVar, linear expression or a constant)
    weight: int
    words: str
    person: int | None = None
    day: int | None = None


def rule_setting(instance: Instance, rule_id: str) -> Setting:
    """The rule's hard/weight; a soft-only rule missing from the settings costs nothing, any other
    missing rule is hard (the Instance default); repair_changes defaults to REPAIR_WEIGHT."""
    if rule_id in instance.settings:
        return instance.settings[rule_id]
    if rule_id in SOFT_ONLY:
        return Setting(hard=False, weight=0)
    if rule_id == "repair_changes":
        return Setting(hard=False, weight=REPAIR_WEIGHT)
    return instance.setting(rule_id)
