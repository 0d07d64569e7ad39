"""Blank input sheets a shop fills in: headers, hints, dropdowns, one example row, widths that fit.

A template column names the reader's field (its headers come from the reader's own header table,
so a template can only offer columns the reader accepts), a hint shown when the cell is selected,
the choices of a dropdown (data validation) and the example row's value. Text columns (工号, 身份证号,
银行账号) are formatted as text so Excel never turns an 18-digit number into 1.1E+17.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import xlsxwriter

from kefu.files import atomic_write

ROWS = 500            # rows the dropdowns and formats cover
HEADER_COLOR = "#DDEBF7"
EXAMPLE_COLOR = "#F2F2F2"


@dataclass(frozen=True)
class Column:
    field: str                      # the reader's field name
    hint: str                       # shown when a cell is selected (at most 255 characters)
    kind: str = "text"              # text / date / number / percent / choice
    choices: tuple[str, ...] = ()   # a dropdown (kind "choice"), also accepted when typed
    example: Any = None
    required: bool = False
    width: float | None = None


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: dict[str, tuple[str, ...]]     # the reader's header table: field -> (zh, en, …)
    columns: tuple[Column, ...]
    note: str = ""                          # shown as the header's comment
    rows: tuple[dict, ...] = ()             # prefilled rows (field -> value) instead of the example row


def write_template(path: str | Path, sheets: Sequence[Sheet]) -> Path:
    """Write the workbook atomically (its folder made if need be); nothing is left half-written."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(Path(path), lambda tmp: _write(tmp, sheets))


def _write(path: Path, sheets: Sequence[Sheet]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    head = wb.add_format({"bold": True, "bg_color": HEADER_COLOR, "border": 1, "text_wrap": True,
                          "valign": "vcenter"})
    required = wb.add_format({"bold": True, "bg_color": HEADER_COLOR, "border": 1, "font_color": "#C00000",
                              "text_wrap": True, "valign": "vcenter"})
    formats = {"text": wb.add_format({"num_format": "@"}), "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
               "number": wb.add_format({"num_format": "General"}), "percent": wb.add_format({"num_format": "0.0%"}),
               "choice": wb.add_format({"num_format": "@"})}
    example = {k: wb.add_format({"num_format": f.num_format, "bg_color": EXAMPLE_COLOR, "italic": True})
               for k, f in formats.items()}
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        ws.freeze_panes(1, 0)
        for c, col in enumerate(sheet.columns):
            zh = sheet.headers[col.field][0]
            ws.write_string(0, c, zh, required if col.required else head)
            width = col.width or max(10.0, _display_width(zh) + 2, _display_width(str(col.example or "")) + 2)
            ws.set_column(c, c, width, formats[col.kind])
            _validation(ws, c, col, max(ROWS, len(sheet.rows) + ROWS))
            if col.example is not None and not sheet.rows:
                _write_example(ws, 1, c, col, col.example, example[col.kind])
            for r, values in enumerate(sheet.rows, start=1):
                if values.get(col.field) is not None:
                    _write_example(ws, r, c, col, values[col.field], formats[col.kind])
        ws.set_row(0, 30)
        ws.set_landscape()
        ws.set_paper(9)                       # A4
        ws.fit_to_pages(1, 0)                 # all columns on one page wide
        ws.repeat_rows(0)
        if sheet.note:
            ws.write_comment(0, 0, sheet.note, {"x_scale": 3, "y_scale": 2})
    wb.close()


def _write_example(ws, row: int, col: int, column: Column, value, fmt) -> None:
    if isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, (int, float)) and column.kind in ("number", "percent"):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _validation(ws, c: int, col: Column, last_row: int) -> None:
    options: dict[str, Any] = {"input_title": col.field[:32], "input_message": col.hint[:255],
                               "ignore_blank": True}
    if col.kind == "choice" and col.choices:
        source = list(col.choices)
        if sum(len(s) + 1 for s in source) <= 255:          # Excel's limit for a typed list
            options.update({"validate": "list", "source": source, "error_type": "warning",
                            "error_title": "不在选项里", "error_message": "可选：" + "、".join(source)[:200]})
        else:
            options.update({"validate": "any"})
    elif col.kind == "date":
        options.update({"validate": "date", "criteria": ">=", "value": date(1950, 1, 1), "error_type": "warning",
                        "error_title": "不是日期", "error_message": "请填日期，如 2026-12-01"})
    elif col.kind == "number":
        options.update({"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
                        "error_title": "不是数字", "error_message": "请填不小于 0 的数字"})
    elif col.kind == "percent":          # formatted as a percentage: typing 95 gives 95 % (stored 0.95)
        options.update({"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                        "error_type": "warning", "error_title": "不是百分数", "error_message": "请填 0%–100%，如 95"})
    else:
        options.update({"validate": "any"})
    ws.data_validation(1, c, last_row, c, options)


def _display_width(text: str) -> float:
    """Column width for a text: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in text)
