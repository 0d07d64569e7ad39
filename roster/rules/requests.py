"""Wishes: requested days off and preferred / avoided shifts (benchmark shift on/off requests).

kind "off": cost when working `shift` (any shift when None: a requested day off);
kind "on": cost unless working `shift` (any shift when None). The Wish carries its own weight;
a wish whose rule is set hard must hold.
"""
from __future__ import annotations

from roster.rules.base import Penalty


def _wishes(m, rule_id: str) -> list[Penalty]:
    inst, setting, out = m.instance, m.setting(rule_id), []
    for i, w in enumerate(inst.wishes):
        if (w.rule_id or "shift_preferences") != rule_id:
            continue
        hit = m.works(w.person, w.day) if w.shift is None else m.works_shift(w.person, w.day, w.shift)
        unmet = (1 - hit) if w.kind == "on" else hit
        what = w.shift or "a shift"
        if w.kind == "on":
            words = f"{m.label(w.person)} asked for {what} on {m.when(w.day)} and did not get it"
        else:
            wanted = "the day off" if w.shift is None else f"no {w.shift}"
            words = f"{m.label(w.person)} asked for {wanted} on {m.when(w.day)} and works"
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
