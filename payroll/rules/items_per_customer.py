"""Items per customer 客件数 (茵曼 project reward 3 [001]).

Rewards only when the month's sales completion ≥ 60 %: ranked first and above 1.9 → 300; otherwise
≥ 1.9 → 200 (a first-ranked agent at exactly 1.9 misses the strict "高于" and earns 200). Ranking
is among all agents of the rank scope with a value (ties share first); completion gates only the
reward. Negative incentive: strictly below the shop average → −10, whatever the completion.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Mapping, Sequence

from payroll.lines import PayLine
from payroll.money import fmt_figure
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent, groups, ranks, values_of

RULE = "items_per_customer"


def items_rewards(agents: Sequence[Agent], completion: Mapping[str, Decimal | None],
                  policy: PayrollPolicy) -> list[PayLine]:
    """The reward lines; `completion` is sales_completion per employee (percent or None)."""
    rule, lines = policy.projects.items_per_customer, []
    for group in groups(agents, rule.rank_scope).values():
        items = values_of(group, lambda a: a.kpi.items_per_customer)
        rank = ranks(items)
        for eid, value in items.items():
            done = completion.get(eid)
            if done is None or done < rule.min_completion_pct:
                continue
            first = rank[eid] == 1
            if first and value > rule.first_above:
                amount, why = rule.reward_first, f"排名第一且高于 {rule.first_above}"
            elif value >= rule.others_at_least:
                amount, why = rule.reward_others, f"排名第 {rank[eid]},≥ {rule.others_at_least}"
            else:
                continue
            lines.append(PayLine.of(eid, RULE, amount,
                                    f"客件数 {fmt_figure(value)} {why},业绩完成率 {fmt_figure(done)}% ≥ {rule.min_completion_pct}%:"
                                    f"奖励 {amount}", items=value, rank=rank[eid], completion_pct=done))
    return lines


def items_below_average(agents: Sequence[Agent], policy: PayrollPolicy) -> list[PayLine]:
    """Strictly below the average of the agent's shop (or team): penalty_below_average."""
    rule, lines = policy.projects.items_per_customer, []
    for key, group in groups(agents, rule.average_scope).items():
        items = values_of(group, lambda a: a.kpi.items_per_customer)
        if not items:
            continue
        average = sum(items.values()) / len(items)
        where = "店铺" if rule.average_scope == "shop" else "团队"
        for eid, value in items.items():
            if value < average:
                lines.append(PayLine.of(eid, RULE, rule.penalty_below_average,
                                        f"客件数 {fmt_figure(value)} 低于{where}均值 {fmt_figure(average)} ({key}):"
                                        f"{rule.penalty_below_average}",
                                        items=value, average=average, scope=key, group_size=len(items)))
    return lines
