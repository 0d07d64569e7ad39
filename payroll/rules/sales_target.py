"""Sales target completion 业绩完成率 (茵曼 project reward 5 [001]).

Completion = sales ÷ (daily target of the shop's channel × days worked); 集市 11,000, 天猫 13,000 a
day. 100 % earns nothing; each full 10 % above earns 100, no cap. Completion is also the gate of
the items-per-customer rewards.
"""
from __future__ import annotations

from decimal import Decimal

from kefu.errors import InputError
from payroll.lines import PayLine
from payroll.money import HUNDRED, ZERO, fmt, fmt_figure
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent

RULE = "sales_target"


def month_target(agent: Agent, policy: PayrollPolicy) -> Decimal | None:
    """Daily target of the agent's channel × days worked; None when no days were worked."""
    if agent.days_worked <= ZERO:
        return None
    targets = policy.projects.sales_target.daily_target
    if agent.channel not in targets:
        raise InputError(f"{agent.employee_id}: shop {agent.shop!r} has channel {agent.channel!r}, which has no "
                         f"daily target in payroll.projects.sales_target.daily_target ({', '.join(targets)})",
                         sheet="员工", column="店铺",
                         zh=f"{agent.employee_id}：店铺“{agent.shop}”属于渠道“{agent.channel}”，但 "
                            f"payroll.projects.sales_target.daily_target 里没有它的日目标（已有：{'、'.join(targets)}）")
    return targets[agent.channel] * agent.days_worked


def sales_completion(agent: Agent, policy: PayrollPolicy) -> Decimal | None:
    """Completion in percent (exact); None when sales are blank or no days were worked."""
    if agent.kpi.sales is None:
        return None
    target = month_target(agent, policy)
    return None if target is None else agent.kpi.sales * HUNDRED / target


def sales_target_reward(agent: Agent, policy: PayrollPolicy) -> list[PayLine]:
    """reward_per_step for each full step_pct of completion above full_pct (no cap)."""
    rule = policy.projects.sales_target
    target = month_target(agent, policy)
    sales = agent.kpi.sales
    if sales is None or target is None:
        return []
    # Whole steps from exact products, so 110 % on the dot is one step, 109.99 % none.
    steps = (sales * HUNDRED - rule.full_pct * target) // (rule.step_pct * target)
    if steps < 1:
        return []
    completion = sales * HUNDRED / target
    daily = rule.daily_target[agent.channel]
    return [PayLine.of(agent.employee_id, RULE, rule.reward_per_step * steps,
                       f"业绩完成率 {fmt_figure(completion)}% = 销售额 {fmt(sales)} ÷ ({agent.channel}目标 {fmt(daily)}/天 × "
                       f"{agent.days_worked} 天),超额 {int(steps)} 个 {rule.step_pct}%:{int(steps)} × {rule.reward_per_step}",
                       completion_pct=completion, sales=sales, daily_target=daily, days_worked=agent.days_worked,
                       steps=int(steps))]
