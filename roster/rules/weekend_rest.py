"""A minimum of weekend rest per person: at least Person.weekend_rest_min weekend days (Saturday,
Sunday) not worked in the month, where coverage allows (soft: the person's weight per missing day).

A weekend day counts when it is not worked and the person is employed that day (leave counts as
rest, NA does not) — the same count fair_weekend_rest spreads. Whoever had no weekend rest in the
previous month carries a higher weight (Person.weekend_rest_weight, roster.monthly), so they get
theirs first. The count depends on the work/rest row only (a row rule, roster.patterns).
"""
from __future__ import annotations

from roster.instance import NA
from roster.rules.base import Penalty


def weekend_days_rested(m, p: int):
    """Weekend days p does not work (a linear expression, or an int when nothing is free)."""
    total = 0
    for d, day in enumerate(m.instance.days):
        if day.weekday < 5:
            continue
        if (p, d) in m.on:
            total = total + (1 - m.on[p, d])
        elif m.fixed.get((p, d)) != NA:
            total = total + 1
    return total


def weekend_rest(m) -> list[Penalty]:
    """At least Person.weekend_rest_min weekend days rested. Soft: weight per missing day."""
    inst, setting, out = m.instance, m.setting("weekend_rest"), []
    if not setting.hard and not setting.weight:
        return out
    for p, person in enumerate(inst.people):
        least = person.weekend_rest_min
        if not least:
            continue
        rested = weekend_days_rested(m, p)
        if setting.hard:
            if isinstance(rested, int):
                if rested < least:
                    m.model.AddBoolOr([])                 # the fixed days alone leave too few
            else:
                m.model.Add(rested >= least)
            continue
        if isinstance(rested, int):
            short = max(0, least - rested)
        else:
            short = m.model.NewIntVar(0, least, f"weekend_rest_short[{p}]")
            m.model.AddMaxEquality(short, [least - rested, 0])
        weight = setting.weight if person.weekend_rest_weight is None else person.weekend_rest_weight
        first = "（上月没有周末休息，优先）" if person.carried and person.carried.last_weekend_rest == 0 else ""
        out.append(Penalty("weekend_rest", f"weekend_rest:{p}", short, weight,
                           f"{m.label(p)} 周末休息不足 {least} 天，少 {{n}} 天{first}", person=p))
    return out
