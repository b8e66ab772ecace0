"""Home-page notices of the reform index: a unit's self-assessment still to submit (with its
due date), and, for the council, units waiting for appraisal."""

from __future__ import annotations

from django.utils import timezone

from cchc.core import vnformat
from cchc.units.permissions import visible_unit_ids

from .models import Participation, ParticipationStatus, RoundStatus
from .queries import APPRAISER_ROLES, own_participations


def index_notices(user) -> list[tuple[str, str, str | None]]:
    found = []
    today = timezone.localdate()
    own = own_participations(user).filter(
        status=ParticipationStatus.SELF_ASSESSMENT, round__status=RoundStatus.OPEN
    )
    for p in own.order_by("round__self_due_on")[:5]:
        level = "error" if p.round.self_due_on < today else "warning"
        found.append(
            (
                level,
                f"{p.unit.name}: chưa nộp kết quả tự đánh giá {p.round.name} "
                f"(hạn {vnformat.short_date(p.round.self_due_on)}).",
                "round-list",
            )
        )
    waiting = Participation.objects.filter(
        round__organiser_id__in=visible_unit_ids(user, APPRAISER_ROLES),
        round__status=RoundStatus.OPEN,
        status__in=(ParticipationStatus.SUBMITTED, ParticipationStatus.EXPLAINED),
    ).count()
    if waiting:
        found.append(
            ("info", f"{waiting} đơn vị đã nộp kết quả tự đánh giá, chờ thẩm định.", "round-list")
        )
    return found
