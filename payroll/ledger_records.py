"""What the pay ledger hands out and takes in: its error, the records of runs, reopens and the log, and
the history a month's rules read (LedgerHistory) — plain data, apart from the SQLite operations of
payroll.ledger."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Sequence

from kefu.working_time import MonthHours
from payroll.ledger_codec import sha256_file, shift_month
from payroll.statutory.income_tax import TaxYTD


class LedgerError(Exception):
    """The ledger refuses an operation (closed month, earlier month still open, ...); one clear line.

    `str()` is the English message; `zh` says the same in Chinese, which the `payroll` command prints.
    """

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh or message


@dataclass(frozen=True)
class InputFile:
    """One file that produced a run: what it was (team, policy, kpi, attendance), its name and hash."""

    role: str
    name: str
    sha256: str

    @classmethod
    def of(cls, role: str, path: str | Path) -> "InputFile":
        path = Path(path)
        return cls(role, path.name, sha256_file(path))


@dataclass(frozen=True)
class RunInfo:
    month: str
    status: str
    run_at: str
    closed_at: str | None
    inputs: tuple[InputFile, ...]
    policy_sha256: str
    employees: int
    total: Decimal


@dataclass(frozen=True)
class EmployeeState:
    """What a month leaves for the next: the level after its level changes, deductions carried over."""

    sheet_level: str | None
    level_after: str | None
    fault_carry: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class ReopenEntry:
    month: str
    reason: str
    reopened_at: str
    closed_at: str | None
    user: str = ""


@dataclass(frozen=True)
class LogEntry:
    """One event of `payroll log`: a run, close or reopen of a month, when (UTC ISO), by whom, and why."""

    month: str
    action: str
    at: str
    detail: str
    user: str


class LedgerHistory:
    """What closed months say about the past, as seen from `month` (the History protocol of the rules)."""

    def __init__(self, month: str, facts: Mapping[str, list[tuple[str, Any]]], ytd: Mapping[str, TaxYTD],
                 state: Mapping[str, EmployeeState] | None = None,
                 hours: Mapping[str, Mapping[str, MonthHours]] | None = None,
                 annual_taken: Mapping[str, Decimal] | None = None,
                 annual_carry: Mapping[str, Decimal] | None = None,
                 net_carry: Mapping[str, Decimal] | None = None):
        self.month = month
        self._facts = facts            # employee -> [(month, facts)] newest first
        self._ytd = ytd
        self._state = state or {}      # employee -> state left by the latest closed month
        self._hours = hours or {}      # employee -> {month: working time of that closed month}
        self._annual_taken = annual_taken or {}   # employee -> annual-leave days of this year's closed months
        self._annual_carry = annual_carry or {}   # employee -> days left after last year's last closed month
        self._net_carry = net_carry or {}         # employee -> negative net carried from last month (> 0)

    def facts(self, employee_id: str, months_back: int) -> list[Any]:
        """The employee's facts of the `months_back` calendar months before this one, newest first.

        A month without a closed record is simply absent, so "N months running" rules see a gap.
        """
        oldest = shift_month(self.month, -months_back)
        return [f for m, f in self._facts.get(employee_id, []) if m >= oldest]

    def tax_ytd(self, employee_id: str) -> TaxYTD:
        """Income-tax year-to-date before this month (zero in January or for someone new)."""
        return self._ytd.get(employee_id, TaxYTD())

    def level(self, employee_id: str, sheet_level: str | None) -> str | None:
        """The level to pay at: the ledger's level after a demotion while the team sheet still shows the
        level it had then; once HR edits the sheet's level, the sheet wins."""
        st = self._state.get(employee_id)
        if st is not None and st.sheet_level == sheet_level:
            return st.level_after
        return sheet_level

    def annual_leave_taken(self, employee_id: str) -> Decimal:
        """Annual-leave days of this year's closed months before this one (a reopened month gives its back)."""
        return self._annual_taken.get(employee_id, Decimal(0))

    def annual_leave_left_last_year(self, employee_id: str) -> Decimal:
        """Days left (≥ 0) after last year's latest closed month: what a carry-over brings into this year."""
        return max(self._annual_carry.get(employee_id, Decimal(0)), Decimal(0))

    def negative_net_carried(self, employee_id: str) -> Decimal:
        """Last month's negative net carried over to be deducted this month (0 when none; month closed)."""
        return self._net_carry.get(employee_id, Decimal(0))

    def fault_carry(self, employee_id: str) -> Decimal:
        """Fault deductions above last month's cap, still to be deducted."""
        st = self._state.get(employee_id)
        return st.fault_carry if st is not None else Decimal("0.00")

    def month_hours(self, employee_id: str, months: Sequence[str]) -> dict[str, MonthHours]:
        """The working time of those of `months` that are closed for the employee (a settlement period)."""
        held = self._hours.get(employee_id, {})
        return {m: held[m] for m in months if m in held}


def empty_history(month: str) -> LedgerHistory:
    return LedgerHistory(month, {}, {})
