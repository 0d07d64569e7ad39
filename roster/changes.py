"""A mid-month re-plan (`roster repair`) in the supervisor's words: what it changed, cell by cell, and
the days it keeps on their own (to find the kept cells that already break a hard rule).

A supervisor has to tell each person whose days moved; "改动 7 格" alone does not say whom. Each change
is one line as the grid shows the codes:

    KF003 张三 12-10（周四）：A班 → 休
    值班 12-12（周六）：KF001 张三 → KF005 李四
"""
from __future__ import annotations

from dataclasses import dataclass

from roster.instance import OFF, Assignment, Instance
from roster.wording import code_text, instance_day, who_text


@dataclass(frozen=True)
class CellChange:
    """One person's code on one day, before and after."""

    employee_id: str
    name: str | None
    day: int
    old: str
    new: str


@dataclass(frozen=True)
class DutyChange:
    """A day whose on-duty people changed."""

    day: int
    old: tuple[str, ...]
    new: tuple[str, ...]


def cell_changes(instance: Instance, before: Assignment, after: Assignment, first_day: int = 0) -> list[CellChange]:
    """Every (person, day) from `first_day` on whose code differs, by person then day."""
    return [CellChange(person.id, person.name, d, before.codes[p][d], after.codes[p][d])
            for p, person in enumerate(instance.people) for d in range(first_day, instance.n_days)
            if before.codes[p][d] != after.codes[p][d]]


def duty_changes(instance: Instance, before: Assignment, after: Assignment, first_day: int = 0) -> list[DutyChange]:
    """Every day from `first_day` on whose on-duty people differ."""
    def people(a: Assignment, d: int) -> tuple[str, ...]:
        return tuple(sorted(instance.people[p].id for p in (a.duty[d] if d < len(a.duty) else ())))
    return [DutyChange(d, people(before, d), people(after, d)) for d in range(first_day, instance.n_days)
            if people(before, d) != people(after, d)]


def change_lines(instance: Instance, cells: list[CellChange], duty: list[DutyChange]) -> list[str]:
    """One line per changed cell, then one per changed duty day."""
    names = {p.id: p.name for p in instance.people}

    def who(ids: tuple[str, ...]) -> str:
        return "、".join(who_text(i, names.get(i)) for i in ids) or "（无）"

    lines = [f"{who_text(c.employee_id, c.name)} {instance_day(instance, c.day)}："
             f"{code_text(c.old, instance.leave)} → {code_text(c.new, instance.leave)}" for c in cells]
    lines += [f"值班 {instance_day(instance, c.day)}：{who(c.old)} → {who(c.new)}" for c in duty]
    return lines


def kept_days_only(instance: Instance, assignment: Assignment, first_day: int) -> Assignment:
    """The assignment with every shift from `first_day` on made a rest day and nobody on duty there:
    a hard rule the validator finds broken before `first_day` in it is broken by the kept days alone,
    whatever a repair puts after them (a run of working days cannot go on, a rest is never missing)."""
    codes = [[OFF if d >= first_day and code in instance.shift_ids else code for d, code in enumerate(row)]
             for row in assignment.codes]
    duty = [list(people) if d < first_day else [] for d, people in enumerate(assignment.duty)]
    return Assignment(codes, duty)
