"""Monthly exam 月考 (茵曼 project reward 1 [001]).

Score = exam × 70 % + daily average × 30 %. Reward: ≥ 80 and ranked first 100, ≥ 80 otherwise 50.
Negative incentive: exam missed or failed (score below the pass mark) 3 months running: −10 and
level down one; a P1 restarts the promotion clock at 0. A blank exam row is "no exam this month".
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from payroll.history import History, run_of
from payroll.history import completes_run
from payroll.lines import LevelChange, PayLine
from payroll.money import fmt_figure
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent, groups, ranks, values_of

RULE = "exam"


def exam_score(agent: Agent, policy: PayrollPolicy) -> Decimal | None:
    """exam × 70 % + daily average × 30 %; None when no exam was taken this month."""
    k, rule = agent.kpi, policy.projects.exam
    if not k.exam_taken:
        return None
    return k.require("exam_score", RULE) * rule.exam_weight + k.require("daily_score", RULE) * rule.daily_weight


def exam_failed_or_missed(agent: Agent, policy: PayrollPolicy) -> bool:
    """Marked not taken (参加月考 否), or a score below the pass mark."""
    if agent.kpi.exam_taken is False:
        return True
    score = exam_score(agent, policy)
    return score is not None and score < policy.projects.exam.pass_mark


def exam_rewards(agents: Sequence[Agent], policy: PayrollPolicy) -> list[PayLine]:
    """≥ reward_min_score and ranked first (ties share first): reward_first; ≥ reward_min_score: reward."""
    rule, lines = policy.projects.exam, []
    for group in groups(agents, rule.rank_scope).values():
        scores = values_of(group, lambda a: exam_score(a, policy))
        rank = ranks(scores)
        for eid, score in scores.items():
            if score < rule.reward_min_score:
                continue
            first = rank[eid] == 1
            amount = rule.reward_first if first else rule.reward
            place = "且排名第一" if first else f",排名第 {rank[eid]}"
            lines.append(PayLine.of(eid, RULE, amount,
                                    f"考试成绩 {fmt_figure(score)} ≥ {rule.reward_min_score}{place}:奖励 {amount}",
                                    score=score, rank=rank[eid], group_size=len(scores),
                                    threshold=rule.reward_min_score))
    return lines


def exam_sanction(agent: Agent, month: str, history: History, policy: PayrollPolicy,
                  levels: Sequence[str]) -> tuple[list[PayLine], list[LevelChange]]:
    """Missed or failed `penalty_months` months running: penalty, level down `levels_down` (P1: clock restart).

    Counted once per full run (at 3, 6, ... months), so a long run is not penalised every month.
    """
    rule = policy.projects.exam
    earlier = history.facts(agent.employee_id, rule.penalty_months * 12)
    run = run_of(month, exam_failed_or_missed(agent, policy), earlier, lambda f: f.exam_failed_or_missed)
    if not completes_run(len(run), rule.penalty_months):
        return [], []
    months = list(reversed(run[:rule.penalty_months]))
    level_to = agent.level
    if agent.level in levels:
        level_to = levels[max(levels.index(agent.level) - rule.levels_down, 0)]
    if level_to == agent.level:
        what = f"{agent.level or '级别'} 已是最低级,晋级时间从 0 开始计算"
    else:
        what = f"级别 {agent.level} 降为 {level_to},晋级时间从 0 开始计算"
    reason = f"连续 {rule.penalty_months} 个月未参加月考或未合格 ({', '.join(months)}):{rule.penalty},{what}"
    line = PayLine.of(agent.employee_id, RULE, rule.penalty, reason, months=months, pass_mark=rule.pass_mark,
                      level_from=agent.level, level_to=level_to)
    change = LevelChange(agent.employee_id, RULE, agent.level, level_to, True, reason)
    return [line], [change]
