"""User-facing input errors: one message naming file, sheet, row and column.

An InputError carries its message twice: `message` in English (what `str()` shows; payroll prints
it so) and `zh` in Chinese, which the roster CLI prints with the place in Chinese (`chinese()`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """A problem in a file the user gave us; printed as one line, never as a traceback."""

    message: str
    file: str | Path | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    zh: str | None = None          # the message in Chinese (None: only the English is known)

    def __str__(self) -> str:
        return self._placed(", ", "sheet {}", "row {}", lambda column: f"column {column}", self.message)

    def chinese(self) -> str:
        """The place and the message in Chinese: 'team.xlsx，工作表 员工，第 3 行，C 列（岗位）：…'."""
        return self._placed("，", "工作表 {}", "第 {} 行", _column_zh, self.zh or self.message, "：")

    def _placed(self, sep: str, sheet: str, row: str, column, message: str, colon: str = ": ") -> str:
        where = [Path(self.file).name] if self.file is not None else []
        if self.sheet:
            where.append(sheet.format(self.sheet))
        if self.row is not None:
            where.append(row.format(self.row))
        if self.column:
            where.append(column(self.column))
        return (sep.join(where) + colon if where else "") + message


def _column_zh(column: str) -> str:
    """'C (岗位)' -> 'C 列（岗位）'; 'B' -> 'B 列'."""
    m = re.fullmatch(r"([A-Z]{1,3}) \((.*)\)", column)
    return f"{m.group(1)} 列（{m.group(2)}）" if m else f"{column} 列"


class RulesConflict(Exception):
    """The hard rules cannot all hold; the message explains which rules and days conflict."""
