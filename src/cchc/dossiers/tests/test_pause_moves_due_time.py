"""Supplement and payment pauses move the due time by the paused working time (calendar.md §3)."""

import pytest

from .. import services
from ..models import Dossier
from .factories import accept, local

pytestmark = pytest.mark.django_db


def _processing(world, at):
    d = accept(world, at=at)
    return services.start_processing(world.desk, d, at=at)


def test_supplement_pause_across_tet_2026(world):
    """As a specialist, the days the applicant took over Tết to supplement do not eat my time."""
    d = _processing(world, local("2026-02-09 08:00"))
    assert d.due_at == local("2026-02-12 08:00")
    d = services.request_supplement(
        world.specialist, d, "Thiếu giấy chứng sinh", at=local("2026-02-10 10:00")
    )
    step_due = d.current_step.due_at
    d = services.receive_supplement(world.desk, d, at=local("2026-02-23 10:00"))
    # paused: 5 h on 10/02, 11–13/02, Tết 16–20/02 off, 3 h on 23/02 = 32 h = 4 working days
    assert d.due_at == local("2026-02-25 08:00")
    assert d.original_due_at == d.due_at  # a pause is not an extension
    assert d.supplement_received_at == local("2026-02-23 10:00")
    assert Dossier.objects.get(pk=d.pk).current_step.due_at > step_due


def test_supplement_pause_across_the_swap_days_of_2026(world):
    """As a specialist, the worked Saturday 22/08 counts as paused time and Monday 31/08 does not."""
    world.procedure.versions.update(processing_time="7d")
    world.procedure.versions.get().steps.all().delete()
    d = _processing(world, local("2026-08-21 08:00"))
    assert d.due_at == local("2026-09-03 08:00")  # 31/08, 01–02/09 off
    d = services.request_supplement(world.specialist, d, "Thiếu", at=local("2026-08-21 16:00"))
    d = services.receive_supplement(world.desk, d, at=local("2026-08-24 08:00"))
    # paused: 1 h Friday + 8 h on the worked Saturday + 1 h Monday = 10 h
    assert d.due_at == local("2026-09-04 10:00")


def test_payment_pause_is_handled_like_a_supplement(world):
    """As a specialist, waiting for land tax pauses the clock the same way."""
    d = _processing(world, local("2026-03-02 08:00"))
    d = services.request_payment(world.specialist, d, at=local("2026-03-03 08:00"))
    d = services.record_payment(world.desk, d, online=True, at=local("2026-03-04 08:00"))
    assert d.due_at == local("2026-03-06 08:00")
    assert d.paid_online and d.paid_at == local("2026-03-04 08:00")
