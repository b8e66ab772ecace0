"""What feedback shows outside its own pages: the home-page notice for people with overdue
feedback items (registered in `FeedbackConfig.ready`)."""

from __future__ import annotations

from django.utils import timezone

from cchc.core import vnformat

from . import queries


def overdue_notices(user) -> list[tuple[str, str, str | None]]:
    """A home-page warning for the people who answer overdue feedback items."""
    if not getattr(user, "is_authenticated", False):
        return []
    count = queries.overdue_count(user, timezone.localdate())
    if not count:
        return []
    return [
        (
            "warning",
            f"Có {vnformat.number(count)} phản ánh, kiến nghị đã quá hạn mà chưa được trả lời.",
            "feedback-inbox",
        )
    ]
