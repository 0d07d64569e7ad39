"""User-facing input errors: one message naming file, sheet, row and column."""
from __future__ import annotations

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

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(Path(self.file).name)
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


class RulesConflict(Exception):
    """The hard rules cannot all hold; the message explains which rules and days conflict."""
