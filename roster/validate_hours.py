"""The validator's check of the hours rule (overtime_limit): each person's month recomputed with
kefu.working_time.month_hours (the definition payroll pays by), none of the model's code.

Units: started hours above Person.overtime_cap, ceil((overtime − cap) / 60).
"""
from __future__ import annotations

from kefu.working_time import MonthHours, month_hours
from roster.instance import Assignment, Instance
from roster.penalties import Breach, breach
from roster.validate_base import _horizon, _who
from roster.wording import hours_text


def overtime_parts(wt_regime: str, h: MonthHours) -> str:
    """The overtime split the way it is paid: 延时 / 休息日 / 法定节假日, or 超标准 / 法定节假日."""
    if wt_regime == "standard":
        return (f"延时 {hours_text(h.extended)} / 休息日 {hours_text(h.rest_day)} / "
                f"法定节假日 {hours_text(h.holiday)} 小时")
    return f"超标准 {hours_text(h.over_standard)} / 法定节假日 {hours_text(h.holiday)} 小时"


def person_month(inst: Instance, p: int, codes: list[str]) -> MonthHours | None:
    """Person p's month of `codes` by month_hours (None when the instance plans no hours)."""
    person, wt = inst.people[p], inst.working_time
    if wt is None or person.month_standard is None:
        return None
    minutes = {s.id: s.minutes for s in inst.shifts}
    worked = [(minutes[c], inst.days[d].statutory) for d, c in enumerate(codes) if c in minutes]
    return month_hours(wt, person.month_standard, worked,
                       sum(1 for d, c in enumerate(codes) if inst.attended_leave(c, d)))


def check_overtime_limit(inst: Instance, a: Assignment) -> list[Breach]:
    """Planned overtime (month_hours) at most Person.overtime_cap minutes."""
    out = []
    for p, person in enumerate(inst.people):
        if person.overtime_cap is None:
            continue
        h = person_month(inst, p, a.codes[p])
        if h is None or h.overtime <= person.overtime_cap:
            continue
        excess = h.overtime - person.overtime_cap
        out.append(breach(inst, "overtime_limit", p, None, -(-excess // 60),
                          f"{_who(inst, p)} {_horizon(inst)}计划工时 {hours_text(h.worked)} 小时，标准 "
                          f"{hours_text(h.standard)} 小时，加班 {hours_text(h.overtime)} 小时（"
                          f"{overtime_parts(inst.working_time.regime, h)}），超过上限 "
                          f"{hours_text(person.overtime_cap)} 小时 {hours_text(excess)} 小时",
                          {"worked_minutes": h.worked, "standard_minutes": h.standard,
                           "overtime_minutes": h.overtime, "cap_minutes": person.overtime_cap}))
    return out
