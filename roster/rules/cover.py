"""Staffing: headcount per day, shift and role (coverage), the on-duty people 值班 (duty) and no
clumps of duty for one person (duty_in_a_row)."""
from __future__ import annotations

from roster.rules.base import Penalty
from roster.rules.sequence import _forbid, _pattern
from roster.wording import instance_day


def coverage(m) -> list[Penalty]:
    """Per Cover: at least `minimum` people (of the role; any role when None) on the shift. The Cover
    itself says hard or soft (`under_hard`, `under_weight` per missing person; the monthly builder
    fills them from the coverage setting); `over_weight` costs each person above the minimum."""
    inst, model, out = m.instance, m.model, []
    for i, c in enumerate(inst.covers):
        people = [p for p, person in enumerate(inst.people) if c.role is None or person.role == c.role]
        staff = [m.work[p, c.day, c.shift] for p in people if (p, c.day, c.shift) in m.work]
        count = sum(staff)
        role = f" {c.role}" if c.role else ""
        what = f"{instance_day(inst, c.day)}{c.shift}班{role}：需要 {c.minimum} 人"
        if c.under_hard:
            if c.day >= m.freeze_before:
                model.Add(count >= c.minimum)
        elif c.minimum > 0 and c.under_weight:
            short = model.NewIntVar(0, c.minimum, f"cover_short[{i}]")
            model.AddMaxEquality(short, [c.minimum - count, 0])
            out.append(Penalty("coverage", f"coverage:{i}:short", short, c.under_weight,
                               f"{what}，缺 {{n}} 人", day=c.day))
        if c.over_weight and len(staff) > c.minimum:
            over = model.NewIntVar(0, len(staff), f"cover_over[{i}]")
            model.AddMaxEquality(over, [count - c.minimum, 0])
            out.append(Penalty("coverage", f"coverage:{i}:over", over, c.over_weight,
                               f"{what}，多 {{n}} 人", day=c.day))
    return out


def duty(m) -> list[Penalty]:
    """Every day exactly duty_on(day) on-duty people, duty-eligible, working the duty shift (the
    variables only exist for those). Soft: weight per missing on-duty person a day."""
    inst, setting, out = m.instance, m.setting("duty"), []
    if not inst.duty_per_day:
        return out
    for d in range(inst.n_days):
        if d in m.pinned_duty:
            continue
        need = inst.duty_on(d)
        people = [v for (p, dd), v in m.duty.items() if dd == d]
        count = sum(people)
        if setting.hard:
            if d >= m.freeze_before:
                m.model.Add(count == need)
            else:
                m.model.Add(count <= need)
            continue
        m.model.Add(count <= need)
        if need:
            out.append(Penalty("duty", f"duty:{d}", need - count, setting.weight,
                               f"{instance_day(inst, d)}需要 {need} 名值班人（{inst.duty_shift}班），缺 {{n}} 名",
                               day=d))
    return out


def duty_in_a_row(m) -> list[Penalty]:
    """At most instance.duty_most_in_a_row on-duty days in a row per person, counting the previous
    month's duty days (Person.duty_history) before day 0. Hard: every window of k + 1 days has a day
    off duty (windows ending before `freeze_before` are left as they are). Soft: weight per day on
    which the person's run of duty ending there is longer than k."""
    inst, setting, out = m.instance, m.setting("duty_in_a_row"), []
    k = inst.duty_most_in_a_row
    if k is None or not inst.duty_per_day or (not setting.hard and not setting.weight):
        return out
    for p, person in enumerate(inst.people):
        if not person.duty_eligible:
            continue
        hist = list(person.duty_history)
        seq = hist + [m.duty.get((p, d), False) for d in range(inst.n_days)]
        start = len(hist)
        for e in range(max(start, k), len(seq)):
            d = e - start
            if setting.hard and d < m.freeze_before:
                continue
            lits = _pattern([(seq[i], True) for i in range(e - k, e + 1)])
            if lits is None:
                continue
            v = _forbid(m, lits, setting.hard, f"duty_in_a_row[{p},{d}]")
            if v is not None:
                out.append(Penalty("duty_in_a_row", f"duty_in_a_row:{p}:{d}", v, setting.weight,
                                   f"{m.label(p)} 截至 {instance_day(inst, d)}连续值班超过 {k} 天",
                                   person=p, day=d))
    return out
