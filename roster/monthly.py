"""Build the Instance of one calendar month from the policy and the team workbook.

Everything the model needs is decided here, so the rules only iterate data: the days (statutory
holidays, day types, weekends), the shifts' paid minutes, who is employed on which day (NA outside
employment), prorated rest days, approved leave (fixed codes), wishes, coverage per day type, duty,
per-person limits, fairness (everyone employed the whole month is compared: TEAM; earlier months'
carry, roster.history; the weekend-rest minimum, prorated, and its higher weight for whoever had
no weekend rest in the previous month), the previous month's codes and duty days and every rule's
hard/weight; the
successions whose rest is shorter than the policy's minimum; each person's standard hours and
overtime cap under the working-time regime (kefu.working_time, for their employed days), and,
with rest_days.lawful_extra, the extra rest days that keep the hours rule lawful (roster.hours).
Approved leave is any request whose kind is one of the policy's leave types (team.leave); a type with
counts_as_rest_day takes one of the month's regular rest days for each day of it.

Decisions: edge blocks at the end of the month are exempt from the minimum-block rules (the next
month continues them); at the start, a person with a previous month's roster continues it (blocks,
runs of work and successions cross the boundary), one without counts days before the 1st as off and
their first block is exempt. Rest days are prorated by employed days (half-up), for a part month
never fewer than the max-consecutive rule needs whatever run the previous month ends with
(rest_for_longest_run), and never more than the days that can hold one (employed, not on leave, not
a statutory holiday). A wish on a day that
is fixed (leave, not employed) is dropped: the fixed code wins. Fairness leaves out people employed
for part of the month (their counts are not comparable; they still get a prorated weekend-rest
minimum, half-up, never more than their employed weekend days).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from kefu.calendar import build_days, working_days
from roster.hours import with_lawful_rest
from kefu.errors import InputError
from roster.instance import (
    HOL, NA, OFF, TEAM, Carried, Cover, Instance, InstanceDay, Person, Setting, ShiftType, Wish,
)
from kefu.leave_types import LeaveTypes
from roster.policy import Policy, RosterRules
from kefu.team import REQUEST_SHEETS, Team
from kefu.working_time import month_standard

# A supervisor's wishes as the engine's Wish: a requested day off costs if any shift is worked; an
# avoided shift costs if worked; a preferred shift costs when another shift is worked (a rest day
# does not break a preference), so it becomes an "off" wish for each other shift.
WISH_KINDS = {"DAY_OFF": "day_off_requests", "PREFER": "shift_preferences", "AVOID": "shift_preferences"}


def _half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rule_settings(rules: RosterRules) -> dict[str, Setting]:
    """rule_id -> Setting(hard, weight) for every rule of the policy's catalogue."""
    return {rule_id: Setting(hard=getattr(rules, rule_id).hard, weight=getattr(rules, rule_id).weight)
            for rule_id in RosterRules.model_fields}


