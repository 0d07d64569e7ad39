"""人事预警 review list: elimination and dismissal reviews, promotion candidates — never a decision.

Elimination review 末位淘汰 [001]: last in individual sales 3 months running; last in the appraisal
3 months running; 10 or more colleague complaints in one month. Serious misconduct ★★★+ [000] →
dismissal review (Labour Contract Law art. 39). Promotion review [001]: six clean months in a row
at the same level. Each item carries its legal note; the tool lists people for a human decision.
Also builds this month's `MonthFacts`, which the ledger stores for later months.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Mapping, Sequence

from payroll.history import History, MonthFacts, run_of
from payroll.lines import LevelChange
from payroll.policy import PayrollPolicy
from payroll.rules.context import Agent, in_roles, last_place, values_of
from payroll.rules.exam import exam_failed_or_missed
from payroll.rules.typing_speed import typing_below
from payroll.scorecard import Appraisal

Kind = Literal["elimination_review", "dismissal_review", "promotion_review"]

NOTE_RANKING = ("仅供审查，不是解除理由：最高人民法院指导案例18号认定，末位排名本身不等于“不能胜任工作”。依《劳动合同法》第四十条第二项解除，须证明不能胜任、经培训或调整岗位后仍不能胜任，提前三十日书面通知（或额外支付一个月工资）并支付经济补偿（第四十六条）。\n"
                "Review only, not a ground to dismiss: SPC Guiding Case No. 18 (最高人民法院指导案例18号) holds that "
                "ranking last is not in itself 'unable to do the job' (不能胜任工作). Dismissal for incompetence under "
                "Labour Contract Law art. 40(2) needs proven incompetence, then training or reassignment, then "
                "still failing; with 30 days' notice (or a month's pay) and severance (art. 46).")
NOTE_COMPLAINTS = ("仅供审查：逐条核实投诉事实并听取员工陈述。投诉本身不是解除理由；参见第三十九条（严重违反依法制定并公示的规章制度）或第四十条第二项（不能胜任：须先培训或调岗）。\n"
                   "Review only: establish the facts of each complaint and hear the employee. Complaints are "
                   "not in themselves a ground to dismiss; see art. 39 (serious breach of lawful, published rules) "
                   "or art. 40(2) (incompetence: training or reassignment first).")
NOTE_MISCONDUCT = ("依《劳动合同法》第三十九条第二项进行解除审查：仅适用于严重违反经民主程序制定并已公示告知的规章制度（第四条）；须核实事实、听取员工陈述，并事先通知工会（第四十三条）。\n"
                   "Dismissal review under Labour Contract Law art. 39(2): only for a serious breach of rules "
                   "adopted by democratic procedure and made known to the employee (art. 4); verify the facts, "
                   "hear the employee and notify the trade union beforehand (art. 43).")
NOTE_PROMOTION = ("晋升审查 [001]：连续六个月无行政处罚、同事投诉、差评或重大失误；由主管决定，例如每半年一次的竞岗大赛。\n"
                  "Promotion review [001]: six months without administrative penalty, colleague complaint, "
                  "bad review or major error; the supervisor decides, e.g. at the twice-yearly 竞岗大赛.")


@dataclass(frozen=True)
class ReviewItem:
    employee_id: str
    kind: Kind
    reason: str
    months: tuple[str, ...]               # the months that triggered it, oldest first
    legal_note: str
    figures: dict[str, Any] = field(default_factory=dict)


def month_facts(agents: Sequence[Agent], month: str, appraisal: Mapping[str, Appraisal],
                completion: Mapping[str, Decimal | None], level_changes: Sequence[LevelChange],
                policy: PayrollPolicy) -> dict[str, MonthFacts]:
    """This month's facts of every agent, as later months' rules will look back on them."""
    project_ids = {a.employee_id for a in in_roles(agents, policy.projects.roles)}
    sales_last = last_place(sales_measure(agents, completion, policy))
    restarted = {c.employee_id for c in level_changes if c.restart_promotion_clock}
    out = {}
    for a in agents:
        in_projects = a.employee_id in project_ids and policy.structure.project_rewards
        out[a.employee_id] = MonthFacts(
            month=month, level=a.level,
            exam_failed_or_missed=in_projects and exam_failed_or_missed(a, policy),
            typing_below=in_projects and typing_below(a, month, policy),
            sales_rank_last=a.employee_id in sales_last,
            appraisal_rank_last=bool(appraisal.get(a.employee_id) and appraisal[a.employee_id].last),
            clean_month=a.kpi.clean, promotion_clock_restart=a.employee_id in restarted)
    return out


def sales_measure(agents: Sequence[Agent], completion: Mapping[str, Decimal | None],
                  policy: PayrollPolicy) -> dict[str, Decimal]:
    """Individual performance for the "last in sales" ranking, team-wide ("全商城") over sales_roles."""
    group = in_roles(agents, policy.review.sales_roles)
    if policy.review.sales_measure == "sales":
        return values_of(group, lambda a: a.kpi.sales)
    return values_of(group, lambda a: completion.get(a.employee_id))


def review_list(agents: Sequence[Agent], month: str, facts: Mapping[str, MonthFacts], history: History,
                appraisal: Mapping[str, Appraisal], completion: Mapping[str, Decimal | None],
                policy: PayrollPolicy) -> list[ReviewItem]:
    rule, items = policy.review, []
    measure = sales_measure(agents, completion, policy)
    for a in agents:
        eid, now = a.employee_id, facts[a.employee_id]
        back = max(rule.sales_last_months, rule.appraisal_last_months, rule.promotion_clean_months)
        earlier = history.facts(eid, back)
        run = run_of(month, now.sales_rank_last, earlier, lambda f: f.sales_rank_last)
        if len(run) >= rule.sales_last_months:
            what = "业绩完成率" if rule.sales_measure == "completion" else "销售额"
            items.append(ReviewItem(eid, "elimination_review",
                                    f"连续 {len(run)} 个月个人业绩({what})全店最后一名", tuple(reversed(run)),
                                    NOTE_RANKING, {"measure": rule.sales_measure, "this_month": measure.get(eid),
                                                   "run_months": len(run)}))
        run = run_of(month, now.appraisal_rank_last, earlier, lambda f: f.appraisal_rank_last)
        if len(run) >= rule.appraisal_last_months:
            ap = appraisal[eid]
            items.append(ReviewItem(eid, "elimination_review", f"连续 {len(run)} 个月绩效考核最后一名",
                                    tuple(reversed(run)), NOTE_RANKING,
                                    {"score": ap.score, "rank": ap.rank, "group_size": ap.group_size,
                                     "run_months": len(run)}))
        if a.kpi.colleague_complaints >= rule.colleague_complaints_in_month:
            items.append(ReviewItem(eid, "elimination_review",
                                    f"本月受到 {a.kpi.colleague_complaints} 个同事投诉 "
                                    f"(≥ {rule.colleague_complaints_in_month})", (month,), NOTE_COMPLAINTS,
                                    {"colleague_complaints": a.kpi.colleague_complaints}))
        if a.kpi.misconduct_stars >= rule.misconduct_min_stars:
            items.append(ReviewItem(eid, "dismissal_review",
                                    f"严重违纪 {'★' * a.kpi.misconduct_stars},提交解除劳动合同审查(第39条)",
                                    (month,), NOTE_MISCONDUCT, {"stars": a.kpi.misconduct_stars}))
        items += _promotion(a, month, now, earlier, policy)
    return items


def _promotion(a: Agent, month: str, now: MonthFacts, earlier: list[MonthFacts],
               policy: PayrollPolicy) -> list[ReviewItem]:
    rule = policy.review
    if a.level not in rule.levels or a.level == rule.levels[-1]:
        return []
    run = run_of(month, now.clean_month, earlier, lambda f: f.clean_month and f.level == a.level,
                 stop_at_restart=True, restart_now=now.promotion_clock_restart)
    if len(run) < rule.promotion_clean_months:
        return []
    nxt = rule.levels[rule.levels.index(a.level) + 1]
    return [ReviewItem(a.employee_id, "promotion_review",
                       f"连续 {len(run)} 个月无行政处罚、同事投诉、差评及重大失误:可评 {a.level} → {nxt}",
                       tuple(reversed(run)), NOTE_PROMOTION,
                       {"level": a.level, "next_level": nxt, "clean_months": len(run)})]
