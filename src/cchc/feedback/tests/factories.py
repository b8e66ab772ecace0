"""Test data for feedback: the dossiers' small world (a district, two communes, a partner
department, officers in every role; a 3-working-day procedure with a four-step workflow) and
reform officers on top; returned dossiers come through the dossier services
(`dossier_in`), feedback items through ours."""

from __future__ import annotations

from datetime import datetime

from cchc.dossiers.models import Status
from cchc.dossiers.tests.factories import (
    T0,
    accept,
    applicant,
    build_world,
    dossier_in,
    later,
    local,
    user_with,
)
from cchc.units.models import Office, OfficeKind, Role

from .. import services
from ..models import FeedbackChannel, FeedbackContent

__all__ = ["T0", "accept", "applicant", "dossier_in", "later", "local", "returned"]


def build_feedback_world():
    w = build_world()
    w.reform = user_with([Role.REFORM_OFFICER], w.commune, username="cchc.xa")
    w.other_reform = user_with([Role.REFORM_OFFICER], w.sibling, username="cchc.xakhac")
    w.district_reform = user_with([Role.REFORM_OFFICER], w.district, username="cchc.huyen")
    w.district_office = Office.objects.create(
        unit=w.district, code="NOIVU", name="Phòng Nội vụ", kind=OfficeKind.SPECIALIST
    )
    w.sibling_office = Office.objects.create(
        unit=w.sibling, code="VP", name="Văn phòng – Thống kê", kind=OfficeKind.CLERICAL
    )
    return w


def returned(w, at: datetime | None = None):
    """A dossier received at T0, resolved 30 minutes and returned 40 minutes later."""
    return dossier_in(w, Status.RETURNED)


def item(w, *, unit=None, at=None, channel=FeedbackChannel.COUNTER, actor=None, **fields):
    values = {
        "content": FeedbackContent.SERVICE,
        "subject": "Thời gian chờ tại Bộ phận Một cửa",
        "body": "Người dân phải chờ lâu.",
        "sender_name": "Nguyễn Thị Lan",
        "sender_phone": "0901234567",
    }
    values.update(fields)
    return services.record_feedback(
        actor or (w.outsider if unit == w.sibling else w.desk),
        unit=unit or w.commune,
        channel=channel,
        at=at or T0,
        **values,
    )


def rating(dossier, *, at, scores=2, satisfaction=(2, 2), **fields):
    """A rating row written directly (counting tests): every indicator `scores` (an int), or
    the nine given as a dict."""
    from ..models import Rating, RatingSource

    values = scores if isinstance(scores, dict) else {n: scores for n in range(1, 10)}
    return Rating.objects.create(
        dossier=dossier,
        unit=fields.pop("unit", dossier.unit),
        procedure=dossier.procedure,
        returned_at=dossier.returned_at or at,
        rated_at=at,
        source=fields.pop("source", RatingSource.KIOSK),
        staff_satisfaction=satisfaction[0],
        result_satisfaction=satisfaction[1],
        **{f"score_{n}": values[n] for n in range(1, 10)},
        **fields,
    )
