"""Runs the presale project rewards and negative incentives for the roles the policy names.

The one entry point for the pay run: `project_lines(agents, month, history, policy)`. It returns
the lines of exam, typing, items_per_customer, monthly_summary and sales_target, the level changes
of exam sanctions, and each agent's sales completion (shown in the register and used by review).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Sequence

from payroll.history import History
from payroll.lines import RULES, LevelChange, PayLine
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent, in_roles
from payroll.rules.exam import exam_rewards, exam_sanction
from payroll.rules.items_per_customer import items_below_average, items_rewards
from payroll.rules.monthly_summary import monthly_summary
from payroll.rules.sales_target import sales_completion, sales_target_reward
from payroll.rules.typing_speed import typing_penalty, typing_reward

ORDER = [r for r in RULES if RULES[r].kind == "reward"]


@dataclass(frozen=True)
class ProjectOutcome:
    lines: list[PayLine] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    completion: dict[str, Decimal | None] = field(default_factory=dict)   # percent, None: n/a


def project_lines(agents: Sequence[Agent], month: str, history: History, policy: PayrollPolicy) -> ProjectOutcome:
    """All project lines of the month for the agents in policy.projects.roles (none if switched off)."""
    group = in_roles(agents, policy.projects.roles)
    completion = {a.employee_id: sales_completion(a, policy) for a in group}
    if not policy.structure.project_rewards or not group:
        return ProjectOutcome(completion=completion)
    lines: list[PayLine] = []
    changes: list[LevelChange] = []
    lines += exam_rewards(group, policy)
    for a in group:
        penalty, change = exam_sanction(a, month, history, policy, policy.review.levels)
        lines += penalty
        changes += change
        lines += typing_reward(a, policy)
        lines += typing_penalty(a, month, history, policy)
        lines += monthly_summary(a, policy)
        lines += sales_target_reward(a, policy)
    lines += items_rewards(group, completion, policy)
    lines += items_below_average(group, policy)
    position = {a.employee_id: i for i, a in enumerate(group)}
    lines.sort(key=lambda ln: (position[ln.employee_id], ORDER.index(ln.rule_id)))
    return ProjectOutcome(lines, changes, completion)
