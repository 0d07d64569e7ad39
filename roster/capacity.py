"""Shortfalls of staff that hold whatever the roster: proven by counting, before any search.

Per day and role, the shifts' hard minimum headcounts against the people of that role employed and
not on leave; per role over the month, the person-days those minimums ask against the most days its
people can work (their free days less their rest days and, under a hard hours rule, no more days
than the month's overtime cap allows on the shortest shift: roster.hours); per day, the on-duty
people against the duty-eligible available. roster.planner.plan answers INFEASIBLE at once when one
holds; roster.explain words it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roster.hours import most_hours_days
from roster.instance import NA, Instance
from roster.wording import day_text, role_text, rule_title


@dataclass(frozen=True)
class Shortage:
    rule_id: str                 # coverage / duty / another hard rule
    day: int | None
    date: date | None
    shift: str | None
    role: str | None
    person: str | None
    needed: int | None           # coverage/duty: people needed; else None
    possible: int | None         # at most this many can be staffed with the other rules kept
    short: int                   # people (coverage, duty) or units of the rule
    words: str


def day_words(instance: Instance, d: int) -> str:
    day = instance.days[d]
    return day_text(day.date, day.day_type, d)


def can_work(instance: Instance, p: int, d: int) -> bool:
    """Whether person p can work day d at all: employed (no NA) and, under a hard leave rule, not on leave."""
    code = instance.fixed.get((p, d))
    return code is None or code != NA and not instance.setting("leave").hard


def most_days(instance: Instance, p: int) -> tuple[int, bool]:
    """The most days person p can work this month, and whether the hours rule is what limits them:
    their available days less their rest days (a hard rest-day rule), and under a hard hours rule at
    most the days whose hours on the shortest shift stay within their overtime cap."""
    free = sum(1 for d in range(instance.n_days) if can_work(instance, p, d))
    rest = instance.people[p].rest_days or 0 if instance.setting("rest_days").hard else 0
    days = max(0, free - rest)
    lawful = most_hours_days(instance, p) if instance.setting("overtime_limit").hard else None
    if lawful is not None and lawful < days:
        return lawful, True
    return days, False


def capacity_shortages(instance: Instance, role_names: dict[str, str] | None = None) -> list[Shortage]:
    """Shortfalls that hold whatever the roster: per day and role, the shifts' minimum headcounts
    against the people of that role not on leave or out of employment; per role over the month,
    required person-days against the days people can work (most_days); per day, the on-duty count
    against the duty-eligible people available. Only hard rules count: a soft leave rule lets people
    work on leave, soft rest days let them work more days, a soft duty rule may leave a day without."""
    out: list[Shortage] = []
    free = [[can_work(instance, p, d) for d in range(instance.n_days)] for p in range(len(instance.people))]
    by_role: dict[str | None, list[int]] = {}
    for p, person in enumerate(instance.people):
        by_role.setdefault(person.role, []).append(p)
    needs: dict[tuple[int, str | None], dict[str, int]] = {}
    for c in instance.covers:
        if c.under_hard and c.minimum > 0:
            needs.setdefault((c.day, c.role), {}).setdefault(c.shift, 0)
            needs[c.day, c.role][c.shift] += c.minimum
    for (d, role), shifts in sorted(needs.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        people = by_role.get(role, []) if role is not None else range(len(instance.people))
        available = sum(1 for p in people if free[p][d])
        needed = sum(shifts.values())
        if needed > available:
            detail = "、".join(f"{s}班 {n}" for s, n in shifts.items())
            detail = f"{role_text(role, role_names)}：{detail}" if role is not None else detail
            shift = next(iter(shifts)) if len(shifts) == 1 else None
            out.append(Shortage("coverage", d, instance.days[d].date, shift, role, None, needed, available,
                                needed - available,
                                f"{rule_title('coverage')}：{day_words(instance, d)}需要 {needed} 人（{detail}），"
                                f"在职且未请假的只有 {available} 人，缺 {needed - available} 人"))
    if not out:
        most = [most_days(instance, p) for p in range(len(instance.people))]
        for role, people in by_role.items():
            needed = sum(sum(v.values()) for (d, r), v in needs.items() if r == role)
            can = sum(most[p][0] for p in people)
            if needed > can:
                name = role_text(role, role_names) if role is not None else "全体"
                hours = "、守住每月加班上限" if any(most[p][1] for p in people) else ""
                out.append(Shortage("coverage", None, None, None, role, None, needed, can, needed - can,
                                    f"{rule_title('coverage')}：{instance.name} 整月的 {name} 班次共需 {needed} 人次，"
                                    f"{name} 人员扣除请假和公休{hours}后最多只能上 {can} 人次，缺 {needed - can} 人次；"
                                    f"给{name}加人，或调低策略 [roster.rules.coverage.minimum] 里{name}的人数"))
    if instance.duty_per_day and instance.setting("duty").hard:
        for d in range(instance.n_days):
            n = sum(1 for p, person in enumerate(instance.people) if person.duty_eligible and free[p][d])
            if n < instance.duty_on(d):
                out.append(Shortage("duty", d, instance.days[d].date, instance.duty_shift, None, None,
                                    instance.duty_on(d), n, instance.duty_on(d) - n,
                                    f"{rule_title('duty')}：{day_words(instance, d)}需要 {instance.duty_on(d)} 名值班人，"
                                    f"可值班且在职、未请假的只有 {n} 人，缺 {instance.duty_on(d) - n} 人"))
    return out