def build_month_instance(policy: Policy, team: Team, year: int, month: int,
                         previous: dict[str, list[str]] | None = None,
                         previous_duty: dict[str, list[bool]] | None = None,
                         carried: dict[str, Carried] | None = None) -> Instance:
    """The month's Instance. `previous` maps employee_id -> the previous month's codes in day order,
    `previous_duty` -> that month's on-duty days (same order), `carried` -> the earlier months'
    fairness carry (roster.history)."""
    rp, rules = policy.roster, policy.roster.rules
    cal = rp.calendar
    month_days = build_days(year, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove),
                            tuple(cal.promotion_days))
    days, weekend_keys = [], {}
    for i, day in enumerate(month_days):
        wd = day.date.weekday()
        index = None
        if wd >= 5:
            saturday = day.date - timedelta(days=wd - 5)
            index = weekend_keys.setdefault(saturday, len(weekend_keys))
        days.append(InstanceDay(i, wd, day.date, day.statutory, day.day_type, index))
    shifts = [ShiftType(sid, s.paid_minutes, s.start_min, s.end_min, s.only_with_demand)
              for sid, s in rp.shifts.items()]
    shift_ids = [s.id for s in shifts]

    employees = [e for e in team.employees if any(e.employed_on(day.date) for day in month_days)]
    index = {e.employee_id: p for p, e in enumerate(employees)}
    fixed: dict[tuple[int, int], str] = {}
    for p, e in enumerate(employees):
        for d, day in enumerate(month_days):
            if not e.employed_on(day.date):
                fixed[p, d] = NA
    by_date = {day.date: d for d, day in enumerate(month_days)}

    wishes: list[Wish] = []
    for r in team.requests:
        p = index.get(r.employee_id)
        in_month = [by_date[x] for x in r.dates() if x in by_date]
        if p is None or not in_month:
            continue
        for d in in_month:
            if r.kind in team.leave:
                if fixed.get((p, d)) == NA:
                    raise InputError(f"{r.employee_id} has {r.kind} leave on {days[d].date} but is not employed "
                                     "that day", file=team.path, sheet=REQUEST_SHEETS[0], row=r.row)
                if fixed.get((p, d)) not in (None, r.kind):
                    raise InputError(f"{r.employee_id} has two kinds of leave on {days[d].date} "
                                     f"({fixed[p, d]} and {r.kind})", file=team.path, sheet=REQUEST_SHEETS[0],
                                     row=r.row)
                fixed[p, d] = r.kind
    for r in team.requests:
        p = index.get(r.employee_id)
        if p is None or r.kind not in WISH_KINDS:
            continue
        rule_id = WISH_KINDS[r.kind]
        default = {"DAY_OFF": rules.day_off_requests.weight, "PREFER": rules.shift_preferences.weight,
                   "AVOID": rules.shift_preferences.weight_avoid}[r.kind]
        weight = default if r.weight is None else r.weight
        costly = {"DAY_OFF": [None], "AVOID": [r.shift],
                  "PREFER": [s for s in shift_ids if s != r.shift]}[r.kind]
        for x in r.dates():
            d = by_date.get(x)
            if d is not None and (p, d) not in fixed:
                wishes += [Wish(p, d, shift, "off", weight, rule_id) for shift in costly]

    people = [_person(policy, e, p, month_days, fixed, previous, shift_ids, team.leave)
              for p, e in enumerate(employees)]
    people = [_fairness(rules, person, e, month_days, fixed, p, previous_duty, carried)
              for p, (person, e) in enumerate(zip(people, employees))]
    min_rest = int(rules.succession.min_rest_hours * 60)
    instance = Instance(
        name=f"{year}-{month:02d}", days=days, shifts=shifts, people=people, fixed=fixed,
        covers=_covers(rules, days),
        forbidden_successions={tuple(x) for x in rules.succession.forbidden} | short_rest_pairs(shifts, min_rest),
        wishes=wishes, duty_per_day=rules.duty.per_day, duty_shift=rules.duty.shift,
        duty_most_in_a_row=rules.duty_in_a_row.days,
        fair_shift=rules.fair_late_shifts.shift, settings=rule_settings(rules), edge_exempt=True,
        working_time=policy.working_time, month_standard=_standard(policy, year, month),
        min_rest_minutes=min_rest, leave=team.leave, working_days=_working_days(policy, days))
    if rules.rest_days.lawful_extra and rules.overtime_limit.enabled:
        instance = with_lawful_rest(instance)
    return instance


def short_rest_pairs(shifts: list[ShiftType], min_rest_minutes: int) -> set[tuple[str, str]]:
    """(a, b) for every shift a today and b tomorrow with less than `min_rest_minutes` between a's end
    and b's start (a shift ending at or before its start ends the next day)."""
    if min_rest_minutes <= 0:
        return set()
    return {(a.id, b.id) for a in shifts for b in shifts if 24 * 60 + b.start_min - a.end_min < min_rest_minutes}


def _working_days(policy: Policy, days: list[InstanceDay]) -> frozenset[int]:
    cal = policy.roster.calendar
    first = days[0].date
    legal = set(working_days(first.year, first.month, cal.country, tuple(cal.statutory_add),
                             tuple(cal.statutory_remove)))
    return frozenset(d.index for d in days if d.date in legal)


def _standard(policy: Policy, year: int, month: int, employed=None):
    cal = policy.roster.calendar
    return month_standard(policy.working_time, year, month, country=cal.country, add=tuple(cal.statutory_add),
                          remove=tuple(cal.statutory_remove), employed=employed)


def _person(policy: Policy, e, p: int, month_days, fixed, previous, shift_ids, leave: LeaveTypes) -> Person:
    rules = policy.roster.rules
    n = len(month_days)
    employed = sum(1 for day in month_days if e.employed_on(day.date))
    share = Decimal(employed) / Decimal(n)
    rest = rules.rest_days.days_per_month
    if rules.rest_days.prorate:
        rest = _half_up(rest * share)
    # leave that stands in for a regular rest day (counts_as_rest_day) takes one of the month's rest days
    rest = max(0, rest - sum(1 for d in range(n) if fixed.get((p, d)) in leave
                             and leave[fixed[p, d]].counts_as_rest_day))
    prorated_rest = rest
    if rules.rest_days.prorate and employed < n and rules.max_consecutive_work.hard:
        rest = max(rest, rest_for_longest_run(p, month_days, fixed, rules.max_consecutive_work.days))
    can_rest = sum(1 for d, day in enumerate(month_days) if (p, d) not in fixed and not day.statutory)
    rest = min(rest, can_rest)
    minutes = rules.working_minutes

    def prorated(x):
        return None if x is None or not minutes.enabled else _half_up(x * share)

    employed_days = [day.date for day in month_days if e.employed_on(day.date)]
    standard = _standard(policy, month_days[0].date.year, month_days[0].date.month,
                         (employed_days[0], employed_days[-1]))
    history = ()
    if previous and e.employee_id in previous:
        history = tuple(_history_code(c, e.employee_id, shift_ids, leave) for c in previous[e.employee_id])
    return Person(
        id=e.employee_id, name=e.name, role=e.role, duty_eligible=e.duty_eligible,
        rest_days=rest, run_rest_days=max(0, rest - prorated_rest),
        max_per_shift=dict(rules.shift_limits.max_per_shift) if rules.shift_limits.enabled else {},
        min_minutes=prorated(minutes.minimum), max_minutes=prorated(minutes.maximum),
        max_consecutive_work=rules.max_consecutive_work.days,
        min_consecutive_work=rules.min_consecutive_work.days if rules.min_consecutive_work.enabled else None,
        min_consecutive_off=rules.min_consecutive_off.days if rules.min_consecutive_off.enabled else None,
        max_weekends=rules.max_weekends.weekends if rules.max_weekends.enabled else None,
        history=history, fair_group=TEAM if employed == n else None, month_standard=standard,
        overtime_cap=int(standard.overtime_limit_hours * 60) if rules.overtime_limit.enabled else None)


