"""Per-person totals over the horizon: shifts of a type, paid minutes, weekends worked."""
from __future__ import annotations

from roster.rules.base import Penalty


def shift_limits(m) -> list[Penalty]:
    """At most Person.max_per_shift[s] shifts of type s. Soft: weight per shift above."""
    inst, setting, out = m.instance, m.setting("shift_limits"), []
    for p, person in enumerate(inst.people):
        for s, limit in sorted(person.max_per_shift.items()):
            shifts = [m.work[p, d, s] for d in range(inst.n_days) if (p, d, s) in m.work]
            if len(shifts) <= limit:
                continue
            if setting.hard:
                m.model.Add(sum(shifts) <= limit)
                continue
            excess = m.model.NewIntVar(0, len(shifts) - limit, f"shift_excess[{p},{s}]")
            m.model.AddMaxEquality(excess, [sum(shifts) - limit, 0])
            out.append(Penalty("shift_limits", f"shift_limits:{p}:{s}", excess, setting.weight,
                               f"{m.label(p)} 的{s}班比上限 {limit} 个多 {{n}} 个", person=p))
    return out


def working_minutes(m) -> list[Penalty]:
    """Paid minutes between Person.min_minutes and Person.max_minutes. Soft: weight per minute out."""
    inst, setting, out = m.instance, m.setting("working_minutes"), []
    minutes = {s.id: s.minutes for s in inst.shifts}
    for p, person in enumerate(inst.people):
        lo, hi = person.min_minutes, person.max_minutes
        if lo is None and hi is None:
            continue
        terms = [(m.work[p, d, s], minutes[s]) for d in range(inst.n_days) for s in m.shift_ids
                 if (p, d, s) in m.work]
        total = sum(v * w for v, w in terms)
        top = sum(w for _, w in terms)
        if setting.hard:
            if lo is not None:
                m.model.Add(total >= lo)
            if hi is not None:
                m.model.Add(total <= hi)
            continue
        if lo is not None and lo > 0:
            under = m.model.NewIntVar(0, lo, f"minutes_under[{p}]")
            m.model.AddMaxEquality(under, [lo - total, 0])
            out.append(Penalty("working_minutes", f"working_minutes:{p}:under", under, setting.weight,
                               f"{m.label(p)} 工时比下限 {lo} 分钟少 {{n}} 分钟", person=p))
        if hi is not None and top > hi:
            over = m.model.NewIntVar(0, top - hi, f"minutes_over[{p}]")
            m.model.AddMaxEquality(over, [total - hi, 0])
            out.append(Penalty("working_minutes", f"working_minutes:{p}:over", over, setting.weight,
                               f"{m.label(p)} 工时比上限 {hi} 分钟多 {{n}} 分钟", person=p))
    return out


def max_weekends(m) -> list[Penalty]:
    """At most Person.max_weekends weekends worked (any shift on its Saturday or Sunday)."""
    inst, setting, out = m.instance, m.setting("max_weekends"), []
    weekends: dict[int, list[int]] = {}
    for d, day in enumerate(inst.days):
        if day.weekend_index is not None:
            weekends.setdefault(day.weekend_index, []).append(d)
    for p, person in enumerate(inst.people):
        limit = person.max_weekends
        if limit is None:
            continue
        worked = []
        for w, days in sorted(weekends.items()):
            lits = [m.on[p, d] for d in days if (p, d) in m.on]
            if not lits:
                continue
            if len(lits) == 1:
                worked.append(lits[0])
                continue
            v = m.model.NewBoolVar(f"weekend[{p},{w}]")
            m.model.AddMaxEquality(v, lits)
            worked.append(v)
        if len(worked) <= limit:
            continue
        if setting.hard:
            m.model.Add(sum(worked) <= limit)
            continue
        excess = m.model.NewIntVar(0, len(worked) - limit, f"weekend_excess[{p}]")
        m.model.AddMaxEquality(excess, [sum(worked) - limit, 0])
        out.append(Penalty("max_weekends", f"max_weekends:{p}", excess, setting.weight,
                           f"{m.label(p)} 周末上班比上限 {limit} 个多 {{n}} 个", person=p))
    return out
