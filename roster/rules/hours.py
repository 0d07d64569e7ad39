"""The hours rule: each person's planned overtime of the month within the legal cap (overtime_limit).

Overtime is what kefu.working_time.month_hours makes of the month, the figure payroll pays:
under standard hours the extended time (a shift's paid time beyond the day's hours), the rest-day
time (ordinary credited time beyond the month's standard; leave days count as attended) and the
time worked on statutory holidays; under comprehensive hours the credited time beyond the standard
and the holiday time. It must not exceed Person.overtime_cap (Labour Law art. 41: 36 h a month,
prorated for a part month).

A comprehensive quarter or year is planned month by month: each month against its own standard
and the monthly cap, the average the law allows over the period (劳部发〔1994〕503号); payroll
settles the period's sum (kefu.working_time.period_over_standard).

Linear in CP-SAT: the extension and holiday time are fixed per shift and day; the rest-day (or
over-standard) time is max(0, credited − standard). Hard: both credited − standard + fixed ≤ cap
and fixed ≤ cap. Soft: weight per started hour above the cap, exact (ceil(excess / 60)).
"""
from __future__ import annotations

from roster.rules.base import Penalty
from roster.wording import hours_text


def _at_most(m, expr, limit: int) -> None:
    if isinstance(expr, int):
        if expr > limit:
            m.model.AddBoolOr([])                 # already over on fixed days alone
        return
    m.model.Add(expr <= limit)


def overtime_limit(m) -> list[Penalty]:
    """Planned overtime (month_hours) at most Person.overtime_cap minutes. Soft: weight per hour
    (started) above it."""
    inst, setting, out = m.instance, m.setting("overtime_limit"), []
    wt = inst.working_time
    if wt is None:
        return out
    day = int(wt.hours_per_day * 60)
    standard_regime = wt.regime == "standard"
    minutes = {s.id: s.minutes for s in inst.shifts}
    for p, person in enumerate(inst.people):
        cap = person.overtime_cap
        if cap is None or person.month_standard is None:
            continue
        credited, fixed, top = 0, 0, 0
        for d, info in enumerate(inst.days):
            if inst.attended_leave(m.fixed.get((p, d)), d):
                on = m.on.get((p, d))
                credited += day if on is None else day * (1 - on)     # attended leave on a working day
            most = 0
            for s in m.shift_ids:
                v = m.work.get((p, d, s))
                if v is None:
                    continue
                paid = minutes[s]
                most = max(most, paid)
                if info.statutory:
                    fixed += paid * v
                elif standard_regime:
                    credited += min(paid, day) * v
                    fixed += max(0, paid - day) * v
                else:
                    credited += paid * v
            top += max(most, day)
        over_standard = credited - person.month_standard.minutes
        if setting.hard:
            _at_most(m, over_standard + fixed, cap)
            _at_most(m, fixed, cap)
            continue
        if isinstance(over_standard, int) and isinstance(fixed, int):
            excess = max(0, max(0, over_standard) + fixed - cap)
            units = -(-excess // 60)
        else:
            model = m.model
            rest = model.NewIntVar(0, top, f"over_standard[{p}]")
            model.AddMaxEquality(rest, [over_standard, 0])
            excess = model.NewIntVar(0, top, f"overtime_excess[{p}]")
            model.AddMaxEquality(excess, [rest + fixed - cap, 0])
            units = model.NewIntVar(0, -(-top // 60), f"overtime_hours[{p}]")
            model.Add(60 * units >= excess)
            model.Add(60 * units <= excess + 59)
        if isinstance(units, int) and not units:
            continue
        out.append(Penalty("overtime_limit", f"overtime_limit:{p}", units, setting.weight,
                           f"{m.label(p)} 计划加班超过上限 {hours_text(cap)} 小时 {{n}} 小时", person=p))
    return out
