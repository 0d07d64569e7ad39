"""ID numbers and bank accounts from the team sheet (kefu.identity)."""
from datetime import date
from pathlib import Path

import pytest

from kefu.errors import InputError
from kefu.identity import account_problem, id_check_character, id_number_problem, text_of_number_cell
from kefu.sheets import Cell

TODAY = date(2026, 12, 4)
# GB 11643-1999's worked example: 11010519491231002X
VALID = "11010519491231002X"


class TestIdNumber:
    def test_the_standards_example_is_valid(self):
        assert id_check_character(VALID[:17]) == "X"
        assert id_number_problem(VALID, TODAY) is None
        assert id_number_problem(VALID.lower(), TODAY) is None

    def test_a_wrong_check_character_is_named(self):
        assert "校验位不符" in id_number_problem(VALID[:17] + "1", TODAY)

    def test_one_digit_typed_wrong_is_caught(self):
        assert id_number_problem("11010519491231012X", TODAY) is not None

    @pytest.mark.parametrize("text", ["1101051949123100", "11010519491231002XX", "11010519491231002"])
    def test_the_wrong_length(self, text):
        assert "18 位" in id_number_problem(text, TODAY)

    def test_letters_inside(self):
        assert "前 17 位" in id_number_problem("1101051949A231002X", TODAY)

    @pytest.mark.parametrize("birth", ["19491331", "20270101", "18991231"])
    def test_an_impossible_birth_date(self, birth):
        first17 = "110105" + birth + "002"
        assert "出生日期" in id_number_problem(first17 + id_check_character(first17), TODAY)

    def test_the_old_fifteen_digit_form(self):
        assert id_number_problem("110105491231002", TODAY) is None
        assert "出生日期" in id_number_problem("110105491331002", TODAY)


class TestBankAccount:
    @pytest.mark.parametrize("text", ["6222 0212 3456 7890 123", "6222021234567890", "62220212-34567890"])
    def test_digits_with_spaces_or_hyphens(self, text):
        assert account_problem(text) is None

    def test_letters(self):
        assert "只能是数字" in account_problem("6222O21234567890")

    @pytest.mark.parametrize("text, ok", [("1234567", False), ("12345678", True), ("1" * 30, True), ("1" * 31, False)])
    def test_length_bounds(self, text, ok):
        assert (account_problem(text) is None) == ok


class TestNumberCells:
    def cell(self, value):
        return Cell(value, Path("team.xlsx"), "员工", 3, "N (身份证号)")

    def test_an_eighteen_digit_number_is_refused_with_the_cell(self):
        with pytest.raises(InputError) as e:
            text_of_number_cell(self.cell(110105194912310020.0), "身份证号", "the ID number")
        assert "第 3 行" in e.value.chinese() and "末几位已丢失" in e.value.chinese()

    def test_a_short_whole_number_is_exact_and_kept(self):
        assert text_of_number_cell(self.cell(62220212345678.0), "银行账号", "the account") == "62220212345678"

    def test_text_is_kept_as_typed(self):
        assert text_of_number_cell(self.cell(" 6222021234567890123 "), "银行账号", "the account") == \
            "6222021234567890123"
