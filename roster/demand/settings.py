"""The `[roster.demand]` policy table: service-level targets, roles' concurrency and handle time,
shrinkage, break windows, promotion multipliers and the interval-cover rule's weight.

Defaults from the seeds [000] (接待及时性): first reply within 30 s, reply rate at least 98 %, a
chat with no reply in 60 s is delayed and delays at most 5 %. Percent values are percent numbers
(80 means 80 %); every target is inclusive (≥ share, ≤ delay).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kefu.policy_file import PolicyValueError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


def window_minutes(text: str) -> tuple[int, int]:
    """'12:00-14:00' -> (720, 840); an end at or before the start is the next day."""
    m = _WINDOW.match(text.strip())
    if not m or int(m.group(1)) > 24 or int(m.group(3)) > 24 or int(m.group(2)) > 59 or int(m.group(4)) > 59:
        raise PolicyValueError(f"break window must be HH:MM-HH:MM, got {text!r}",
                               f"休息时段应写成 HH:MM-HH:MM，如 12:00-14:00，现为“{text}”")
    start = int(m.group(1)) * 60 + int(m.group(2))
    end = int(m.group(3)) * 60 + int(m.group(4))
    return start, end if end > start else end + 24 * 60


class RoleDemand(_Strict):
    """One role's queue: chats served at once, handle time per chat, hard minimum on shift."""
    concurrency: int = Field(1, ge=1, le=20)         # chats one agent serves at once
    aht_seconds: int = Field(180, ge=1)              # handle time of one chat at that concurrency
    minimum: int = Field(1, ge=0)                    # hard: people of the role on shift in every open interval


class DemandPolicy(_Strict):
    """Staffing from demand (`roster solve --demand`): required people per interval from the chats,
    by Erlang C (or Erlang A with abandonment), shortfall `weight` per missing person per interval."""
    interval_minutes: Literal[15, 30, 60] = 30
    model: Literal["erlang_c", "erlang_a"] = "erlang_c"
    first_reply_seconds: int = Field(30, ge=1)                     # [000] 30 秒内予以回复
    first_reply_share: Decimal = Field(Decimal(80), ge=0, lt=100)  # company choice: % answered within it
    delay_seconds: int = Field(60, ge=1)                           # [000] 60 秒无回应则为延误
    delay_share_max: Decimal = Field(Decimal(5), gt=0, le=100)     # [000] 延误率不得超过 5 %
    reply_rate_min: Decimal = Field(Decimal(98), ge=0, le=100)     # [000] 回复率不低于 98 % (Erlang A: 1 − abandonment)
    patience_seconds: int = Field(180, ge=1)                       # Erlang A: mean time before a customer leaves
    shrinkage: Decimal = Field(Decimal(10), ge=0, lt=100)          # % of paid time off the queue besides breaks
    hard: bool = False
    weight: int = Field(20, ge=0)                                  # per missing person per interval
    roles: dict[str, RoleDemand] = {}
    break_windows: dict[str, str] = {}                             # shift -> "12:00-14:00": breaks staggered there
    promotion_multipliers: dict[str, Decimal] = {}                 # "MM-DD" -> × the forecast

    @field_validator("break_windows")
    @classmethod
    def _windows(cls, v: dict[str, str]) -> dict[str, str]:
        for text in v.values():
            window_minutes(text)
        return v

    @field_validator("promotion_multipliers")
    @classmethod
    def _mmdd(cls, v: dict[str, Decimal]) -> dict[str, Decimal]:
        for day, x in v.items():
            if not re.fullmatch(r"\d{2}-\d{2}", day):
                raise PolicyValueError(f"promotion day must be MM-DD, got {day!r}",
                                       f"大促日应写成 MM-DD，如 12-12，现为“{day}”")
            if x <= 0:
                raise PolicyValueError(f"promotion multiplier of {day} must be above 0, got {x}",
                                       f"{day} 的大促倍数应大于 0，现为 {x}")
        return v
