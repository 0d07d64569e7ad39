"""What no roster can avoid for a person (their baseline), and the soft costs a supervisor can act on.

A person's own rules (roster.model.PERSON_RULES: rest days, runs of work and rest, shift limits,
hours, their requests and preferences, …) can cost something whatever the roster. December, 31 days
with exactly 4 rest days and at most 7 working days in a row, leaves room for one pair of rest days:
the other two are isolated, two breaks of min_consecutive_off for everyone. The least cost of those
rules for the person alone — a one-person model of the same rule functions, with their fixed days,
wishes and history but nobody else and no coverage or duty — is their baseline: no roster gives them
less, so it is shown once, in words, and counted as 0; only what lies above it is listed.

    floors = unavoidable(instance)            # per person: the least their own rules can cost
    view = actionable(report, floors)         # the baseline in words; what could be better
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from roster.instance import Assignment, Instance
from roster.model import PERSON_RULES, RosterModel
from roster.penalties import Breach
from roster.rules import RULES
from roster.wording import day_text, rule_list, rule_title, who_text


@dataclass(frozen=True)
class Floor:
    """The least cost of one person's own rules in any roster, and what it is made of by rule
    (empty when the one-person model was not solved to the end: `least` is then its proven bound)."""

    person: str
    name: str
    least: int
    by_rule: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Unavoidable:
    floors: dict[str, Floor]          # by employee id
    limits: str                       # the common person's month, e.g. 31 天公休 4 天、最多连续上班 7 天

    @property
    def total(self) -> int:
        return sum(f.least for f in self.floors.values())


def unavoidable(instance: Instance, kept: Assignment | None = None, freeze_before: int = 0,
                seconds: float = 2.0, seed: int = 0) -> Unavoidable:
    """Each person's floor: the least cost of PERSON_RULES over their month alone. A repair passes
    the roster it keeps (`kept`) and the first day it may change: the days before stay as they are.
    `seconds`: the most one person's model may take (a deterministic limit, so the same inputs give
    the same floors); people alike (limits, history, fixed days, wishes, kept days) share one."""
    rules = {r: RULES[r] for r in PERSON_RULES}
    known: dict[str, tuple[int, dict[str, int]]] = {}
    floors = {}
    for p, person in enumerate(instance.people):
        fixed = {(0, d): c for (pp, d), c in instance.fixed.items() if pp == p}
        wishes = [replace(w, person=0) for w in instance.wishes if w.person == p]
        pinned = {(0, d): kept.codes[p][d] for d in range(min(freeze_before, instance.n_days))} if kept else {}
        # role, duty and fair group are nothing to a person's own rules: people alike share a model
        alike = replace(person, id="", name="", role="", duty_eligible=False, fair_group=None)
        key = repr((alike, sorted(fixed.items()), wishes, sorted(pinned.items())))
        if key not in known:
            alone = replace(instance, people=[person], covers=[], duty_per_day=0, fixed=fixed, wishes=wishes)
            known[key] = _least(RosterModel(alone, pinned=pinned, rules=rules), seconds, seed)
        least, by_rule = known[key]
        floors[person.id] = Floor(person.id, person.name, least, by_rule)
    limits = _limits(instance)
    if kept is not None and 0 < freeze_before < instance.n_days:
        limits += f"，{day_text(instance.days[freeze_before].date, index=freeze_before)}之前保持不变"
    return Unavoidable(floors, limits)


def _least(m: RosterModel, seconds: float, seed: int) -> tuple[int, dict[str, int]]:
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.max_time_in_seconds = 10 * seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.Solve(m.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, {}                   # impossible alone: the roster's own solve says why
    least = max(0, int(-(-solver.BestObjectiveBound() // 1)))
    if status != cp_model.OPTIMAL:
        return least, {}
    by_rule: dict[str, int] = defaultdict(int)
    for pen in m.penalties:
        units = int(pen.expr) if isinstance(pen.expr, (int, bool)) else solver.Value(pen.expr)
        if units and pen.weight:
            by_rule[pen.rule_id] += units * pen.weight
    return least, dict(by_rule)


def _limits(instance: Instance) -> str:
    """The month of the most common person, in the words of their limits."""
    people = [p for p in instance.people if p.rest_days is not None or p.max_consecutive_work]
    if not people:
        return f"{instance.n_days} 天"
    rest, longest, pair = Counter((p.rest_days, p.max_consecutive_work, p.min_consecutive_off)
                                  for p in people).most_common(1)[0][0]
    parts = [f"{instance.n_days} 天" + (f"公休 {rest} 天" if rest is not None else "")]
    if longest:
        parts.append(f"最多连续上班 {longest} 天")
    if pair and pair > 1:
        parts.append(f"至少连休 {pair} 天")
    return "、".join(parts)


@dataclass(frozen=True)
class Above:
    """One person whose own rules cost more than their floor: by how much, and those costs."""

    person: str
    name: str
    total: int
    least: int
    lines: list[Breach]

    @property
    def excess(self) -> int:
        return self.total - self.least


@dataclass(frozen=True)
class SoftView:
    """The soft costs as a supervisor reads them: the unavoidable once, then what could be better."""

    total: int                  # every soft cost (the validator's total)
    unavoidable: int            # the floors, as far as the roster reaches them
    people: list[Above]         # people above their floor, most first
    others: list[Breach]        # every other soft cost: coverage, fairness, duty, …
    floor_words: str | None     # 每人至少 N 分是任何排班都免不了的：…  (None: nothing is unavoidable)

    @property
    def actionable(self) -> int:
        return self.total - self.unavoidable


def actionable(penalties: list[Breach], floors: Unavoidable) -> SoftView:
    """Split the roster's soft costs (the validator's penalties) into each person's floor, the
    people above it, and every other cost."""
    own: dict[str, list[Breach]] = defaultdict(list)
    others = []
    for b in penalties:
        if b.rule_id in PERSON_RULES and b.person in floors.floors:
            own[b.person].append(b)
        else:
            others.append(b)
    reached, people = 0, []
    for pid, floor in floors.floors.items():
        total = sum(b.amount for b in own[pid])
        reached += min(total, floor.least)             # a roster that breaks hard rules can go below
        if total > floor.least:
            people.append(Above(pid, floor.name, total, floor.least, own[pid]))
    people.sort(key=lambda a: -a.excess)
    return SoftView(sum(b.amount for b in penalties), reached, people, others, floor_words(floors))


def floor_words(floors: Unavoidable) -> str | None:
    """每人至少 6 分是任何排班都免不了的：只排一个人的整月（31 天公休 4 天、…），最少连续休息（…）也要扣这些分；
    30 人共 180 分，算作 0. None when nobody has a floor."""
    if not any(f.least for f in floors.floors.values()):
        return None
    amounts = Counter(f.least for f in floors.floors.values())
    lo, hi = min(amounts), max(amounts)
    each = (f"每人至少 {lo} 分" if lo == hi else f"每人 {lo}–{hi} 分（" + "，".join(
        f"{n} 人 {amount} 分" for amount, n in amounts.most_common()) + "）")
    rules: Counter = Counter()
    for f in floors.floors.values():
        rules.update(f.by_rule)
    what = f"{rule_list([r for r, _ in rules.most_common()])}也要扣这些分" if rules else "也要扣这些分"
    return (f"{each}是任何排班都免不了的：只排一个人的整月（{floors.limits}），{what}；"
            f"{len(floors.floors)} 人共 {floors.total} 分，算作 0")


def summary_lines(view: SoftView, most: int = 8) -> list[str]:
    """The soft costs for the screen: the total, the baseline once, then what could be better
    (people above their floor, at most `most` named, and the other costs by rule)."""
    if not view.total:
        return ["软约束扣分 0"]
    head = f"软约束扣分 {view.total}"
    if view.unavoidable:
        head += f"，其中 {view.unavoidable} 分任何排班都免不了"
    lines = [head + (f"；可以更好的 {view.actionable} 分：" if view.actionable else "；没有可以更好的")]
    if view.floor_words:
        lines.append(f"  {view.floor_words}。")
    if view.people:
        named = "，".join(f"{who_text(a.person, a.name)} {a.excess} 分" for a in view.people[:most])
        more = f" 等 {len(view.people)} 人" if len(view.people) > most else ""
        what = "比各自免不了的多扣" if view.floor_words else "各人自己的规则扣"
        lines.append(f"  {what} {sum(a.excess for a in view.people)} 分：{named}{more}")
    if view.others:
        by_rule: dict[str, int] = defaultdict(int)
        for b in view.others:
            by_rule[b.rule_id] += b.amount
        lines.append("  " + "，".join(f"{rule_title(r)}{amount} 分"
                                      for r, amount in sorted(by_rule.items(), key=lambda x: -x[1])))
    return lines
