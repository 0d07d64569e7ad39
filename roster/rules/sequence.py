"""Rules over consecutive days: forbidden successions, max/min consecutive work, min consecutive
days off, and shift stability inside a working block.

Sequence rules read the person's history (previous month, constants) followed by the horizon.
Minima use forbidden-pattern clauses (OR-Tools shift_scheduling_sat `negated_bounded_span`): for
each too-short length L, "not-block, L block days, not-block" may not occur. Soft minima cost
weight × (minimum − L) per short block, i.e. weight per missing day. Blocks wholly inside the
history are not counted; a block touching the start of what is known (no history: day 0) or the
last day is exempt when instance.edge_exempt, else the unknown outside counts as the opposite.
"""
from __future__ import annotations

from roster.rules.base import Penalty
from roster.wording import instance_day, succession_text


def _pattern(cells) -> list | None:
    """Literals that must all be true for the pattern [(literal or constant, wanted)]; None when a
    constant already rules it out."""
    lits = []
    for value, wanted in cells:
        if isinstance(value, bool):
            if value != wanted:
                return None
        else:
            lits.append(value if wanted else value.Not())
    return lits


def _forbid(m, lits: list, hard: bool, name: str) -> object:
    """Hard: the conjunction of lits may not hold. Soft: a BoolVar equal to the conjunction."""
    model = m.model
    if hard:
        model.AddBoolOr([lit.Not() for lit in lits])
        return None
    if not lits:
        return 1
    v = model.NewBoolVar(name)
    model.AddBoolOr([lit.Not() for lit in lits] + [v])
    for lit in lits:
        model.AddImplication(v, lit)
    return v


def succession(m) -> list[Penalty]:
    """No forbidden succession (shift today, shift tomorrow), e.g. C → A, or any pair with less rest
    between the shifts than the policy's minimum (preprocessed into the same set by roster.monthly);
    from the last history code
    into day 0 too. Soft: weight per forbidden pair. Hard, one at-most-one per person, day and shift
    a over {a today} ∪ {every b that may not follow a tomorrow} (exact, since a day has one shift):
    one constraint where pairwise clauses need one per pair (Curtois 13: 136 pairs, 400,000 clauses)."""
    inst, setting, out = m.instance, m.setting("succession"), []
    if not inst.forbidden_successions:
        return out
    if setting.hard:
        _forbid_successions(m)
        return out
    for p, person in enumerate(inst.people):
        last = person.history[-1] if person.history else None
        for d in range(-1, inst.n_days - 1):
            for a, b in sorted(inst.forbidden_successions):
                before = (last == a) if d < 0 else m.works_shift(p, d, a)
                lits = _pattern([(before, True), (m.works_shift(p, d + 1, b), True)])
                if lits is None:
                    continue
                v = _forbid(m, lits, setting.hard, f"succession[{p},{d + 1},{a},{b}]")
                if v is not None:
                    out.append(Penalty("succession", f"succession:{p}:{d + 1}:{a}:{b}", v, setting.weight,
                                       f"{m.label(p)} {instance_day(inst, d)}上{a}班、{instance_day(inst, d + 1)}"
                                       f"接{b}班（{succession_text(inst, a, b)}）", person=p, day=d + 1))
    return out


def _forbid_successions(m) -> None:
    inst, model = m.instance, m.model
    after: dict[str, list[str]] = {}
    for a, b in sorted(inst.forbidden_successions):
        after.setdefault(a, []).append(b)
    for p, person in enumerate(inst.people):
        last = person.history[-1] if person.history else None
        for b in after.get(last, []):
            if (p, 0, b) in m.work:
                model.Add(m.work[p, 0, b] == 0)
        for d in range(inst.n_days - 1):
            for a, bs in after.items():
                today = m.work.get((p, d, a))
                tomorrow = [m.work[p, d + 1, b] for b in bs if (p, d + 1, b) in m.work]
                if today is not None and tomorrow:
                    model.AddAtMostOne([today, *tomorrow])


