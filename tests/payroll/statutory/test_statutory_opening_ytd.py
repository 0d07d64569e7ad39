"""read_opening_ytd: the year-to-date of a company adopting mid-year, from xlsx or csv."""
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from kefu.errors import InputError
from payroll.statutory.income_tax import TaxYTD, read_opening_ytd

ZH = ["工号", "累计收入", "累计专项扣除", "累计专项附加扣除", "累计其他扣除", "累计已扣税", "已计月数"]
EN = ["employee_id", "income", "special_deductions", "special_additional", "other", "tax_withheld", "months"]


def write_csv(path, rows, encoding="utf-8-sig"):
    path.write_text("\n".join(",".join(str(c) for c in r) for r in rows) + "\n", encoding=encoding)
    return path


def write_xlsx(path, rows, title="累计"):
    book = Workbook()
    ws = book.active
    ws.title = title
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def test_csv_with_chinese_headers(tmp_path):
    f = write_csv(tmp_path / "ytd.csv", [ZH, ["E001", "180000", "27000", "12000", "", "8580", "6"]])
    assert read_opening_ytd(f) == {"E001": TaxYTD(D("180000"), D("27000"), D("12000"), D("0"), 6, D("8580"))}


def test_gbk_csv_from_chinese_excel(tmp_path):
    f = write_csv(tmp_path / "ytd.csv", [ZH, ["E001", "\"1,000.5\"", "0", "0", "0", "0", "1"]], encoding="gb18030")
    assert read_opening_ytd(f)["E001"].income == D("1000.50")


def test_xlsx_with_english_headers_and_numeric_ids(tmp_path):
    f = write_xlsx(tmp_path / "ytd.xlsx", [EN, [1001, 60000.5, 9000, 6000, 0, 1350.25, 6], [None] * 7])
    ytd = read_opening_ytd(f)
    assert list(ytd) == ["1001"]
    assert ytd["1001"].income == D("60000.50") and ytd["1001"].tax_withheld == D("1350.25")


def test_optional_columns_may_be_absent(tmp_path):
    header = [h for h in ZH if h not in ("累计专项附加扣除", "累计其他扣除")]
    f = write_csv(tmp_path / "ytd.csv", [header, ["E1", "10000", "1500", "0", "1"]])
    assert read_opening_ytd(f)["E1"].special_additional == D("0")


@pytest.mark.parametrize("cell_index, value, column, message, chinese", [
    (1, "abc", "B (累计收入)", "not an amount", "B 列（累计收入）：应填金额，现为“abc”"),
    (5, "-3", "F (累计已扣税)", "non-negative", "F 列（累计已扣税）：金额不能为负数，现为“-3”"),
    (6, "6.5", "G (已计月数)", "whole number", "G 列（已计月数）：已计月数应为 0 到 12 的整数，现为“6.5”"),
    (6, "13", "G (已计月数)", "whole number", "G 列（已计月数）：已计月数应为 0 到 12 的整数，现为“13”"),
    (6, "", "G (已计月数)", "blank", "G 列（已计月数）：已计月数为空"),
    (0, "", "A (工号)", "blank", "A 列（工号）：此处必须填工号"),
])
def test_bad_cells_name_file_sheet_row_and_column(tmp_path, cell_index, value, column, message, chinese):
    good = ["E001", "1000", "0", "0", "0", "0", "1"]
    bad = list(good)
    bad[cell_index] = value
    f = write_xlsx(tmp_path / "ytd.xlsx", [ZH, ["E000", "1", "0", "0", "0", "0", "1"], bad])
    with pytest.raises(InputError, match=message) as info:
        read_opening_ytd(f)
    err = info.value
    assert (err.sheet, err.row, err.column) == ("累计", 3, column)
    assert str(err).startswith(f"ytd.xlsx, sheet 累计, row 3, column {column}: ")
    assert err.chinese().startswith(f"ytd.xlsx，工作表 累计，第 3 行，{chinese}")


def test_csv_error_has_no_sheet(tmp_path):
    f = write_csv(tmp_path / "ytd.csv", [EN, ["E1", "x", "0", "0", "0", "0", "1"]])
    with pytest.raises(InputError) as info:
        read_opening_ytd(f)
    assert str(info.value).startswith("ytd.csv, row 2, column B (income): ")
    assert info.value.chinese() == "ytd.csv，第 2 行，B 列（income）：应填金额，现为“x”"


def test_missing_column_is_named(tmp_path):
    f = write_csv(tmp_path / "ytd.csv", [ZH[:-1], ["E1", "1", "0", "0", "0", "0"]])
    with pytest.raises(InputError, match="missing column 已计月数 / months"):
        read_opening_ytd(f)


def test_duplicate_employee(tmp_path):
    f = write_csv(tmp_path / "ytd.csv", [ZH, ["E1", "1", "0", "0", "0", "0", "1"], ["E1", "2", "0", "0", "0", "0", "1"]])
    with pytest.raises(InputError, match="appears twice") as info:
        read_opening_ytd(f)
    assert info.value.row == 3


def test_unsupported_file_type(tmp_path):
    f = tmp_path / "ytd.txt"
    f.write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        read_opening_ytd(f)
