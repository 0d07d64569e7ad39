"""Staffing from demand (interval_cover): people on shift in each interval against the agents the
service level needs (roster.demand.required), used instead of hand-typed per-shift counts.

No per-interval person variables: the people of a role on shift s on day d are one linear count,
and an interval's agent-minutes are Σ over the shifts spanning it (that day's, and the day before's
when a shift runs past midnight) of count × one person's minutes on duty there (breaks staggered,
roster.demand.intervals). Shortfall in people: ceil((required·L − agent-minutes) / L), at least 0,
`weight` per missing person per interval (hard when the setting is hard). The role's `minimum` heads
on shift in every interval with demand is always hard (days before `freeze_before` excepted).
"""
from __future__ import annotations

from roster.demand.intervals import duty_minutes, on_shift_slots
from roster.rules.base import Penalty
from roster.wording import instance_day


def interval_cover(m) -> list[Penalty]:
    inst, model, out = m.instance, m.model, []
    cover = inst.interval_cover
    if cover is None:
        return out
    setting = m.setting("interval_cover")
    L, per_day = cover.interval_minutes, cover.slots_per_day
    minutes = {s: duty_minutes(w, L) for s, w in cover.windows.items() if s in m.shift_ids}
    spans = {s: on_shift_slots(w, L) for s, w in cover.windows.items() if s in m.shift_ids}
    by_role: dict[str, list[int]] = {}
    for p, person in enumerate(inst.people):
        by_role.setdefault(person.role, []).append(p)

    def count(role: str, d: int, s: str):
        """People of the role on shift s on day d (day −1: the previous month's last day, constants)."""
        if d < 0:
            return sum(1 for p in by_role.get(role, ()) if inst.people[p].history[-1:] == (s,))
        return sum(m.work[p, d, s] for p in by_role.get(role, ()) if (p, d, s) in m.work)

    for i, need in enumerate(cover.needs):
        planned, heads = 0, 0
        for s in minutes:
            for back in (0, 1):
                k = need.slot + back * per_day
                d = need.day - back
                if d < -1:
                    continue
                if k in minutes[s]:
                    planned += minutes[s][k] * count(need.role, d, s)
                if k in spans[s]:
                    heads += count(need.role, d, s)
        what = f"{instance_day(inst, need.day)}{cover.slot_text(need.slot)} {need.role}：需要 {need.required} 人"
        if need.minimum and need.day >= m.freeze_before:
            model.Add(heads >= need.minimum)
        if not need.required:
            continue
        deficit = need.required * L - planned
        if setting.hard:
            if need.day >= m.freeze_before:
                model.Add(deficit <= 0)
            continue
        if not setting.weight:
            continue
        people = len(by_role.get(need.role, ())) + 1
        q = model.NewIntVar(-people * 2, need.required, f"interval_gap[{i}]")
        model.Add(L * q >= deficit)
        model.Add(L * q <= deficit + L - 1)
        short = model.NewIntVar(0, need.required, f"interval_short[{i}]")
        model.AddMaxEquality(short, [q, 0])
        out.append(Penalty("interval_cover", f"interval_cover:{i}", short, setting.weight,
                           f"{what}，缺 {{n}} 人", day=need.day))
    return out
