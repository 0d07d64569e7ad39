"""Shared pieces of the roster validator: small helpers over an Instance (who, when, runs of days).

See roster.validate for the semantics of every check; roster.penalties for the Breach they return.
"""
from __future__ import annotations

from roster.instance import REST_CODES, Assignment, Instance
from roster.wording import instance_day, span_text, who_text


# ------------------------------------------------------------------ helpers
def _who(inst: Instance, p: int) -> str:
    person = inst.people[p]
    return who_text(person.id, person.name)


def _when(inst: Instance, d: int) -> str:
    """12-08（周二）, with 法定节假日 / 大促 for such days; history days (d < 0) by their date."""
    return instance_day(inst, d)


def _span(inst: Instance, first: int, last: int) -> str:
    return span_text(_when(inst, first), _when(inst, last))


def _horizon(inst: Instance) -> str:
    dates = [d.date for d in inst.days if d.date is not None]
    if dates and len({(x.year, x.month) for x in dates}) == 1:
        return "本月"
    return "排班期内"


def _works(code: str, inst: Instance | None = None) -> bool:
    """A worked day: any code that is not a rest code (history may hold other months' shifts); the
    instance's leave types are rest codes too (without it, the default AL/PL/SL)."""
    return code not in (REST_CODES if inst is None else inst.rest_codes)


def _history_and_codes(inst: Instance, a: Assignment, p: int) -> tuple[list[str], int]:
    """The person's history followed by the horizon's codes, and the index of day 0 in it."""
    hist = list(inst.people[p].history)
    return hist + list(a.codes[p]), len(hist)


def _blocks(flags: list[bool], want: bool) -> list[tuple[int, int]]:
    """(start, end) inclusive of each maximal run of `want` in flags."""
    out, start = [], None
    for i, f in enumerate(flags + [not want]):
        if f == want and start is None:
            start = i
        elif f != want and start is not None:
            out.append((start, i - 1))
            start = None
    return out


