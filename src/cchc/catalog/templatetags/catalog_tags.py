"""Template filters for the catalogue pages."""

from django import template

from cchc.core import vnformat

from ..models import duration_label

register = template.Library()


@register.filter
def duration(value: str) -> str:
    """ "3d" -> "3 ngày làm việc"."""
    return duration_label(value)


@register.filter
def vnd(value) -> str:
    """50000 -> "50.000 đồng"; empty -> "Không thu"."""
    if value is None or value == "":
        return "Không thu"
    return f"{vnformat.number(value)} đồng"


@register.filter
def vnnumber(value) -> str:
    return vnformat.number(value or 0)
