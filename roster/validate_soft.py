"""The validator's soft-rule checks: wishes, fair spread across everyone who can take the work
(earlier months' carry included), the weekend-rest minimum, stable shifts; and duty clumps.

See roster.validate for the semantics; each check returns Breaches (roster.penalties) that `check` prices by weight.
"""
from __future__ import annotations

from roster.instance import NA, Assignment, Instance
from roster.penalties import Breach, breach
from roster.validate_base import _blocks, _horizon, _span, _when, _who, _works
from roster.wording import code_text, group_text


def _wishes(inst: Instance, a: Assignment, rule_id: str) -> list[Breach]:
    out = []
    for w in inst.wishes:
        if (w.rule_id or "shift_preferences") != rule_id:
            continue
        code = a.codes[w.person][w.day]
        hit = _works(code, inst) if w.shift is None else code == w.shift
        who, when, got = _who(inst, w.person), _when(inst, w.day), code_text(code, inst.leave)
        if w.kind == "on" and not hit:
            wanted = "上班" if w.shift is None else f"上{code_text(w.shift)}"
            out.append(breach(inst, rule_id, w.person, w.day, 1, f"{who} 希望 {when}{wanted}，实际是{got}",
                              {"wish": "on", "shift": w.shift, "code": code}, hard=False, weight=w.weight))
        elif w.kind == "off" and hit:
            wanted = f"申请 {when}休息" if w.shift is None else f"希望 {when}不上{code_text(w.shift)}"
            out.append(breach(inst, rule_id, w.person, w.day, 1, f"{who} {wanted}，却排了{got}",
                              {"wish": "off", "shift": w.shift, "code": code}, hard=False, weight=w.weight))
    return out


def check_day_off_requests(inst: Instance, a: Assignment) -> list[Breach]:
    """Requested days off (Wishes with rule_id day_off_requests): the wish's weight when worked."""
    return _wishes(inst, a, "day_off_requests")


def check_shift_preferences(inst: Instance, a: Assignment) -> list[Breach]:
    """Preferred / avoided shifts (and benchmark shift on/off requests): the wish's weight when unmet."""
    return _wishes(inst, a, "shift_preferences")


def _fair(inst: Instance, a: Assignment, rule_id: str, count, what: str, role_names=None) -> list[Breach]:
    """One Breach per fair group (Instance.fair_members) whose totals — this month's count plus the
    earlier months' carry (Person.carry) — differ; `what` names the count (C班次数), `role_names` a
    group that is a role (presale -> 售前)."""
    out = []
    for group, people in sorted(inst.fair_members(rule_id).items()):
        if len(people) < 2:
            continue
        carry = {p: inst.people[p].carry(rule_id) for p in people}
        counts = {p: count(p) + carry[p] for p in people}
        hi, lo = max(counts.values()), min(counts.values())
        if hi > lo:
            most = next(p for p in people if counts[p] == hi)
            least = next(p for p in people if counts[p] == lo)
            since = "（连同此前月份与全队平均之差）" if any(carry.values()) else ""
            out.append(breach(inst, rule_id, None, None, hi - lo,
                              f"{group_text(group, role_names)}{what}{since}不均：最少 {lo}（{_who(inst, least)}），"
                              f"最多 {hi}（{_who(inst, most)}），相差 {hi - lo}", {"group": group, "min": lo, "max": hi}))
    return out


def weekend_rested(inst: Instance, a: Assignment, p: int) -> int:
    """Weekend days (Saturday, Sunday) p does not work while employed (leave counts, NA does not)."""
    return sum(1 for d, day in enumerate(inst.days) if day.weekday >= 5
               and not _works(a.codes[p][d], inst) and a.codes[p][d] != NA)


