"""Template filters of the feedback pages: Vietnamese numbers, rates and averages."""

from django import template

from cchc.core import vnformat

register = template.Library()


@register.filter
def fb_number(value) -> str:
    """26199 -> "26.199"; None -> "—"."""
    return "—" if value is None or value == "" else vnformat.number(value)


@register.filter
def fb_rate(value) -> str:
    """A percentage with up to two decimals: 97.5 -> "97,5%", 100 -> "100%", None -> "—"."""
    return "—" if value is None else vnformat.percent(value, 2)


@register.filter
def fb_score(value) -> str:
    """An average score with two decimals: 15.5 -> "15,50"; None -> "—"."""
    return "—" if value is None else vnformat.number(value, 2)


@register.filter
def fb_index(sequence, position):
    """sequence[position] in a template (the nth indicator average)."""
    try:
        return sequence[int(position)]
    except (IndexError, TypeError, ValueError):
        return None
