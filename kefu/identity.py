"""身份证号 and 银行账号 from the team sheet: read as text, checked, and never trusted as numbers.

Excel keeps 15 significant digits of a number: an 18-digit ID number or a 19-digit card number typed
into a cell formatted as a number has already lost its last digits when we read it, so such a cell
is refused with the cell named (format the column as text and type it again). A text that does not
look like what it should is a warning, not an error: the sheet may hold a passport or a Hong Kong
ID for foreign staff, and the roster does not need it — but finance will.

ID numbers: GB 11643-1999 — 18 characters, 17 digits and a check character (0-9 or X) computed by
ISO 7064 MOD 11-2 with the weights below, the birth date in positions 7-14; the old 15-digit form
(birth date YYMMDD in 7-12, 19YY) is still accepted. Bank accounts: digits only (spaces and hyphens
as typed are dropped), 12-19 digits for UnionPay debit cards; longer passbook accounts exist, so
only 8-30 digits pass without a warning.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from kefu.sheets import Cell

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
EXACT_DIGITS = 15                      # Excel's precision for numbers
ACCOUNT_DIGITS = (8, 30)


def id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def id_number_problem(text: str, today: date | None = None) -> str | None:
    """What is wrong with an ID number, in Chinese, or None when it is well formed."""
    s = text.strip().upper()
    if len(s) == 15 and s.isdigit():
        return _birth_problem("19" + s[6:12], today)
    if len(s) != 18:
        return f"身份证号应为 18 位，现为 {len(s)} 位"
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return "身份证号前 17 位应为数字，最后一位为数字或 X"
    problem = _birth_problem(s[6:14], today)
    if problem:
        return problem
    expected = id_check_character(s[:17])
    if s[17] != expected:
        return f"身份证号校验位不符（按前 17 位应为 {expected}，现为 {s[17]}），可能有数字录错"
    return None


def _birth_problem(yyyymmdd: str, today: date | None) -> str | None:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return f"身份证号中的出生日期 {yyyymmdd} 不是有效日期"
    if born.year < 1900 or born > (today or date.today()):
        return f"身份证号中的出生日期 {born} 不合理"
    return None


def account_problem(text: str) -> str | None:
    """What is wrong with a bank account number, in Chinese, or None."""
    s = digits_of_account(text)
    if not s.isdigit():
        return "银行账号只能是数字（可含空格）"
    if not ACCOUNT_DIGITS[0] <= len(s) <= ACCOUNT_DIGITS[1]:
        return f"银行账号应为 {ACCOUNT_DIGITS[0]}–{ACCOUNT_DIGITS[1]} 位数字，现为 {len(s)} 位"
    return None


def digits_of_account(text: str) -> str:
    return "".join(text.split()).replace("-", "")


def text_of_number_cell(cell: Cell, what_zh: str, what_en: str) -> str | None:
    """The cell's text; a number cell is accepted only while Excel kept every digit of it."""
    if cell.blank:
        return None
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return str(v).strip()
    digits = len(str(int(v))) if float(v).is_integer() else None
    if digits is None or digits > EXACT_DIGITS:
        raise cell.error(f"{what_en} is stored as a number, so Excel has already lost its last digits: format "
                         "the column as text and type it again",
                         f"{what_zh}被存成了数字，Excel 只保留 15 位有效数字，末几位已丢失：请把该列设为“文本”格式后重新填写")
    return str(int(v))