def check_weekend_rest(inst: Instance, a: Assignment) -> list[Breach]:
    """At least Person.weekend_rest_min weekend days rested; units: the days missing, at the
    person's weight (Person.weekend_rest_weight) when it has one."""
    out = []
    for p, person in enumerate(inst.people):
        least = person.weekend_rest_min
        if not least:
            continue
        rested = weekend_rested(inst, a, p)
        if rested < least:
            first = "；上月没有周末休息，本月优先" if person.carried and person.carried.last_weekend_rest == 0 else ""
            out.append(breach(inst, "weekend_rest", p, None, least - rested,
                              f"{_who(inst, p)} {_horizon(inst)}周末休息 {rested} 天，至少应休 {least} 天{first}",
                              {"weekend_rest": rested, "minimum": least}, weight=person.weekend_rest_weight))
    return out


def duty_runs(inst: Instance, a: Assignment, p: int) -> list[tuple[int, int]]:
    """(first, last) horizon day of each run of on-duty days of p; a run carried over from the
    previous month (Person.duty_history) starts before day 0."""
    hist = list(inst.people[p].duty_history)
    flags = hist + [d < len(a.duty) and p in a.duty[d] for d in range(inst.n_days)]
    return [(s - len(hist), e - len(hist)) for s, e in _blocks(flags, True) if e >= len(hist)]


def check_duty_in_a_row(inst: Instance, a: Assignment) -> list[Breach]:
    """At most instance.duty_most_in_a_row on-duty days in a row per person (the previous month's
    duty days included); units: the horizon days of a run beyond the limit."""
    k = inst.duty_most_in_a_row
    if k is None or not inst.duty_per_day:
        return []
    out = []
    for p in range(len(inst.people)):
        for s, e in duty_runs(inst, a, p):
            length = e - s + 1
            excess = sum(1 for d in range(max(s, 0), e + 1) if d - s + 1 > k)
            if excess:
                out.append(breach(inst, "duty_in_a_row", p, max(s, 0), excess,
                                  f"{_who(inst, p)} {_span(inst, s, e)}连续值班 {length} 天，最多连续 {k} 天",
                                  {"days": length, "limit": k}))
    return out


def check_fair_late_shifts(inst: Instance, a: Assignment, role_names=None) -> list[Breach]:
    """Spread (max - min) of the late shift count inside each fair group."""
    if inst.fair_shift is None:
        return []
    return _fair(inst, a, "fair_late_shifts", lambda p: a.codes[p].count(inst.fair_shift), f"{inst.fair_shift}班次数",
                 role_names)


def check_fair_weekend_rest(inst: Instance, a: Assignment, role_names=None) -> list[Breach]:
    """Spread of weekend days not worked (Saturday, Sunday; NA days not counted) in each fair group."""
    return _fair(inst, a, "fair_weekend_rest", lambda p: weekend_rested(inst, a, p), "周末休息天数", role_names)


def check_fair_duty(inst: Instance, a: Assignment, role_names=None) -> list[Breach]:
    """Spread of on-duty days among the duty-eligible people of each fair group."""
    duty_days = {p: sum(1 for people in a.duty if p in people) for p in range(len(inst.people))}
    return _fair(inst, a, "fair_duty", lambda p: duty_days[p], "值班天数", role_names)


def check_fair_holiday_work(inst: Instance, a: Assignment, role_names=None) -> list[Breach]:
    """Spread of statutory holidays worked in each fair group."""
    return _fair(inst, a, "fair_holiday_work", lambda p: sum(1 for d, day in enumerate(inst.days)
                                                            if day.statutory and _works(a.codes[p][d], inst)),
                 "法定节假日出勤天数", role_names)


def check_shift_stability(inst: Instance, a: Assignment) -> list[Breach]:
    """Each change of shift between two consecutive worked days of the horizon."""
    out = []
    for p in range(len(inst.people)):
        row = a.codes[p]
        for d in range(1, inst.n_days):
            if _works(row[d - 1], inst) and _works(row[d], inst) and row[d - 1] != row[d]:
                out.append(breach(inst, "shift_stability", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d)}由{code_text(row[d - 1])}换成"
                                  f"{code_text(row[d])}", {"before": row[d - 1], "after": row[d]}))
    return out
