"""Read a Curtois & Qu shift-scheduling instance file (schedulingbenchmarks.org/nrp) into an Instance.

The benchmark's rules map onto the product's rules: per-person limits (shift_limits, working_minutes,
max/min_consecutive_*, max_weekends) hard; DAYS_OFF fixed OFF codes (leave, hard); cannot-follow
lists forbidden_successions (hard); cover lines soft coverage with under/over weights; shift on/off
requests soft Wishes. Rules the benchmark does not have (rest days, statutory holidays, duty,
fairness, shift stability) are left out. Days outside the horizon count as off (edge_exempt).
"""
from __future__ import annotations

from pathlib import Path

from kefu.errors import InputError
from roster.instance import (
    OFF, Cover, Instance, InstanceDay, Person, Setting, ShiftType, Wish,
)

SECTIONS = (
    "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
)

HARD_RULES = (
    "coverage", "succession", "shift_limits", "working_minutes", "max_consecutive_work",
    "min_consecutive_work", "min_consecutive_off", "max_weekends", "leave",
)
# Soft rules the benchmark does not have stay in the settings at weight 0, so that a rule reading
# its setting never falls back to a hard default (overtime_limit: the benchmark has no working time).
ABSENT_RULES = (
    "rest_days", "statutory_holidays", "duty", "day_off_requests", "shift_stability",
    "fair_late_shifts", "fair_weekend_rest", "fair_duty", "fair_holiday_work", "overtime_limit",
)


def read_sections(text: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Split the file into sections of (line number, comma fields); comments and blanks dropped."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in SECTIONS:
            current = sections.setdefault(line, [])
        elif current is None:
            raise InputError(f"data before the first section: {line!r}", row=number)
        else:
            current.append((number, [f.strip() for f in line.split(",")]))
    return sections


def load(path: str | Path) -> Instance:
    """Read one instance file; the Instance is named after the file (e.g. "Instance1")."""
    path = Path(path)
    try:
        return parse(path.read_text(), name=path.stem)
    except InputError as err:
        err.file = path
        raise


def parse(text: str, name: str = "curtois") -> Instance:
    sections = read_sections(text)
    for section in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"):
        if not sections.get(section):
            raise InputError(f"{section} is missing or empty")
    horizon = _int(sections["SECTION_HORIZON"][0], 0)
    days = [
        InstanceDay(
            index=d, weekday=d % 7,
            day_type="weekend" if d % 7 >= 5 else "weekday",
            weekend_index=d // 7 if d % 7 >= 5 else None,
        )
        for d in range(horizon)
    ]

    shifts, successions = [], set()
    for number, fields in sections["SECTION_SHIFTS"]:
        shifts.append(ShiftType(id=fields[0], minutes=_int((number, fields), 1)))
        followers = fields[2] if len(fields) > 2 else ""
        successions |= {(fields[0], nxt.strip()) for nxt in followers.split("|") if nxt.strip()}
    shift_ids = {s.id for s in shifts}
    for before, after in successions:
        _known_shift(after, shift_ids, None)

    people, index = [], {}
    for number, fields in sections["SECTION_STAFF"]:
        if len(fields) < 8:
            raise InputError(f"staff line needs 8 fields, has {len(fields)}", row=number)
        limits = {}
        for item in filter(None, fields[1].split("|")):
            sid, _, value = item.partition("=")
            limits[_known_shift(sid, shift_ids, number)] = _int((number, [value]), 0)
        index[fields[0]] = len(people)
        people.append(Person(
            id=fields[0], name=fields[0], role="staff",
            max_per_shift=limits,
            max_minutes=_int((number, fields), 2), min_minutes=_int((number, fields), 3),
            max_consecutive_work=_int((number, fields), 4),
            min_consecutive_work=_int((number, fields), 5),
            min_consecutive_off=_int((number, fields), 6),
            max_weekends=_int((number, fields), 7),
        ))

    fixed = {}
    for number, fields in sections.get("SECTION_DAYS_OFF", []):
        p = _person(fields[0], index, number)
        for value in fields[1:]:
            fixed[(p, _day((number, [value]), 0, horizon))] = OFF

    wishes = []
    for kind, section in (("on", "SECTION_SHIFT_ON_REQUESTS"), ("off", "SECTION_SHIFT_OFF_REQUESTS")):
        for number, fields in sections.get(section, []):
            wishes.append(Wish(
                person=_person(fields[0], index, number),
                day=_day((number, fields), 1, horizon),
                shift=_known_shift(fields[2], shift_ids, number),
                kind=kind, weight=_int((number, fields), 3),
            ))

    covers = []
    for number, fields in sections.get("SECTION_COVER", []):
        covers.append(Cover(
            day=_day((number, fields), 0, horizon),
            shift=_known_shift(fields[1], shift_ids, number),
            role=None, minimum=_int((number, fields), 2), under_hard=False,
            under_weight=_int((number, fields), 3), over_weight=_int((number, fields), 4),
        ))

    settings = {rule: Setting(hard=True) for rule in HARD_RULES}
    settings["shift_preferences"] = Setting(hard=False, weight=1)   # each Wish carries its weight
    settings.update({rule: Setting(hard=False, weight=0) for rule in ABSENT_RULES})
    return Instance(
        name=name, days=days, shifts=shifts, people=people, fixed=fixed, covers=covers,
        forbidden_successions=successions, wishes=wishes, settings=settings, edge_exempt=True,
    )


def _int(line: tuple[int, list[str]], position: int) -> int:
    number, fields = line
    try:
        return int(fields[position])
    except (IndexError, ValueError):
        value = fields[position] if position < len(fields) else "nothing"
        raise InputError(f"field {position + 1} must be a whole number, not {value!r}", row=number)


def _day(line: tuple[int, list[str]], position: int, horizon: int) -> int:
    day = _int(line, position)
    if not 0 <= day < horizon:
        raise InputError(f"day {day} is outside the horizon 0..{horizon - 1}", row=line[0])
    return day


def _person(employee: str, index: dict[str, int], number: int) -> int:
    if employee not in index:
        raise InputError(f"unknown employee {employee!r}", row=number)
    return index[employee]


def _known_shift(sid: str, shift_ids: set[str], number: int | None) -> str:
    if sid not in shift_ids:
        raise InputError(f"unknown shift {sid!r}", row=number)
    return sid
