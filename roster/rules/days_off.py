"""Days off: regular rest days 公休, statutory holidays (rest there is HOL, extra), approved leave."""
from __future__ import annotations

from roster.instance import NA, OFF
from roster.rules.base import Penalty
from roster.wording import code_name, code_text, instance_day


def rest_days(m) -> list[Penalty]:
    """Exactly Person.rest_days regular rest days (OFF) in the horizon [000] (HOL and leave do not
    count); with Person.holiday_rest_days, up to one more for each statutory holiday worked (the
    hours rule's lawful extra: a holiday's hours would otherwise push the month over the cap).
    Soft: weight per day above or below."""
    setting, inst, out = m.setting("rest_days"), m.instance, []
    for p, person in enumerate(inst.people):
        if person.rest_days is None:
            continue
        count = sum(m.code_is(p, d, OFF) for d in range(inst.n_days))
        given_back = 0
        if person.holiday_rest_days:
            given_back = sum(m.works(p, d) for d, day in enumerate(inst.days) if day.statutory)
        if setting.hard:
            if isinstance(given_back, int) and not given_back:
                m.model.Add(count == person.rest_days)
            else:
                m.model.Add(count >= person.rest_days)
                m.model.Add(count <= person.rest_days + given_back)
            continue
        dev = m.model.NewIntVar(0, inst.n_days, f"rest_days_dev[{p}]")
        if isinstance(given_back, int) and not given_back:
            m.model.AddAbsEquality(dev, count - person.rest_days)
        else:
            m.model.AddMaxEquality(dev, [person.rest_days - count, count - person.rest_days - given_back, 0])
        out.append(Penalty("rest_days", f"rest_days:{p}", dev, setting.weight,
                           f"{m.label(p)} 公休天数与规定的 {person.rest_days} 天相差 {{n}} 天",
                           person=p))
    return out


def statutory_holidays(m) -> list[Penalty]:
    """Rest on a statutory holiday is HOL and extra to the rest days ("法定节假日除外" [000]).
    Hard: never OFF there (the model has no such choice). Soft: a regular OFF there (which then
    counts toward the rest days) costs weight."""
    setting = m.setting("statutory_holidays")
    if setting.hard:
        return []
    return [Penalty("statutory_holidays", f"statutory_holidays:{p}:{d}", r, setting.weight,
                    f"{m.label(p)} {instance_day(m.instance, d)}是法定节假日，却记为休（公休），应记为节",
                    person=p, day=d)
            for (p, d), r in sorted(m.regular_off.items())]


def leave(m) -> list[Penalty]:
    """Fixed codes (approved leave of the policy's leave types, benchmark days off) are kept. Hard: the cell has no
    work variable. Soft: working on it costs weight. NA (not employed) is always hard."""
    setting, out = m.setting("leave"), []
    if setting.hard:
        return out
    for (p, d), code in sorted(m.fixed.items()):
        if code == NA or (p, d) not in m.on:
            continue
        out.append(Penalty("leave", f"leave:{p}:{d}", m.on[p, d], setting.weight,
                           f"{m.label(p)} {instance_day(m.instance, d)}已定为{code_name(code, m.instance.leave)}"
                           f"（{code_text(code, m.instance.leave)}），却排了班", person=p, day=d))
    return out