def max_consecutive_work(m) -> list[Penalty]:
    """Every window of max+1 consecutive days (history included) has a day not worked. Soft: weight
    per day on which the run of work ending there is longer than the maximum."""
    inst, setting, out = m.instance, m.setting("max_consecutive_work"), []
    for p, person in enumerate(inst.people):
        k = person.max_consecutive_work
        if k is None:
            continue
        seq, start = m.sequence(p)
        for e in range(start, len(seq)):
            if e - k < 0:
                continue                       # the window reaches before what is known: off there
            lits = _pattern([(seq[i], True) for i in range(e - k, e + 1)])
            if lits is None:
                continue
            v = _forbid(m, lits, setting.hard, f"max_work[{p},{e - start}]")
            if v is not None:
                d = e - start
                out.append(Penalty("max_consecutive_work", f"max_consecutive_work:{p}:{d}", v, setting.weight,
                                   f"{m.label(p)} 截至 {instance_day(inst, d)}连续上班超过 {k} 天",
                                   person=p, day=d))
    return out


def _min_blocks(m, rule_id: str, attr: str, working: bool, what: str) -> list[Penalty]:
    inst, setting, out = m.instance, m.setting(rule_id), []
    for p, person in enumerate(inst.people):
        least = getattr(person, attr)
        if not least or least <= 1:
            continue
        seq, start = m.sequence(p)
        n = len(seq)
        for length in range(1, least):
            for i in range(max(0, start - length + 1), n - length + 1):
                cells = [(seq[j], working) for j in range(i, i + length)]
                for j in (i - 1, i + length):
                    if 0 <= j < n:
                        cells.append((seq[j], not working))
                    elif inst.edge_exempt:
                        break                  # touches the edge of what is known: exempt
                else:
                    lits = _pattern(cells)
                    if lits is None:
                        continue
                    d = i - start
                    v = _forbid(m, lits, setting.hard, f"{rule_id}[{p},{d},{length}]")
                    if v is not None:
                        out.append(Penalty(rule_id, f"{rule_id}:{p}:{d}:{length}", v,
                                           setting.weight * (least - length),
                                           f"{m.label(p)} {instance_day(inst, d)}起只{what} {length} 天，"
                                           f"规定至少{what} {least} 天", person=p, day=d))
    return out


def min_consecutive_work(m) -> list[Penalty]:
    """Working blocks bounded inside the horizon are at least Person.min_consecutive_work days."""
    return _min_blocks(m, "min_consecutive_work", "min_consecutive_work", True, "连续上班")


def min_consecutive_off(m) -> list[Penalty]:
    """Blocks of days not worked, bounded inside the horizon, are at least Person.min_consecutive_off
    days (rest days paired rather than isolated)."""
    return _min_blocks(m, "min_consecutive_off", "min_consecutive_off", False, "连休")


def shift_stability(m) -> list[Penalty]:
    """Weight per change of shift between two consecutive worked days of the horizon."""
    inst, setting, out = m.instance, m.setting("shift_stability"), []
    if not setting.hard and not setting.weight:
        return out
    if len(m.shift_ids) < 2:
        return out
    model = m.model
    for p in range(len(inst.people)):
        for d in range(inst.n_days - 1):
            a, b = m.on.get((p, d)), m.on.get((p, d + 1))
            if a is None or b is None:
                continue
            if setting.hard:
                for s in m.shift_ids:
                    model.AddImplication(m.work[p, d, s], m.work[p, d + 1, s]).OnlyEnforceIf(b)
                continue
            # change <-> both days worked and no shift kept (exact, so objective = validator's score)
            change = model.NewBoolVar(f"change[{p},{d + 1}]")
            model.AddImplication(change, a)
            model.AddImplication(change, b)
            for s in m.shift_ids:
                x, y = m.work[p, d, s], m.work[p, d + 1, s]
                model.AddBoolOr([change.Not(), x.Not(), y.Not()])
                model.AddBoolOr([x.Not(), y, b.Not(), change])
            out.append(Penalty("shift_stability", f"shift_stability:{p}:{d + 1}", change, setting.weight,
                               f"{m.label(p)} {instance_day(inst, d + 1)}换了班次", person=p, day=d + 1))
    return out
