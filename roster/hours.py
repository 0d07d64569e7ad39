"""Planned hours against the working-time standard: a person's month of shifts in hours and
overtime, the least overtime the rest-day rule forces on someone before any roster is made, and the
extra rest days that would make that month lawful (rest_days.lawful_extra).

Every figure is kefu.working_time.month_hours's, the definition payroll pays by: the hours rule
(roster.rules.hours, roster.validate_hours) and this module cannot disagree with the pay.

The least overtime: a person employed E days of the month, with R regular rest days to take, L days
of leave and H statutory holidays they may rest (HOL), must work E − R − L − H days; on the
shortest shift that is the least paid time the hard rules allow, counted against their standard.
When it is above their cap no roster can keep the hours rule: `roster solve` says so up front
(who, how many hours, what would make it lawful), and with rest_days.lawful_extra the fewest extra
rest days that bring it within the cap are added to their rest days.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from roster.instance import Instance
from roster.validate_hours import person_month
from kefu.working_time import MonthHours, month_hours
from roster.wording import hours_text, who_text


@dataclass(frozen=True)
class ForcedOvertime:
    """One person's least overtime under the rest-day rule, in minutes, and what would end it."""

    person: int
    working_days: int          # legal working days of their employed days (the standard's)
    standard: int              # minutes
    rest_days: int             # regular rest days asked of them (before any lawful extra)
    leave_days: int
    must_work: int             # days they must work
    shift_minutes: int         # the shortest shift's paid minutes
    overtime: int              # minutes, by month_hours
    cap: int                   # minutes
    extra_rest: int | None     # fewest extra rest days for a lawful month (None: none suffice)
    shortest_lawful_shift: int | None    # paid minutes a shift may have for a lawful month (None: none)

    @property
    def planned(self) -> int:
        return self.must_work * self.shift_minutes

    @property
    def over(self) -> int:
        return self.overtime - self.cap


def _overtime_of(instance: Instance, p: int):
    """Person p's month under the hours rule: (overtime(days, minutes) in minutes for `days` days of
    `minutes` paid time, their fixed days by day, attended leave days, shortest shift), or None when
    the rule is off for them or the month has no shifts."""
    person, wt = instance.people[p], instance.working_time
    if wt is None or person.month_standard is None or person.overtime_cap is None or not instance.shifts:
        return None
    fixed = {d: c for (pp, d), c in instance.fixed.items() if pp == p}
    leave = sum(1 for d, c in fixed.items() if instance.attended_leave(c, d))
    shortest = min(s.minutes for s in instance.shifts)

    def overtime(days: int, minutes: int = shortest) -> int:
        return month_hours(wt, person.month_standard, [(minutes, False)] * days, leave).overtime
    return overtime, fixed, leave, shortest


def least_overtime(instance: Instance, p: int) -> ForcedOvertime | None:
    """The least overtime the rest-day rule forces on person p (None when the hours rule is off for
    them or the month has no shifts)."""
    month = _overtime_of(instance, p)
    if month is None:
        return None
    overtime, fixed, leave, shortest = month
    person = instance.people[p]
    free = sum(1 for d, day in enumerate(instance.days) if d not in fixed and not day.statutory)
    rest = person.rest_days or 0
    must = max(0, free - rest)
    cap = person.overtime_cap
    extra = next((k for k in range(must + 1) if overtime(must - k) <= cap), None)
    lawful_shift = None
    if must:
        lawful_shift = next((m for m in range(shortest - 1, 0, -1) if overtime(must, m) <= cap), None)
    return ForcedOvertime(p, person.month_standard.working_days, person.month_standard.minutes, rest, leave, must, shortest,
                          overtime(must), cap, extra, lawful_shift)


def most_hours_days(instance: Instance, p: int) -> int | None:
    """The most days person p can work on the shortest shift with their month's overtime within their
    cap, by month_hours (None when the hours rule is off for them or the month has no shifts)."""
    month = _overtime_of(instance, p)
    if month is None:
        return None
    overtime, fixed, _, _ = month
    free = instance.n_days - len(fixed)
    return max((n for n in range(free + 1) if overtime(n) <= instance.people[p].overtime_cap), default=0)


def over_cap(instance: Instance) -> list[ForcedOvertime]:
    """Everyone whose least overtime is above their cap (as the shop's rest-day rule alone has it)."""
    found = [least_overtime(instance, p) for p in range(len(instance.people))]
    return [x for x in found if x is not None and x.overtime > x.cap]


def with_lawful_rest(instance: Instance) -> Instance:
    """The instance with each person over the cap given the fewest extra rest days that make their
    month lawful (Person.extra_rest_days records how many; rest_days includes them), and everyone
    under the hours rule allowed one more rest day per statutory holiday they work (its hours would
    otherwise push a month at the cap over it: January 2027 on 6 rest days, 32 h, and 8 h on 元旦)."""
    people = [replace(person, holiday_rest_days=person.overtime_cap is not None) for person in instance.people]
    for x in over_cap(instance):
        if x.extra_rest:
            person = people[x.person]
            people[x.person] = replace(person, rest_days=x.rest_days + x.extra_rest, extra_rest_days=x.extra_rest)
    return replace(instance, people=people)


def _shift_text(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} 小时" if not m else f"{h} 小时 {m} 分"


