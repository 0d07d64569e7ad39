"""The machine-readable outputs: the register CSV and the pay-ledger lines CSV, and staged file writes.

    payroll-YYYY-MM.csv        one row per employee: employee_id, name, shop, role, days_worked, base,
                               gross (应发), pension, medical, unemployment, housing_fund, social_insurance
                               (their total), income_tax, cumulative_taxable_income (累计应纳税所得额),
                               tax_withheld_ytd (累计已扣税), after_tax_deductions (税后扣款), net (实发)
                               = gross − social_insurance − income_tax − after_tax_deductions; amounts
                               withheld are positive
    payroll-YYYY-MM-lines.csv  the pay ledger: employee_id, rule_id, amount (signed, 2 decimals), reason

Both are UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens the names correctly and
csv/pandas readers (encoding "utf-8-sig") read them unchanged. `StagedFiles` writes every output to a
temporary file in the target directory and renames them all only when every one is complete; a file it
replaces is kept as a dated backup beside it (kefu.backups).
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

from kefu.backups import Backup, replace_keeping_backups
from kefu.files import temp_beside
from payroll.lines import PayLine
from payroll.register import SI_ITEMS, Register

ENCODING = "utf-8-sig"
REGISTER_COLUMNS = ("employee_id", "name", "shop", "role", "days_worked", "base", "gross", "pension", "medical",
                    "unemployment", "housing_fund", "social_insurance", "income_tax", "cumulative_taxable_income",
                    "tax_withheld_ytd", "after_tax_deductions", "net")
LINE_COLUMNS = ("employee_id", "rule_id", "amount", "reason")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """A user's text as a CSV cell a spreadsheet will not run: one starting like a formula (= + - @,
    tab, carriage return) gets a leading apostrophe (OWASP's CSV-injection advice); amounts are not
    text and keep their sign."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def money(x: Decimal | None) -> str:
    return "" if x is None else f"{x:.2f}"


def register_rows(register: Register) -> Iterable[tuple]:
    for r in register.rows:
        yield (text(r.employee_id), text(r.name), text(r.shop), text(r.role), r.attendance.get("days_worked", 0), money(r.base),
               money(r.gross), *(money(r.si_items.get(k)) for k, _ in SI_ITEMS), money(r.social_insurance),
               money(r.income_tax), money(r.cumulative_taxable), money(r.cumulative_tax), money(r.after_tax),
               money(r.net))


def write_register_csv(path: Path, register: Register) -> None:
    with open(path, "w", newline="", encoding=ENCODING) as fh:
        w = csv.writer(fh)
        w.writerow(REGISTER_COLUMNS)
        w.writerows(register_rows(register))


def write_lines_csv(path: Path, lines: Sequence[PayLine]) -> None:
    with open(path, "w", newline="", encoding=ENCODING) as fh:
        w = csv.writer(fh)
        w.writerow(LINE_COLUMNS)
        w.writerows((text(ln.employee_id), ln.rule_id, money(ln.amount), text(ln.reason)) for ln in lines)


class StagedFiles:
    """Temporary files next to their targets, renamed into place together by `commit()`.

        with StagedFiles() as staged:
            write_lines_csv(staged.path(out / "x.csv"), lines)
            staged.commit()          # nothing is renamed if the block raised before this

    On leaving the block every temporary file that was not committed is removed. `backups` lists the
    dated backups `commit()` made of the files it replaced.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self.backups: list[Backup] = []

    def path(self, target: Path) -> Path:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(target)        # readable like any file the user writes, not 0600
        self._pending.append((tmp, target))
        return tmp

    def commit(self) -> list[Path]:
        done = [target for _, target in self._pending]
        self.backups += replace_keeping_backups(self._pending)
        self._pending = []
        return done

    def __enter__(self) -> "StagedFiles":
        return self

    def __exit__(self, *exc) -> None:
        for tmp, _ in self._pending:
            tmp.unlink(missing_ok=True)
        self._pending = []
