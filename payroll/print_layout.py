"""How the finance workbook fits the screen and A4 paper: column widths from their content, row heights
of wrapped text, and where a wide sheet breaks across pages.

Widths are in Excel's character units (the width of a digit of the default font). A Chinese character
takes about two of them; the estimates below err on the wide side, because a cell too narrow for its
number shows ### and a wrapped row too short hides its last line.
"""
from __future__ import annotations

import functools
import math
import unicodedata
from typing import Sequence

# A4 in points, and the margins the workbook sets (inches, as XlsxWriter takes them)
A4_LONG, A4_SHORT = 842.0, 595.0
MARGIN_SIDE, MARGIN_TOP, MARGIN_HEADER = 0.4, 0.6, 0.3
# What of the printable width we plan to fill: room to spare for a substitute font a little wider.
SAFE_SHARE = 0.9
MIN_PRINT_SCALE = 70          # below this the register's 10-point text is no longer readable on paper
LINE_HEIGHT = 15.0            # points per line of 10-point text, Chinese glyphs included
WIDE_CHAR = 2.0               # a Chinese character, in digit widths (a 10-point CJK glyph is 13.3 px, a digit 7)
NARROW_CHAR = 1.0             # a digit or Latin letter
PADDING = 2.0


@functools.lru_cache(maxsize=1 << 16)       # labels, names and reasons repeat across 10,000 rows
def text_width(text: str) -> float:
    """The width of `text` in digit widths."""
    if text.isascii():
        return len(text) * NARROW_CHAR
    return sum(WIDE_CHAR if unicodedata.east_asian_width(ch) in "WF" else NARROW_CHAR for ch in text)


def fit_width(texts: Sequence[str], header: str = "", header_lines: int = 2, least: float = 5,
              most: float = 60) -> float:
    """A column width holding every text on one line and the header on at most `header_lines` lines."""
    need = max((text_width(t) for t in texts), default=0)
    head = text_width(header)
    need = max(need, head / header_lines if head > 8 else head)
    return round(min(max(need + PADDING, least), most), 1)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` needs for `text` (explicit line breaks kept)."""
    room = max(width - PADDING, 1.0)
    return sum(max(1, math.ceil(text_width(part) / room)) for part in str(text).split("\n"))


def row_height(cells: Sequence[tuple[str, float]]) -> float:
    """The height of a row whose wrapped cells are (text, column width)."""
    return LINE_HEIGHT * max((lines_needed(t, w) for t, w in cells if t), default=1) + 1


def column_points(width: float) -> float:
    """A column of `width` characters in points (Excel: 7 pixels a character plus 5, at 96 dpi)."""
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return pixels * 0.75


def printable_width(landscape: bool = True) -> float:
    """Points across an A4 page inside the side margins."""
    return (A4_LONG if landscape else A4_SHORT) - 2 * 72 * MARGIN_SIDE


def printable_height(landscape: bool = True) -> float:
    """Points down an A4 page inside the top and bottom margins (the page header and footer sit in them)."""
    return (A4_SHORT if landscape else A4_LONG) - 2 * 72 * MARGIN_TOP


def units_across(landscape: bool = True, scale: int = 100) -> float:
    """The character units of columns that fit across a page at `scale` %."""
    points = printable_width(landscape) * SAFE_SHARE * 100 / scale
    return (points / 0.75 - 5) / 7


def _pack(points: Sequence[float], repeated: int, room: float) -> list[int] | None:
    """Greedy page breaks (indexes of the first column of each later page); None when a column cannot fit."""
    fixed = sum(points[:repeated])
    breaks, used = [], fixed
    for i in range(repeated, len(points)):
        if fixed + points[i] > room:
            return None
        if used + points[i] > room:
            breaks.append(i)
            used = fixed
        used += points[i]
    return breaks


def pages_across(widths: Sequence[float], repeated: int = 0, landscape: bool = True,
                 least_scale: int = MIN_PRINT_SCALE) -> tuple[int, list[int]]:
    """(print scale %, column page breaks) for a sheet whose first `repeated` columns print on every page.

    The fewest pages across that a scale of at least `least_scale` allows, at the largest scale that
    still needs no more: a register that fits one page at 85 % prints on one page at 85 %, one that needs
    three at 70 % prints on three at the largest scale that keeps it to three.
    """
    points = [column_points(w) for w in widths]
    width = printable_width(landscape) * SAFE_SHARE
    best: tuple[int, int, list[int]] | None = None          # (pages, -scale, breaks)
    for scale in range(100, least_scale - 1, -1):
        breaks = _pack(points, repeated, width * 100 / scale)
        if breaks is None:
            continue
        option = (len(breaks) + 1, -scale, breaks)
        if best is None or option[:2] < best[:2]:
            best = option
    if best is None:       # a single column wider than a page even at the least scale: let it be cut
        return least_scale, []
    return -best[1], best[2]