def _situation(instance: Instance, x: ForcedOvertime) -> str:
    month = instance.month_standard.month if instance.month_standard else None
    when = f"{month} 月" if month else ""
    leave = f"，请假 {x.leave_days} 天按出勤计" if x.leave_days else ""
    return (f"{when}工作日 {x.working_days} 天（{hours_text(x.standard)} 小时）；{x.rest_days} 天公休要上班 "
            f"{x.must_work} 天 = {hours_text(x.planned)} 小时{leave}，加班 {hours_text(x.overtime)} 小时，"
            f"超过上限 {hours_text(x.cap)} 小时")


def _remedy(x: ForcedOvertime) -> str:
    ways = []
    if x.extra_rest is not None:
        ways.append(f"再休 {x.extra_rest} 天（共 {x.rest_days + x.extra_rest} 天公休）")
    if x.shortest_lawful_shift is not None:
        ways.append(f"把班次缩短到每班不超过 {_shift_text(x.shortest_lawful_shift)}")
    return "或".join(ways) + "可合法" if ways else "再多休息也无法合法，请减少请假以外的出勤或调整工时制度"


def _key(x: ForcedOvertime) -> tuple:
    return (x.working_days, x.standard, x.rest_days, x.leave_days, x.must_work, x.shift_minutes, x.overtime, x.cap,
            x.extra_rest, x.shortest_lawful_shift)


def _groups(items: list[ForcedOvertime]) -> list[list[ForcedOvertime]]:
    """People with the same figures together, in team order."""
    groups: dict[tuple, list[ForcedOvertime]] = {}
    for x in sorted(items, key=lambda x: x.person):
        groups.setdefault(_key(x), []).append(x)
    return list(groups.values())


def _who(instance: Instance, group: list[ForcedOvertime], most: int = 6) -> str:
    names = [who_text(instance.people[x.person].id, instance.people[x.person].name) for x in group]
    shown = "、".join(names[:most]) + (f" 等 {len(names)} 人" if len(names) > most else "")
    return f"{len(group)} 人（{shown}）" if len(group) > 1 else shown


def forced_words(instance: Instance, items: list[ForcedOvertime]) -> list[str]:
    """One line per group of people alike: who, the month's figures, and what would make it lawful."""
    return [f"{_who(instance, g)}：{_situation(instance, g[0])}：{_remedy(g[0])}" for g in _groups(items)]


def lawful_rest_words(instance: Instance) -> list[str]:
    """One line per group of people given extra rest days by rest_days.lawful_extra (none: [])."""
    raised = {p for p, person in enumerate(instance.people) if person.extra_rest_days}
    if not raised:
        return []
    plain = replace(instance, people=[replace(person, rest_days=(person.rest_days or 0) - person.extra_rest_days,
                                              extra_rest_days=0) for person in instance.people])
    items = [x for x in over_cap(plain) if x.person in raised]
    lines = [f"{_who(instance, g)}：{_situation(instance, g[0])}：已按 rest_days.lawful_extra 每人再休 "
             f"{g[0].extra_rest} 天（共 {g[0].rest_days + g[0].extra_rest} 天公休）" for g in _groups(items)]
    if any(day.statutory for day in instance.days):
        lines.append("法定节假日上班的人，每上一天节假日可多休一天公休，免得节假日的加班超过上限")
    return lines


@dataclass(frozen=True)
class PlannedHours:
    """A person's month in a roster, by month_hours: minutes planned, the standard, overtime, cap."""

    person: int
    hours: MonthHours
    cap: int                   # the hours rule's cap, or the legal cap when the rule is off

    @property
    def over(self) -> int:
        return max(0, self.hours.overtime - self.cap)


def planned_hours(instance: Instance, assignment) -> list[PlannedHours]:
    """Everyone's planned month in the roster (nobody's when the instance plans no hours)."""
    out = []
    for p, person in enumerate(instance.people):
        h = person_month(instance, p, assignment.codes[p])
        if h is not None:
            cap = person.overtime_cap
            if cap is None:
                cap = int(person.month_standard.overtime_limit_hours * 60)
            out.append(PlannedHours(p, h, cap))
    return out


def hours_summary(instance: Instance, assignment) -> list[str]:
    """The roster's hours in a few lines: the standard and cap, team totals, the highest person,
    anyone over the cap."""
    planned = planned_hours(instance, assignment)
    if not planned or instance.month_standard is None:
        return []
    std = instance.month_standard
    top = max(planned, key=lambda x: (x.hours.overtime, x.hours.worked))
    person = instance.people[top.person]
    lines = [f"工时：{instance.working_time.name}，本月标准 {std.working_days} 天 {hours_text(std.minutes)} 小时，"
             f"加班上限 {hours_text(int(std.overtime_limit_hours * 60))} 小时（在职不满月的按比例）",
             f"计划工时：全队 {hours_text(sum(x.hours.worked for x in planned))} 小时，加班合计 "
             f"{hours_text(sum(x.hours.overtime for x in planned))} 小时；加班最多的 "
             f"{who_text(person.id, person.name)}：计划 {hours_text(top.hours.worked)} 小时，加班 "
             f"{hours_text(top.hours.overtime)} 小时（上限 {hours_text(top.cap)} 小时）"]
    over = [x for x in planned if x.over]
    if over:
        names = [f"{who_text(instance.people[x.person].id, instance.people[x.person].name)} 超 {hours_text(x.over)} 小时"
                 for x in sorted(over, key=lambda x: -x.over)]
        shown = "、".join(names[:8]) + ("……（见统计表）" if len(names) > 8 else "")
        lines.append(f"加班超过上限 {len(over)} 人：{shown}")
    else:
        lines.append("每人的计划加班都在上限以内")
    return lines
