"""Figures and dates appear the way Vietnamese officials write them."""

from datetime import date

from cchc.core.text import fold
from cchc.core.vnformat import date_in_words, number, percent


def test_numbers_group_thousands_with_dots_and_use_a_decimal_comma():
    """As a reform officer I read "26.199" and "15,5%" in every report."""
    assert number(26199) == "26.199"
    assert number(1234567.891, 2) == "1.234.567,89"
    assert number(-5000) == "-5.000"
    assert percent(15.5) == "15,5%"
    assert percent(91.304, 1) == "91,3%"
    assert percent(100) == "100%"


def test_dateline_pads_small_days_and_the_first_two_months():
    """As a leader I sign documents dated the way Nghị định 30/2020 prescribes."""
    assert date_in_words(date(2023, 3, 24)) == "ngày 24 tháng 3 năm 2023"
    assert date_in_words(date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"


def test_folding_ignores_case_and_diacritics_including_d_with_stroke():
    """As an officer I find "Đăng ký khai sinh" by typing "dang ky khai sinh"."""
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("  ĐẤT   đai ") == "dat dai"
