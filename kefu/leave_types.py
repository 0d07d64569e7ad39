"""Leave types 假期类型 as policy data: the `[team.leave_types.<CODE>]` tables, shared by roster and payroll.

A leave type has a roster code (CSV, rule messages), a Chinese name, the one-character mark the grid
shows, how it is paid, whether it stands in for a regular rest day 公休, whether it counts as attended
toward the standard hours (kefu.working_time.month_hours), the spellings the requests sheet and a
hand-edited grid may use, and optionally the most days one request may ask. The policy's table is the
complete list; without one, the three types the tool always had apply (年假 AL paid, 事假 PL unpaid,
病假 SL paid at [payroll.leave].sick_pay_ratio), with the same spellings and colours as before.

`LeaveTypes` is the catalogue built once from the table: code lookup for any spelling, marks, names,
fills. The roster reader, the grid writer, the requests sheet and payroll attendance all read codes
through it, so a type added to the policy is known everywhere at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kefu.policy_file import PolicyValueError

# codes the roster already uses for non-leave days; a leave type may not take them
RESERVED_CODES = ("OFF", "HOL", "NA")
RESERVED_MARKS = ("休", "节", "—", "-", "–", "－", "值", "★", "☆", "*", "＊")
PAY_KINDS = {"full": "全薪", "unpaid": "无薪", "sick_pay": "按病假工资比例", "ratio": "按比例"}


class LeaveType(BaseModel):
    """One `[team.leave_types.<CODE>]` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str                                    # 年假, shown in messages and the legend
    mark: str                                    # one character in the grid: 年
    pay: Literal["full", "unpaid", "sick_pay", "ratio"]
    pay_ratio: Decimal | None = Field(None, ge=0, le=1)   # pay = "ratio": share of the daily wage paid
    counts_as_rest_day: bool = False             # stands in for one of the month's regular rest days
    attended: bool = True                        # counts as attended toward the standard hours
    annual: bool = False                         # the statutory annual leave (balance in the ledger)
    max_days: int | None = Field(None, ge=1)     # most calendar days one request may ask (None: no limit)
    aliases: list[str] = []                      # other spellings (requests sheet, hand-edited grid)
    fill: str = "E2EFDA"                         # grid cell colour, RRGGBB

    @model_validator(mode="after")
    def _consistent(self) -> "LeaveType":
        if len(self.mark) != 1 or self.mark in RESERVED_MARKS:
            raise PolicyValueError(f"mark must be one character other than {' '.join(RESERVED_MARKS)}, "
                                   f"got {self.mark!r}",
                                   f"mark 应为一个字符（不能是 {'、'.join(RESERVED_MARKS)}），现为“{self.mark}”")
        if (self.pay == "ratio") != (self.pay_ratio is not None):
            raise PolicyValueError('pay_ratio is given exactly when pay = "ratio"',
                                   '只有 pay = "ratio" 时才写 pay_ratio，且必须写')
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", self.fill):
            raise PolicyValueError(f"fill must be a colour RRGGBB, got {self.fill!r}",
                                   f"fill 应为颜色 RRGGBB，如 C6E0B4，现为“{self.fill}”")
        return self


# The types the tool has always known, as they were before leave types became policy data.
DEFAULT_LEAVE_TYPES: dict[str, LeaveType] = {
    "AL": LeaveType(name="年假", mark="年", pay="full", annual=True, aliases=["annual"], fill="C6E0B4"),
    "PL": LeaveType(name="事假", mark="事", pay="unpaid", aliases=["personal"], fill="FFE699"),
    "SL": LeaveType(name="病假", mark="病", pay="sick_pay", aliases=["sick"], fill="F4B084"),
}


def check_leave_types(types: Mapping[str, LeaveType]) -> None:
    """Codes are capital letters and not OFF/HOL/NA; no spelling names two types; one annual type at most."""
    seen: dict[str, str] = {}
    for code, t in types.items():
        if not re.fullmatch(r"[A-Z]{1,4}", code) or code in RESERVED_CODES:
            raise PolicyValueError(f"leave code {code!r} must be 1-4 capital letters other than "
                                   f"{', '.join(RESERVED_CODES)}",
                                   f"假期代码“{code}”应为 1-4 个大写字母，且不能是 {'、'.join(RESERVED_CODES)}")
        for s in (code, t.name, t.mark, *t.aliases):
            key = s.strip().lower()
            if key in seen and seen[key] != code:
                raise PolicyValueError(f"{s!r} names both leave types {seen[key]} and {code}",
                                       f"“{s}”同时是假期 {seen[key]} 和 {code} 的写法")
            seen[key] = code
    annual = [c for c, t in types.items() if t.annual]
    if len(annual) > 1:
        raise PolicyValueError(f"only one leave type may be annual = true, got {', '.join(annual)}",
                               f"只能有一种假期 annual = true，现有 {'、'.join(annual)}")


@dataclass(frozen=True)
class LeaveTypes:
    """The catalogue of leave types of one policy, with the lookups readers need (built once)."""

    types: Mapping[str, LeaveType]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for code, t in self.types.items():
            for s in (code, t.name, t.mark, *t.aliases):
                self._lookup["".join(s.split()).lower()] = code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.types)

    def __contains__(self, code: object) -> bool:
        return code in self.types

    def __getitem__(self, code: str) -> LeaveType:
        return self.types[code]

    def code_for(self, text: str) -> str | None:
        """The code a spelling names (code, name, mark or alias; case and spaces ignored), or None."""
        return self._lookup.get("".join(str(text).split()).lower())

    def mark(self, code: str) -> str:
        return self.types[code].mark

    def name(self, code: str) -> str:
        return self.types[code].name

    @property
    def annual_code(self) -> str | None:
        """The code of the statutory annual leave (年假), whose days reduce the ledger's balance."""
        return next((c for c, t in self.types.items() if t.annual), None)

    def with_pay(self, *kinds: str) -> tuple[str, ...]:
        return tuple(c for c, t in self.types.items() if t.pay in kinds)


DEFAULT_LEAVE = LeaveTypes(DEFAULT_LEAVE_TYPES)
