"""Vietnamese number and date formats for the UI and documents (pure, no Django).

"26.199" (dot groups thousands), "15,5%" (comma is the decimal mark),
"ngày 24 tháng 3 năm 2023" (date in words on official documents).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def number(value, decimals: int = 0) -> str:
    """Format a number the Vietnamese way: 26199 -> "26.199", 15.5 (1 decimal) -> "15,5"."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + ".".join(groups)
    return f"{text},{fraction}" if fraction else text


def trimmed(value, decimals: int = 2) -> str:
    """A number without trailing zeros after the comma: 0.25 -> "0,25", 95 -> "95",
    19.40 -> "19,4" (points of the reform index, as the seeds print them)."""
    text = number(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def percent(value, decimals: int = 1) -> str:
    """A percentage already multiplied by 100: 15.5 -> "15,5%", trailing ",0" dropped."""
    text = number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


def date_in_words(day: date) -> str:
    """The dateline of an official document: "ngày 24 tháng 3 năm 2023".

    Nghị định 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero
    ("ngày 05 tháng 02 năm 2024"), so the line cannot be altered by adding a digit.
    """
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def short_date(day: date) -> str:
    """dd/mm/yyyy, the form used in tables and registers."""
    return day.strftime("%d/%m/%Y")
