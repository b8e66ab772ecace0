"""Template filters of the reform index pages: points as the seeds print them ("19,49",
"95", "0,25"), indices with two decimals ("85,74"), applicability rules in words."""

from django import template

from cchc.core import vnformat

from .. import applicability

register = template.Library()


@register.filter
def points(value) -> str:
    return "" if value is None or value == "" else vnformat.trimmed(value)


@register.filter
def index2(value) -> str:
    return "—" if value is None or value == "" else vnformat.number(value, 2)


@register.filter
def rule_text(rule) -> str:
    return applicability.describe(rule or "")
