"""Why the hard rules cannot all hold, in words: which rules conflict, and which days, shifts and
roles are short by how many people. Never a bare "infeasible". The words are Chinese, for the
supervisor (rules, days and codes named by roster.wording); the Shortage records keep the figures.

First the hours rule (overtime_limit, hard): when the rest days alone leave someone more overtime
than the cap, whatever the roster (roster.hours), that is the explanation, in hours and the rest
days or shorter shifts that would make it lawful. Then staffing that no roster can meet.

Method: each hard rule family with something to enforce is relaxed alone into a penalty (the
others kept hard); those that restore a roster are named as the conflict, and the least violation
of each (e.g. the coverage shortfalls with every other rule kept) is listed. When no single rule
suffices, all hard rules are relaxed together (staffing shortfalls cost 1 a person, any other rule
10 a unit, so people's rules are kept where possible) and what has to give is listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from roster.instance import Instance, Setting
from roster.rules import HARD_BY_DEFAULT, RULES
from roster.rules.base import SOFT_ONLY, rule_setting
from roster.planner import Budget, SolverProfile
from roster.planner.cp_sat import solve_whole
from roster.planner.problem import Problem
from roster.capacity import Shortage, capacity_shortages, day_words as _day_words
from roster.wording import role_text, rule_list, rule_title

STAFFING = ("coverage", "duty")
STAFFING_WEIGHT, OTHER_WEIGHT = 1, 10


@dataclass
class Explanation:
    lines: list[str]
    shortages: list[Shortage] = field(default_factory=list)
    conflicting_rules: list[str] = field(default_factory=list)
    proven: bool = True          # False: a relaxed solve stopped on the time limit

    def __str__(self) -> str:
        return "\n".join(self.lines)


def _hard_rules(instance: Instance) -> list[str]:
    hard = [fn.__name__ for fn in HARD_BY_DEFAULT if rule_setting(instance, fn.__name__).hard]
    if "coverage" not in hard and any(c.under_hard for c in instance.covers):
        hard.insert(0, "coverage")
    return hard + [r for r in SOFT_ONLY if r in instance.settings and instance.settings[r].hard]


def relaxed(instance: Instance, rules: list[str], keep_soft: bool = False) -> Instance:
    """The instance with `rules` turned into penalties (and, unless keep_soft, no soft costs)."""
    settings = dict(instance.settings)
    for rule_id in RULES:
        current = rule_setting(instance, rule_id)
        if rule_id in rules:
            settings[rule_id] = Setting(False, STAFFING_WEIGHT if rule_id in STAFFING else OTHER_WEIGHT)
        elif not current.hard and not keep_soft:
            settings[rule_id] = Setting(False, 0)
    covers = instance.covers
    if "coverage" in rules or not keep_soft:
        covers = [replace(c, under_hard=False if "coverage" in rules else c.under_hard,
                          under_weight=(STAFFING_WEIGHT if c.under_hard else 0) if "coverage" in rules
                          else (c.under_weight if keep_soft else 0),
                          over_weight=c.over_weight if keep_soft else 0) for c in instance.covers]
    wishes = [w for w in instance.wishes
              if keep_soft or (w.rule_id or "shift_preferences") in rules]
    return replace(instance, settings=settings, covers=covers, wishes=wishes)


def _active(instance: Instance, rule_id: str) -> bool:
    """Whether the rule has anything to enforce here (relaxing it could change something)."""
    from roster.model import RosterModel
    m = RosterModel(relaxed(instance, [rule_id]), rules={rule_id: RULES[rule_id]})
    return any(p.rule_id == rule_id for p in m.penalties)


def explain_infeasible(instance: Instance, seconds: float = 20.0, profile: SolverProfile | None = None,
                       max_lines: int = 20, role_names: dict[str, str] | None = None,
                       baseline=None, freeze_before: int = 0) -> Explanation:
    """Explain why the hard rules cannot all hold (or say that they can). `role_names` (role id ->
    售前 …) only words the lines. A repair passes its `baseline` and `freeze_before`: the relaxed
    solves then keep the days before it as they are, so the explanation is about the repair. The
    relaxed solves share `seconds` (the planner's whole-model solves, roster.planner.cp_sat)."""
    profile = profile or SolverProfile()
    keep = dict(baseline=baseline, freeze_before=freeze_before) if baseline is not None else {}

    def solve(relaxed_instance: Instance, part: float):
        return solve_whole(Problem(relaxed_instance, profile, **keep),
                           Budget(part, deterministic=profile.deterministic))

    hours = hours_conflict(instance)
    if hours is not None:
        return hours
    capacity = capacity_shortages(instance, role_names)
    if capacity:
        lines = [f"{instance.name} 的硬约束无法同时满足：人手不够，无论怎么排都不行。"]
        lines += _capped([f"  {x.words}" for x in capacity], max_lines)
        return Explanation(lines, capacity, sorted({x.rule_id for x in capacity}), proven=True)
    hard = [r for r in _hard_rules(instance) if _active(instance, r)]
    piece = max(1.0, seconds / (len(hard) + 1))
    alone: dict[str, object] = {}
    proven = True
    for rule_id in hard:
        result = solve(relaxed(instance, [rule_id]), piece)
        if result.ok:
            alone[rule_id] = result
            proven &= result.status == "OPTIMAL"
        elif result.status == "UNKNOWN":
            proven = False
    lines = [f"{instance.name} 的硬约束无法同时满足。"]
    shortages: list[Shortage] = []
    if alone:
        lines.append(f"只要放宽下列任意一条规则，就能排出来：{rule_list(alone)}。")
        for rule_id, result in list(alone.items())[:3]:
            if result.objective == 0:
                return Explanation([f"{instance.name} 的所有硬约束可以同时满足。"], proven=True)
            found = _shortages(instance, result, [rule_id], role_names)
            shortages += found
            what = "排不满的班次" if rule_id in STAFFING else f"{rule_title(rule_id)}必须让步的地方"
            lines.append(f"其他规则都守住时，{what}：")
            lines += _capped([f"  {x.words}" for x in found], max_lines)
    else:
        result = solve(relaxed(instance, hard), max(piece, 2.0))
        if not result.ok:
            return Explanation([f"{instance.name} 的硬约束无法同时满足，而且放宽所有规则也排不出来："
                                "请检查固定的格子（假期、入职和离职日期、不能改动的日子）之间是否互相矛盾。"],
                               proven=result.status == "INFEASIBLE")
        if result.objective == 0:
            return Explanation([f"{instance.name} 的所有硬约束可以同时满足。"], proven=True)
        proven &= result.status == "OPTIMAL"
        shortages = _shortages(instance, result, hard, role_names)
        broken = [r for r in hard if any(x.rule_id == r for x in shortages)]
        lines.append(f"单独放宽哪一条规则都排不出来；这几条规则互相冲突：{rule_list(broken)}。至少要让步的地方：")
        lines += _capped([f"  {x.words}" for x in shortages], max_lines)
    if not proven:
        lines.append("（以上数字来自在时间上限内停下的搜索：实际缺口可能更小。）")
    return Explanation(lines, shortages, list(alone), proven)


def hours_conflict(instance: Instance) -> Explanation | None:
    """The hours rule, hard, against the rest days: people whose least overtime (roster.hours) is
    above their cap whatever the roster; None when there are none or the rule is soft."""
    from roster.hours import forced_words, over_cap

    forced = over_cap(instance)
    if not forced or not rule_setting(instance, "overtime_limit").hard:
        return None
    lines = [f"{instance.name} 的硬约束无法同时满足：按每月公休天数，下列人员无论怎么排，"
             f"加班都超过上限（{rule_title('overtime_limit')}）。"]
    lines += [f"  {line}" for line in forced_words(instance, forced)]
    lines.append("可在策略文件 [roster.rules.rest_days] 设 lawful_extra = true，自动给这些人补足公休。")
    shortages = [Shortage("overtime_limit", None, None, None, None, instance.people[x.person].id, None, None,
                          -(-x.over // 60), forced_words(instance, [x])[0]) for x in forced]
    return Explanation(lines, shortages, ["rest_days", "overtime_limit"], proven=True)


def _capped(lines: list[str], most: int) -> list[str]:
    return lines if len(lines) <= most else lines[:most] + [f"  …… 另有 {len(lines) - most} 条"]


def _shortages(instance: Instance, result, hard: list[str], role_names: dict[str, str] | None = None
               ) -> list[Shortage]:
    a = result.assignment
    out = []
    for c in instance.covers if "coverage" in hard else ():
        if not c.under_hard:
            continue
        n = sum(1 for p, person in enumerate(instance.people)
                if a.codes[p][c.day] == c.shift and (c.role is None or person.role == c.role))
        if n < c.minimum:
            role = f" {role_text(c.role, role_names)}" if c.role else ""
            words = (f"{rule_title('coverage')}：{_day_words(instance, c.day)}{c.shift}班{role}："
                     f"需要 {c.minimum} 人，最多只能排 {n} 人，缺 {c.minimum - n} 人")
            out.append(Shortage("coverage", c.day, instance.days[c.day].date, c.shift, c.role, None, c.minimum, n,
                                c.minimum - n, words))
    if instance.duty_per_day and "duty" in hard:
        for d in range(instance.n_days):
            n = len(a.duty[d])
            need = instance.duty_on(d)
            if n < need:
                out.append(Shortage("duty", d, instance.days[d].date, instance.duty_shift, None, None,
                                    need, n, need - n,
                                    f"{rule_title('duty')}：{_day_words(instance, d)}需要 {need} 名值班人"
                                    f"（可值班、上{instance.duty_shift}班），最多只能排 {n} 名，缺 {need - n} 名"))
    for line in result.penalties:
        if line.rule_id in STAFFING or line.rule_id not in hard:
            continue
        d = line.day
        out.append(Shortage(line.rule_id, d, instance.days[d].date if d is not None else None, None, None,
                            line.person, None, None, line.units,
                            f"{rule_title(line.rule_id)}：{line.words}"))
    return out
