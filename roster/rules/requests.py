"""Wishes: requested days off and preferred / avoided shifts (benchmark shift on/off requests).

kind "off": cost when working `shift` (any shift when None: a requested day off);
kind "on": cost unless working `shift` (any shift when None). The Wish carries its own weight;
a wish whose rule is set hard must hold.
"""
from __future__ import annotations

from roster.rules.base import Penalty
from roster.wording import instance_day


def _wishes(m, rule_id: str) -> list[Penalty]:
    inst, setting, out = m.instance, m.setting(rule_id), []
    for i, w in enumerate(inst.wishes):
        if (w.rule_id or "shift_preferences") != rule_id:
            continue
        hit = m.works(w.person, w.day) if w.shift is None else m.works_shift(w.person, w.day, w.shift)
        unmet = (1 - hit) if w.kind == "on" else hit
        day = instance_day(inst, w.day)
        if w.kind == "on":
            wanted = "上班" if w.shift is None else f"上{w.shift}班"
            words = f"{m.label(w.person)} 希望 {day}{wanted}，没有排上"
        elif w.shift is None:
            words = f"{m.label(w.person)} 申请 {day}休息，却排了班"
        else:
            words = f"{m.label(w.person)} 希望 {day}不上{w.shift}班，却排了{w.shift}班"
        if setting.hard:
            if isinstance(unmet, (bool, int)):
                if unmet:
                    m.model.AddBoolOr([])              # a hard wish that cannot be met
            else:
                m.model.Add(unmet == 0)
            continue
        if isinstance(unmet, bool):
            unmet = int(unmet)
        out.append(Penalty(rule_id, f"{rule_id}:{i}", unmet, w.weight, words, person=w.person, day=w.day))
    return out


def day_off_requests(m) -> list[Penalty]:
    """Requested days off (soft): the wish's weight when the day is worked."""
    return _wishes(m, "day_off_requests")


def shift_preferences(m) -> list[Penalty]:
    """Preferred / avoided shifts (soft): the wish's weight when unmet."""
    return _wishes(m, "shift_preferences")
