"""Typing speed 打字 (茵曼 project reward 2 [001]); rule_id "typing".

Reward by chars/min with accuracy ≥ 90 %: ≥ 100 → 100, ≥ 80 → 50. Requirement: 60 on probation,
60 after 转正, 70 from six months after 转正; below it 2 months running: −10. The status is taken
on the first day of the month, so a stricter requirement starts with the first full month in it.
A blank speed means no test this month.
"""
from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from payroll.history import History, completes_run, run_of
from payroll.lines import PayLine
from payroll.money import fmt_figure
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent

RULE = "typing"


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def typing_requirement(agent: Agent, month: str, policy: PayrollPolicy) -> tuple[Decimal, str]:
    """The chars/min the agent must reach this month, and which status set it."""
    rule = policy.projects.typing
    first = date(*map(int, month.split("-")[:2]), 1)
    if agent.regular_date is None or agent.regular_date > first:
        return rule.requirement_probation, "试用期"
    if first >= _add_months(agent.regular_date, rule.senior_after_months):
        return rule.requirement_senior, f"转正{rule.senior_after_months}个月以上"
    return rule.requirement_regular, f"转正未满{rule.senior_after_months}个月"


def typing_below(agent: Agent, month: str, policy: PayrollPolicy) -> bool:
    speed = agent.kpi.typing_speed
    return speed is not None and speed < typing_requirement(agent, month, policy)[0]


def typing_reward(agent: Agent, policy: PayrollPolicy) -> list[PayLine]:
    """The highest tier whose speed is reached (inclusive), when accuracy ≥ min_accuracy_pct."""
    rule, speed = policy.projects.typing, agent.kpi.typing_speed
    if speed is None:
        return []
    tier = next((t for t in rule.tiers if speed >= t.at_least), None)
    if tier is None:
        return []
    accuracy = agent.kpi.require("typing_accuracy", RULE)
    if accuracy < rule.min_accuracy_pct:
        return []
    return [PayLine.of(agent.employee_id, RULE, tier.amount,
                       f"打字速度 {fmt_figure(speed)} 字/分 ≥ {tier.at_least},正确率 {fmt_figure(accuracy)}% ≥ "
                       f"{rule.min_accuracy_pct}%:"
                       f"奖励 {tier.amount}", speed=speed, accuracy_pct=accuracy, threshold=tier.at_least)]


def typing_penalty(agent: Agent, month: str, history: History, policy: PayrollPolicy) -> list[PayLine]:
    """Below the requirement `penalty_months` months running (counted once per full run)."""
    rule = policy.projects.typing
    earlier = history.facts(agent.employee_id, rule.penalty_months * 12)
    run = run_of(month, typing_below(agent, month, policy), earlier, lambda f: f.typing_below)
    if not completes_run(len(run), rule.penalty_months):
        return []
    need, status = typing_requirement(agent, month, policy)
    months = list(reversed(run[:rule.penalty_months]))
    return [PayLine.of(agent.employee_id, RULE, rule.penalty,
                       f"连续 {rule.penalty_months} 个月打字速度未达要求 ({', '.join(months)};本月 "
                       f"{fmt_figure(agent.kpi.typing_speed)} < {need} 字/分,{status}):{rule.penalty}",
                       months=months, speed=agent.kpi.typing_speed, requirement=need, status=status)]
