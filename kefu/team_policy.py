"""The `[team]` policy table roster and payroll both read: roles (售前, 售后, 主管/组长 and the spellings
the team sheet may use), shops and their channel (集市 or 天猫), the default social-insurance city and the
leave types. `Strict` is the base of the policy models: unknown keys are rejected, values are frozen.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from kefu.leave_types import DEFAULT_LEAVE_TYPES, LeaveType, LeaveTypes, check_leave_types


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- [team]
class RoleDef(Strict):
    name: str                                  # shown in workbooks, e.g. 售前
    aliases: list[str] = []                    # other spellings accepted in the team sheet
    lead: bool = False                         # 主管/组长


class ShopDef(Strict):
    channel: str                               # 集市 or 天猫: selects the daily sales target
    aliases: list[str] = []


class TeamPolicy(Strict):
    roles: dict[str, RoleDef]
    shops: dict[str, ShopDef] = {}
    default_city: str | None = None
    # [team.leave_types.<CODE>]: the complete list when given (kefu.leave_types); AL/PL/SL otherwise
    leave_types: dict[str, LeaveType] = DEFAULT_LEAVE_TYPES

    @field_validator("leave_types")
    @classmethod
    def _leave_types(cls, v: dict[str, LeaveType]) -> dict[str, LeaveType]:
        check_leave_types(v)
        return v

    @property
    def leave(self) -> LeaveTypes:
        """The leave-type catalogue every reader of roster codes uses."""
        return LeaveTypes(self.leave_types)

    def role_lookup(self) -> dict[str, str]:
        """Every accepted spelling (id, name, alias; case-insensitive) -> role id."""
        out: dict[str, str] = {}
        for rid, r in self.roles.items():
            for s in (rid, r.name, *r.aliases):
                out[s.strip().lower()] = rid
        return out

    def shop_lookup(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for sid, s in self.shops.items():
            for a in (sid, *s.aliases):
                out[a.strip().lower()] = sid
        return out
