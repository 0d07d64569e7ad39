"""Reading header-addressed sheets (Chinese or English headers) with cell-precise errors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kefu.errors import InputError


@dataclass(frozen=True)
class Cell:
    """One cell value with where it came from, so a bad value can be reported precisely."""

    value: Any
    file: Path
    sheet: str
    row: int
    column: str          # e.g. "C (岗位)"

    def error(self, message: str, zh: str | None = None) -> InputError:
        """An InputError naming this cell; `zh` is the message in Chinese (kefu/errors.py)."""
        return InputError(message, file=self.file, sheet=self.sheet, row=self.row, column=self.column, zh=zh)

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self, required: bool = False) -> str | None:
        if self.blank:
            if required:
                raise self.error("a value is required here", "此处必须填写")
            return None
        v = self.value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def date(self, required: bool = False) -> date | None:
        if self.blank:
            if required:
                raise self.error("a date is required here", "此处必须填日期")
            return None
        v = self.value
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, date):
            return v
        s = str(v).strip().replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(s) if len(s) == 10 else datetime.strptime(s, "%Y-%m-%d").date()
        except ValueError:
            raise self.error(f"expected a date like 2026-12-01, got {v!r}",
                             f"应填日期，如 2026-12-01，现为“{v}”") from None

    def flag(self, default: bool = False) -> bool:
        if self.blank:
            return default
        s = str(self.value).strip().lower()
        if s in {"是", "y", "yes", "true", "1", "√", "✓", "可"}:
            return True
        if s in {"否", "n", "no", "false", "0", "×", "不可"}:
            return False
        raise self.error(f"expected 是 or 否, got {self.value!r}", f"应填 是 或 否，现为“{self.value}”")


@dataclass(frozen=True)
class SheetRow:
    cells: dict[str, Cell]     # canonical field name -> cell
    row: int
    present: frozenset[str] = frozenset()   # the fields whose column the sheet has

    def has(self, field: str) -> bool:
        return field in self.present

    def __getitem__(self, key: str) -> Cell:
        return self.cells[key]


def open_workbook(path: Path, data_only: bool = True):
    """The workbook, read-only; a missing file or one that is not an .xlsx is one InputError."""
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except FileNotFoundError:
        raise InputError("file not found", file=path, zh="找不到文件") from None
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", file=path,
                         zh=f"不是可读取的 .xlsx 工作簿（{exc.__class__.__name__}）") from None


def read_rows(path: Path, sheet_names: tuple[str, ...], headers: dict[str, tuple[str, ...]],
              required: tuple[str, ...], optional_sheet: bool = False) -> Iterator[SheetRow] | None:
    """Rows of the first sheet found among `sheet_names`, keyed by canonical field names.

    `headers` maps each field to its accepted header spellings (zh and en, case-insensitive).
    A missing required column is an InputError naming the sheet; blank rows are skipped.
    """
    path = Path(path)
    wb = open_workbook(path)
    name = next((s for s in wb.sheetnames if s.strip() in sheet_names), None)
    if name is None:
        wb.close()
        if optional_sheet:
            return None
        raise InputError(f"no sheet named {' or '.join(sheet_names)} (sheets: {', '.join(wb.sheetnames)})",
                         file=path, zh=f"找不到工作表 {' 或 '.join(sheet_names)}（现有工作表：{'、'.join(wb.sheetnames)}）")
    rows = list(wb[name].iter_rows(values_only=True))
    wb.close()
    return _rows(path, name, rows, headers, required)


def _rows(path, sheet, rows, headers, required):
    if not rows:
        raise InputError("the sheet is empty", file=path, sheet=sheet, zh="工作表是空的")
    lookup = {s.strip().lower(): field for field, names in headers.items() for s in names}
    columns: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(rows[0]):
        if h is None:
            continue
        field = lookup.get(str(h).strip().lower())
        if field and field not in columns:
            columns[field] = (i, f"{get_column_letter(i + 1)} ({str(h).strip()})")
    for field in required:
        if field not in columns:
            zh_name, en_name = headers[field][0], headers[field][1]
            raise InputError(f"missing column {zh_name} / {en_name}", file=path, sheet=sheet, row=1,
                             zh=f"缺少“{zh_name}”列（表头也可写作 {en_name}）")
    out = []
    for r, values in enumerate(rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cells = {f: Cell(values[i] if i < len(values) else None, path, sheet, r, col)
                 for f, (i, col) in columns.items()}
        for f in headers:
            cells.setdefault(f, Cell(None, path, sheet, r, headers[f][0]))
        out.append(SheetRow(cells, r, frozenset(columns)))
    return iter(out)
