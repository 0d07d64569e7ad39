"""Fair spread over everyone who can take the work: weight × (max − min) of a per-person total over
the members of each fair group (Instance.fair_members: monthly, everyone employed the whole month;
for duty the duty-eligible, for the late shift those who may work it), the total being this month's
count plus what earlier months carry (Person.carry: above or below the team's average so far)."""
from __future__ import annotations

from roster.instance import NA
from roster.rules.base import Penalty
from roster.wording import group_text


def _spread(m, rule_id: str, count, what: str) -> list[Penalty]:
    inst, setting, out = m.instance, m.setting(rule_id), []
    if not setting.hard and not setting.weight:
        return out
    model = m.model
    for group, people in sorted(inst.fair_members(rule_id).items()):
        if len(people) < 2:
            continue
        counts = [count(p) + inst.people[p].carry(rule_id) for p in people]
        if all(isinstance(c, int) for c in counts):
            spread = max(counts) - min(counts)
        else:
            carries = [inst.people[p].carry(rule_id) for p in people]
            low, top = min(0, *carries), inst.n_days + max(0, *carries)
            hi = model.NewIntVar(low, top, f"{rule_id}_max[{group}]")
            lo = model.NewIntVar(low, top, f"{rule_id}_min[{group}]")
            model.AddMaxEquality(hi, counts)
            model.AddMinEquality(lo, counts)
            spread = hi - lo
        if setting.hard:
            if isinstance(spread, int):
                if spread:
                    model.AddBoolOr([])
            else:
                model.Add(spread == 0)
            continue
        since = "（连同此前月份）" if any(inst.people[p].carry(rule_id) for p in people) else ""
        out.append(Penalty(rule_id, f"{rule_id}:{group}", spread, setting.weight,
                           f"{group_text(group)}{what}{since}最多与最少相差 {{n}}"))
    return out


def _sum(terms) -> object:
    terms = [t for t in terms if t is not False]
    return sum(terms) if terms else 0


def fair_late_shifts(m) -> list[Penalty]:
    """Late shifts (instance.fair_shift, default C) spread evenly over all who may work them."""
    s = m.instance.fair_shift
    if s is None:
        return []
    n = m.instance.n_days
    return _spread(m, "fair_late_shifts", lambda p: _sum(m.works_shift(p, d, s) for d in range(n)),
                   f"{s}班次数")


def fair_weekend_rest(m) -> list[Penalty]:
    """Weekend days (Sat, Sun) not worked spread evenly; NA days are not counted."""
    inst = m.instance
    weekend = [d for d, day in enumerate(inst.days) if day.weekday >= 5]

    def rest(p):
        total = 0
        for d in weekend:
            if (p, d) in m.on:
                total = total + (1 - m.on[p, d])
            elif m.fixed.get((p, d)) != NA:
                total = total + 1
        return total
    return _spread(m, "fair_weekend_rest", rest, "周末休息天数")


def fair_duty(m) -> list[Penalty]:
    """On-duty days spread evenly over all duty-eligible people, whatever their role."""
    n = m.instance.n_days
    return _spread(m, "fair_duty", lambda p: _sum(m.duty.get((p, d), False) for d in range(n)), "值班天数")


def fair_holiday_work(m) -> list[Penalty]:
    """Statutory holidays worked spread evenly."""
    inst = m.instance
    days = [d for d, day in enumerate(inst.days) if day.statutory]
    return _spread(m, "fair_holiday_work", lambda p: _sum(m.works(p, d) for d in days),
                   "法定节假日出勤天数")
