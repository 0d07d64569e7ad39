"""The one record of a rule a roster does not meet: a hard violation or a soft penalty.

The solver reads its penalties back as Breaches (roster.planner), the validator returns its hard
violations and soft penalties as Breaches (roster.validate), and the CLI and the workbook show them.
(`rules.base.Penalty` is something else: the model's term, an expression the solver minimises.)

    Breach(rule_id, person, name, day, date, units, words, figures, hard, weight)
    breach.amount      weight × units when soft, 0 when hard
    str(breach)        每月公休（rest_days）：KF006 张伟 本月公休 5 天，规定恰好 4 天

A check builds its Breaches with `breach(instance, rule_id, p, d, ...)`, from the person's and the
day's index; `hard` and `weight` left None take the rule's setting when the validator prices them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from roster.instance import Instance
from roster.wording import rule_title


@dataclass(frozen=True)
class Breach:
    """`units` of `rule_id` not met by one person (or a day, a group), in words for the supervisor."""

    rule_id: str
    person: str | None          # the employee id; None: a day's or a group's
    name: str | None            # the person's name
    day: int | None             # the day's index in the horizon; negative: the previous month's days
    date: Date | None           # that day's date (None outside the horizon)
    units: int                  # by how much the rule is missed (people, days, minutes, …)
    words: str                  # Chinese, for the supervisor: who, which day(s), the figures
    figures: dict = field(default_factory=dict)
    hard: bool | None = None    # None: as the rule's setting says
    weight: int | None = None   # points a unit when soft; None: the rule's setting

    @property
    def amount(self) -> int:
        """The points it costs: weight × units when soft, 0 when hard (a hard rule is not priced)."""
        return 0 if self.hard else self.units * (self.weight or 0)

    @property
    def priced_words(self) -> str:
        """The words with the price: 12-02（周三）只休了 1 天就上班，规定至少连休 2 天（1 × 权重 3）."""
        return self.words if self.hard or self.weight is None else f"{self.words}（{self.units} × 权重 {self.weight}）"

    def __str__(self) -> str:
        if self.hard:
            return f"{rule_title(self.rule_id)}：{self.words}"
        return f"{rule_title(self.rule_id)}：{self.priced_words}，扣 {self.amount} 分"


def breach(inst: Instance, rule_id: str, p: int | None, d: int | None, units: int, words: str,
           figures: dict | None = None, hard: bool | None = None, weight: int | None = None) -> Breach:
    """The Breach of person index p (or None) on day index d (or None) of the instance."""
    person = inst.people[p] if p is not None and 0 <= p < len(inst.people) else None
    when = inst.days[d].date if d is not None and 0 <= d < inst.n_days else None
    return Breach(rule_id, person.id if person else None, person.name if person else None, d, when, units,
                  words, figures or {}, hard, weight)
