"""Template filters of the plans pages: outcome badges and Vietnamese numbers."""

from django import template
from django.utils.html import format_html

from cchc.core import vnformat

from .. import progress

register = template.Library()


@register.filter
def outcome_badge(key: str):
    """ "done_late" -> <span class="badge warn">Hoàn thành quá hạn</span>."""
    if key not in progress.LABELS:
        return ""
    label, css = progress.LABELS[key]
    return format_html('<span class="badge {}" data-outcome="{}">{}</span>', css, key, label)


@register.filter
def rate(value) -> str:
    """A completion rate: 91.3 -> "91,3%", 100.0 -> "100%", None -> "—"."""
    return "—" if value is None else vnformat.percent(value, 1)


@register.filter
def vnnumber(value) -> str:
    return "—" if value is None or value == "" else vnformat.number(value)
