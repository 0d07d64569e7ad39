"""Writing the finance workbook's sheets with XlsxWriter: the formats, how a value is shown (one rounding,
counts with only the decimals they have), column widths from the content, and the small sheet writer
the sheets of payroll.excel are built with."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

import xlsxwriter

from payroll.print_layout import LINE_HEIGHT, MARGIN_HEADER, MARGIN_SIDE, MARGIN_TOP, fit_width, lines_needed, row_height
from payroll.register import RegisterRow

MONEY = "#,##0.00"
DEFAULT_FONT = {"font_name": "Arial", "font_size": 10}
HEADER_FILL = "#DDEBF7"
TOTAL_FILL = "#FFF2CC"
BORDER_COLOR = "#999999"
A4 = 9                       # XlsxWriter's paper code for A4
HEADER_HEIGHT = 2 * LINE_HEIGHT + 2      # header labels wrap onto at most two lines
SLIP_ITEMS_PER_ROW = 10
SLIP_WIDTH = 12.5            # every slip column: a label of up to 10 characters on two lines, 9,999,999.99
SLIP_PRINT_SCALE = 85
TITLE_SIZE = 14
TITLE_HEIGHT = 20.0
PAGE_FOOTER = "&C第 &P 页，共 &N 页"



@dataclass(frozen=True)
class Col:
    label: str
    get: Any                 # RegisterRow -> value
    money: bool = False      # an amount in yuan (2 decimals); otherwise a count shown with the decimals it has



# --- how values are shown -----------------------------------------------------------------------

def count_format(values: Iterable[Any]) -> str:
    """A count's number format with as many decimals as its values have (26 → 26, 0.5 → 0.5), at most 2."""
    places = 0
    for v in values:
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            d = Decimal(str(v)).normalize()
            places = max(places, min(-d.as_tuple().exponent, 2) if d.as_tuple().exponent < 0 else 0)
    return "#,##0" + ("." + "0" * places if places else "")


def shown(value: Any, number_format: str | None) -> str:
    """A value as the cell shows it, for measuring its width."""
    if value is None:
        return ""
    if number_format and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        places = len(number_format.split(".")[1]) if "." in number_format else 0
        return f"{Decimal(str(value)):,.{places}f}"
    return str(value)


def column_formats(cols: Sequence[Col], rows: Sequence[RegisterRow]) -> list[str | None]:
    """The number format of each column: MONEY for amounts, a count format for the other numbers, else text."""
    out: list[str | None] = []
    for c in cols:
        values = [c.get(r) for r in rows]
        numeric = any(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values)
        out.append(MONEY if c.money else count_format(values) if numeric else None)
    return out


def _widest(values: Iterable[Any], number_format: str | None) -> list[str]:
    """The texts that decide a column's width: every text, and for numbers the largest and smallest."""
    texts, numbers = [], []
    for v in values:
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            numbers.append(v)
        elif v is not None:
            texts.append(str(v))
    if numbers:
        texts += [shown(max(numbers), number_format), shown(min(numbers), number_format)]
    return texts


# --- sheet writer -------------------------------------------------------------------------------

