"""Once-only rules: one supplement request, one extension, at the latest one working day before due."""

import pytest

from .. import services
from ..models import Dossier, Status
from ..transitions import TransitionRefused
from .factories import dossier_in, local

pytestmark = pytest.mark.django_db


def test_second_supplement_request_is_refused(world):
    """As a specialist, I may ask the applicant for a supplement only once."""
    d = dossier_in(world, Status.AWAITING_SUPPLEMENT)
    d = services.receive_supplement(world.desk, d, at=local("2026-03-03 08:00"))
    with pytest.raises(TransitionRefused) as refused:
        services.request_supplement(world.specialist, d, "Lần hai", at=local("2026-03-03 09:00"))
    assert str(refused.value) == "Hồ sơ đã yêu cầu bổ sung một lần; không được yêu cầu lần thứ hai."
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING


def test_extension_keeps_the_original_due_time_and_only_once(world):
    """As an office head, I apologise once with a new appointment; the original appointment stays for the statistics."""
    d = dossier_in(world, Status.PROCESSING)  # due Thu 05/03/2026 08:00
    extended = services.extend(
        world.head, d, "Cần xác minh thêm", extra="2d", at=local("2026-03-03 10:00")
    )
    assert extended.original_due_at == local("2026-03-05 08:00")
    assert extended.due_at == extended.extended_due_at == local("2026-03-09 08:00")
    assert extended.extension_used and extended.extension_reason == "Cần xác minh thêm"
    with pytest.raises(TransitionRefused, match="đã được gia hạn một lần"):
        services.extend(world.head, extended, "Lần hai", extra="1d", at=local("2026-03-03 11:00"))


def test_extension_later_than_one_working_day_before_due_is_refused(world):
    """As an office head, I can no longer extend within the last working day before the appointment."""
    d = dossier_in(world, Status.PROCESSING)  # due Thu 05/03/2026 08:00, latest Wed 04/03 08:00
    with pytest.raises(TransitionRefused) as refused:
        services.extend(world.head, d, "Muộn", extra="1d", at=local("2026-03-04 08:01"))
    assert (
        str(refused.value) == "Chỉ được gia hạn chậm nhất 01 ngày làm việc trước hạn trả kết quả."
    )
    fresh = Dossier.objects.get(pk=d.pk)
    assert not fresh.extension_used and fresh.due_at == local("2026-03-05 08:00")
    ok = services.extend(world.head, d, "Đúng lúc", extra="1d", at=local("2026-03-04 08:00"))
    assert ok.due_at == local("2026-03-06 08:00")


def test_extension_needs_a_reason_and_a_later_appointment(world):
    """As an office head, an extension without reason or with an earlier date is refused."""
    d = dossier_in(world, Status.PROCESSING)
    with pytest.raises(Exception, match="lý do gia hạn"):
        services.extend(world.head, d, "", extra="1d", at=local("2026-03-02 10:00"))
    with pytest.raises(Exception, match="phải sau ngày hẹn trả hiện tại"):
        services.extend(
            world.head,
            d,
            "Lý do",
            new_due_at=local("2026-03-04 08:00"),
            at=local("2026-03-02 10:00"),
        )
    given = services.extend(
        world.head, d, "Lý do", new_due_at=local("2026-03-10 16:00"), at=local("2026-03-02 10:00")
    )
    assert given.due_at == local("2026-03-10 16:00")