def rest_day_words(instance: Instance) -> list[str]:
    """One line per person whose part month got more rest days than prorating gives, so that no run
    of work is longer than the max-consecutive rule allows (rest_for_longest_run); none: []."""
    out = []
    for p, person in enumerate(instance.people):
        if person.run_rest_days:
            employed = sum(1 for d in range(instance.n_days) if instance.fixed.get((p, d)) != NA)
            out.append(f"{person.id} {person.name}：本月在职 {employed} 天，公休按在职天数折算为 "
                       f"{person.rest_days - person.extra_rest_days - person.run_rest_days} 天；为不连续上班超过 "
                       f"{person.max_consecutive_work} 天，排 {person.rest_days - person.extra_rest_days} 天公休")
    return out


def rest_for_longest_run(p: int, month_days, fixed, most_in_a_row: int) -> int:
    """The fewest regular rest days that keep person p within `most_in_a_row` working days in a row
    in the month, whatever run of work the previous month ends with (at most `most_in_a_row` days,
    when p is employed on the 1st; none for someone hired later).

    Prorating the month's rest days to a part month can leave fewer than that: a leaver employed
    1-18 December gets 4 × 18/31 = 2.32 → 2, but after 6 working days at the end of November,
    December's 16 working days need 3 breaks to stay within 7 in a row. The count here does not
    depend on the previous month, so `roster check` with or without `--previous` agrees with the plan.
    Approved leave, days not employed and statutory holidays (rest there is HOL) break a run without
    taking a rest day; a rest day goes as late as the limit allows, which needs the fewest.
    """
    run = 0 if fixed.get((p, 0)) == NA else most_in_a_row
    needed = 0
    for d, day in enumerate(month_days):
        if (p, d) in fixed or day.statutory:
            run = 0
        elif run == most_in_a_row:
            needed, run = needed + 1, 0
        else:
            run += 1
    return needed


def _fairness(rules: RosterRules, person: Person, e, month_days, fixed, p: int, previous_duty, carried) -> Person:
    """The person's weekend-rest minimum (prorated, half-up, at most their employed weekend days) and
    its weight, their previous month's duty days and the earlier months' carry."""
    n = len(month_days)
    employed = sum(1 for d in range(n) if fixed.get((p, d)) != NA)
    weekend = sum(1 for d, day in enumerate(month_days) if day.date.weekday() >= 5 and fixed.get((p, d)) != NA)
    rule = rules.weekend_rest
    least = min(weekend, _half_up(Decimal(rule.days) * employed / n)) if rule.days else 0
    carry = (carried or {}).get(e.employee_id)
    first = carry is not None and carry.last_weekend_rest == 0
    duty = ()
    if previous_duty and e.employee_id in previous_duty and person.history:
        duty = tuple(previous_duty[e.employee_id])[-len(person.history):]
    return replace(person, weekend_rest_min=least or None, carried=carry, duty_history=duty,
                   weekend_rest_weight=rule.weight_after_none if first else None)


def _history_code(code: str, employee_id: str, shift_ids, leave: LeaveTypes) -> str:
    text = str(code).strip()
    by_upper = {s.upper(): s for s in shift_ids}
    rest = (OFF, HOL, *leave.codes, NA)
    if text.upper() in by_upper:
        return by_upper[text.upper()]
    if text.upper() in rest:
        return text.upper()
    raise InputError(f"previous roster: unknown code {code!r} for {employee_id}; "
                     f"use a shift ({', '.join(shift_ids)}) or one of {', '.join(rest)}")


def _covers(rules: RosterRules, days: list[InstanceDay]) -> list[Cover]:
    """Coverage minimum by day type × shift × role; a day type without a table falls back to the
    day's plain weekday/weekend table, then to weekday."""
    cov = rules.coverage
    out = []
    for day in days:
        plain = "weekend" if day.weekday >= 5 else "weekday"
        table = cov.minimum.get(day.day_type) or cov.minimum.get(plain) or cov.minimum.get("weekday") or {}
        over = cov.over_weight.get(day.day_type, 0)
        for shift, roles in table.items():
            for role, minimum in roles.items():
                out.append(Cover(day.index, shift, role, minimum, under_hard=cov.hard,
                                 under_weight=cov.weight, over_weight=over))
    return out
