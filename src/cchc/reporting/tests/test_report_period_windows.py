"""Reporting periods and their data windows (reporting.md §1, formats.md "Period P")."""

from datetime import date

import pytest

from cchc.reporting.periods import Basis, Kind, PeriodError, window

CUTOFF_TABLE = [
    # reporting.md §1: period → data window (inclusive)
    ("2023-03", date(2023, 2, 15), date(2023, 3, 14)),
    ("2023-01", date(2022, 12, 15), date(2023, 1, 14)),
    ("2023-12", date(2023, 11, 15), date(2023, 12, 14)),
    ("2023-Q1", date(2022, 12, 15), date(2023, 3, 14)),
    ("2023-Q2", date(2023, 3, 15), date(2023, 6, 14)),
    ("2023-Q3", date(2023, 6, 15), date(2023, 9, 14)),
    ("2023-Q4", date(2023, 9, 15), date(2023, 12, 14)),
    ("2023-H1", date(2022, 12, 15), date(2023, 6, 14)),
    ("2023-9M", date(2022, 12, 15), date(2023, 9, 14)),
    ("2023", date(2022, 12, 15), date(2023, 12, 14)),
]


@pytest.mark.parametrize(("text", "start", "end"), CUTOFF_TABLE)
def test_named_periods_use_the_decree_09_cutoff_windows(text, start, end):
    """As a reform officer a named period covers the 15th before it to the 14th of its last
    month, exactly as Nghị định 09/2019 Điều 12 says."""
    win = window(text)
    assert (win.start, win.end, win.basis) == (start, end, Basis.CUTOFF)
    assert win.label == text


CALENDAR_TABLE = [
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31)),
    ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31)),
    ("2023-H1", date(2023, 1, 1), date(2023, 6, 30)),
    ("2023-9M", date(2023, 1, 1), date(2023, 9, 30)),
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
]


@pytest.mark.parametrize(("text", "start", "end"), CALENDAR_TABLE)
def test_calendar_basis_uses_whole_months(text, start, end):
    """As a reform officer a report type on calendar periods covers the 1st to the month end."""
    win = window(text, "calendar")
    assert (win.start, win.end, win.basis) == (start, end, Basis.CALENDAR)


def test_an_explicit_range_is_taken_as_written():
    """As a reform officer I can ask for any range, e.g. the survey's 01/01 → 10/12/2021."""
    win = window("2021-01-01..2021-12-10")
    assert (win.kind, win.start, win.end) == (Kind.RANGE, date(2021, 1, 1), date(2021, 12, 10))
    assert win.range_text == "Từ ngày 01/01/2021 đến ngày 10/12/2021"
    assert window("2021-01-01..2021-12-10", "calendar").end == date(2021, 12, 10)


def test_period_titles_and_header_line_are_vietnamese():
    """As a reform officer the form header reads "quý I năm 2023", from … to …."""
    win = window("2023-Q1")
    assert win.title == "quý I năm 2023"
    assert win.range_text == "Từ ngày 15/12/2022 đến ngày 14/03/2023"
    assert window("2023-H1").title == "6 tháng đầu năm 2023"
    assert window("2023-9M").title == "9 tháng năm 2023"
    assert window("2023").title == "năm 2023"
    assert window("2023-03").title == "tháng 3 năm 2023"


def test_a_window_includes_both_end_days():
    """As a reform officer the first and the last day of the window are inside it."""
    win = window("2023-Q1")
    assert win.contains(date(2022, 12, 15)) and win.contains(date(2023, 3, 14))
    assert not win.contains(date(2022, 12, 14)) and not win.contains(date(2023, 3, 15))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023-Q5",
        "2023-13",
        "2023-00",
        "23-Q1",
        "2023-H2",
        "Q1-2023",
        "2023-02-30..2023-03-01",
        "2023-03-31..2023-03-01",
        "2023/01/01..2023/03/31",
    ],
)
def test_malformed_periods_are_refused_in_vietnamese(text):
    """As a reform officer a period I mistype is refused with a message I can read."""
    with pytest.raises(PeriodError) as error:
        window(text)
    assert "Kỳ báo cáo" in str(error.value) or "kỳ báo cáo" in str(error.value)


def test_an_unknown_basis_is_refused():
    """As a developer only the two window bases exist."""
    with pytest.raises(ValueError):
        window("2023-Q1", "fiscal")
