"""Monthly summary 月总结 (茵曼 project reward 4 [001]).

Approved by the committee after a trial talk: 100. Each agent must write one; none submitted: −5.
Submitted but not approved earns nothing; a blank cell is "not applicable".
"""
from __future__ import annotations

from payroll.lines import PayLine
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent

RULE = "monthly_summary"


def monthly_summary(agent: Agent, policy: PayrollPolicy) -> list[PayLine]:
    rule, status = policy.projects.monthly_summary, agent.kpi.monthly_summary
    if status == "approved":
        return [PayLine.of(agent.employee_id, RULE, rule.reward_approved,
                           f"月总结经委员会评分达标:奖励 {rule.reward_approved}", status=status)]
    if status == "none":
        return [PayLine.of(agent.employee_id, RULE, rule.penalty_none,
                           f"本月无月总结:{rule.penalty_none}", status=status)]
    return []