class _Sheet:
    """One worksheet written row after row (constant-memory mode needs rows in order).

    Each style combination becomes one XlsxWriter Format, made on first use and reused: formats are
    workbook-wide records, and one per cell would bloat styles.xml.
    """

    def __init__(self, book: "_Book", name: str, widths: Sequence[float] = ()):
        self.book = book
        self.ws = book.wb.add_worksheet(name)
        self.row = 0                 # next row to write (0-based)
        self.widths = list(widths)
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def a4(self, landscape: bool = True, fit_to_width: bool = False) -> None:
        """Print on A4 with the page number in the footer; `fit_to_width`: one page wide, as long as needed."""
        ws = self.ws
        ws.set_paper(A4)
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
        ws.set_footer(PAGE_FOOTER, {"margin": MARGIN_HEADER})
        if fit_to_width:
            ws.fit_to_pages(1, 0)

    def _put(self, col: int, value: Any, fmt) -> None:
        ws, row = self.ws, self.row
        if value is None or value == "":           # an empty cell, as openpyxl wrote it
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float, Decimal)):
            # Amounts are Decimals already rounded to the fen; a float keeps the 2 decimals exactly
            # as far as Excel can show them (15 significant digits).
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)   # never a formula or a link, whatever the text

    def height(self, points: float | None) -> None:
        """The height of the next row (before any of its cells is written)."""
        if points is not None:
            self.ws.set_row(self.row, points)

    def header(self, labels: Iterable[str], height: float | None = None) -> None:
        self.height(height)
        fmt = self.book.fmt("header")
        for i, label in enumerate(labels):
            self._put(i, label, fmt)
        self.row += 1

    def values(self, values: Iterable[Any], money: Sequence[bool | str | None], fill: str | None = None,
               bold: bool = False, box: bool = True, wrap: Sequence[int] = ()) -> None:
        """One row; `money` gives each cell's number format (True: yuan with 2 decimals; a format; none)."""
        values = list(values)
        if wrap and self.widths:
            self.height(row_height([(str(values[i]), self.widths[i]) for i in wrap
                                    if i < len(values) and i < len(self.widths) and values[i] not in (None, "")]))
        fmt = self.book.fmt
        for i, (v, number) in enumerate(zip(values, money)):
            number_format = MONEY if number is True else (number or None)
            is_number = isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
            self._put(i, v, fmt("wrap" if i in wrap else "value", number_format if is_number else None, fill, bold,
                                box))
        self.row += 1

    def plain(self, *values: Any) -> None:
        for i, v in enumerate(values):
            self._put(i, v, None)
        self.row += 1

    def title(self, text: str) -> None:
        self.height(TITLE_HEIGHT)
        self._put(0, text, self.book.fmt("title"))
        self.row += 1

    def note(self, text: str, columns: int) -> None:
        """Words across the first `columns` columns, wrapped, the row as tall as they need."""
        width = sum(self.widths[:columns])
        self.height(LINE_HEIGHT * lines_needed(text, width) + 1)
        self.ws.merge_range(self.row, 0, self.row, columns - 1, text, self.book.fmt("note"))
        self.row += 1

    def blank(self) -> None:
        self.row += 1


class _Book:
    def __init__(self, path: Path):
        # constant_memory: each sheet's rows go to a temporary file as soon as the next row starts.
        # Arial 10 rather than Calibri 11: the same 7-pixel character unit in Excel, and metric-compatible
        # substitutes (Liberation Sans) where Calibri is missing, so columns print as wide as planned.
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                                   "strings_to_urls": False, "strings_to_numbers": False,
                                                   "default_format_properties": DEFAULT_FONT,
                                                   "default_row_height": 20})    # 15 pt: room for Chinese
        self._formats: dict[tuple, Any] = {}

    def fmt(self, kind: str, number: str | bool | None = None, fill: str | None = None, bold: bool = False,
            box: bool = True):
        number = MONEY if number is True else (number or None)
        key = (kind, number, fill, bold, box)
        f = self._formats.get(key)
        if f is None:
            props: dict[str, Any] = {"valign": "vcenter"}
            if kind == "header":
                props = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": BORDER_COLOR,
                         "align": "center", "valign": "vcenter", "text_wrap": True}
            elif kind == "title":
                props = {"bold": True, "font_size": TITLE_SIZE}
            elif kind == "note":
                props.update(text_wrap=True)
            else:
                if number:
                    props.update(num_format=number, align="right")
                if box:
                    props.update(border=1, border_color=BORDER_COLOR)
                if fill is not None:
                    props.update(pattern=1, bg_color=fill)
                if bold:
                    props["bold"] = True
                if kind == "wrap":
                    props.update(text_wrap=True, valign="top")
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def sheet(self, name: str, widths: Sequence[float] = ()) -> _Sheet:
        return _Sheet(self, name, widths)


def _fitted(labels: Sequence[str], rows: Sequence[Sequence[Any]], formats: Sequence[str | bool | None],
            most: Sequence[float] | None = None) -> list[float]:
    """Column widths from a table's labels and rows (each column as wide as its widest shown value)."""
    out = []
    for i, label in enumerate(labels):
        number = MONEY if formats[i] is True else (formats[i] or None)
        out.append(fit_width(_widest((r[i] for r in rows), number), label,
                             most=most[i] if most is not None else 60))
    return out
