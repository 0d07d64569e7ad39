"""The validator's check of staffing from demand (interval_cover): each person's codes walked day by
day (the previous month's last day included), their minutes on duty added to the intervals they
cover (roster.demand.intervals.staff_by_interval), none of the model's counting.

Units: per interval with demand, the people missing, ceil(required − agent-minutes ÷ L), soft at the
rule's weight (hard when the setting is hard); a role's heads on shift below its `minimum` is always
a hard violation.
"""
from __future__ import annotations

from roster.demand.intervals import staff_by_interval
from roster.instance import Assignment, Instance
from roster.penalties import Breach, breach
from roster.validate_base import _when
from roster.wording import role_text


def check_interval_cover(inst: Instance, a: Assignment, role_names: dict[str, str] | None = None) -> list[Breach]:
    cover = inst.interval_cover
    if cover is None:
        return []
    L = cover.interval_minutes
    agent_minutes, heads = staff_by_interval(inst, a)
    out = []
    for need in cover.needs:
        key = (need.day, need.slot, need.role)
        when = f"{_when(inst, need.day)}{cover.slot_text(need.slot)} {role_text(need.role, role_names)}"
        on = heads.get(key, 0)
        if on < need.minimum:
            out.append(breach(inst, "interval_cover", None, need.day, need.minimum - on,
                              f"{when}在班 {on} 人，至少要 {need.minimum} 人",
                              {"slot": need.slot, "role": need.role, "heads": on, "minimum": need.minimum},
                              hard=True))
        planned = agent_minutes.get(key, 0)
        short = max(0, -((planned - need.required * L) // L))
        if short:
            out.append(breach(inst, "interval_cover", None, need.day, short,
                              f"{when}需要 {need.required} 人，排了 {planned / L:.1f} 人，缺 {short} 人",
                              {"slot": need.slot, "role": need.role, "required": need.required,
                               "planned_minutes": planned}))
    return out
