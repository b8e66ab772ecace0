"""Work queues and early / on-time / late judgements for pages and reminders."""

import pytest

from cchc.core import vnformat

from .. import queries, services, views
from ..models import Status
from .factories import accept, dossier_in, local

pytestmark = pytest.mark.django_db


def test_queues_by_role(world):
    """As each officer, my queues show my dossiers, my office's, results waiting at the desk."""
    d = dossier_in(world, Status.PROCESSING)
    d = services.assign(world.head, d, world.specialist, at=local("2026-03-02 09:00"))
    r = dossier_in(world, Status.RESOLVED)
    assert list(queries.mine(world.specialist)) == [d]
    assert d in queries.my_office(world.specialist)
    assert list(queries.awaiting_return(world.desk)) == [r]
    assert not queries.awaiting_return(world.specialist).exists()
    counts = queries.queue_counts(world.specialist, now=local("2026-03-02 09:00"))
    assert counts["mine"] == 1 and counts["awaiting_return"] == 0


def test_due_today_tomorrow_and_overdue_know_working_days(world):
    """As a desk officer on Friday, "tomorrow" means Monday, and overdue dossiers are listed."""
    friday = local("2026-03-06 09:00")
    due_friday = accept(world, at=local("2026-03-03 10:00"))  # 3d → Fri 06/03 10:00
    due_monday = accept(world, at=local("2026-03-04 10:00"))  # 3d → Mon 09/03 10:00
    late = accept(world, at=local("2026-02-25 10:00"))  # due Mon 02/03 10:00
    assert list(queries.due_today(world.desk, friday)) == [due_friday]
    assert list(queries.due_tomorrow(world.desk, friday)) == [due_monday]
    assert list(queries.overdue(world.desk, friday)) == [late]
    assert queries.next_working_day(friday) == local("2026-03-09 00:00").date()


def test_timing_uses_the_original_due_time(world):
    """As the statistics, a dossier finished after its original appointment is late even after an apology."""
    d = dossier_in(world, Status.PROCESSING)  # due Thu 05/03 08:00
    assert queries.timing(d, now=local("2026-03-04 08:00")) == "pending_in_time"
    assert queries.timing(d, now=local("2026-03-06 08:00")) == "pending_overdue"
    d = services.extend(world.head, d, "Xác minh", extra="3d", at=local("2026-03-03 08:00"))
    d = services.mark_result_ready(world.all_roles, d, at=local("2026-03-06 08:00"))
    assert queries.timing(d) == "late"
    early = dossier_in(world, Status.RESOLVED)
    assert queries.timing(early) == "early"  # finished 02/03, due 05/03
    assert queries.timing(dossier_in(world, Status.WITHDRAWN)) is None


def test_queue_badges_stop_at_the_cap():
    """As an officer, a queue longer than the cap shows "1.000+", a shorter one its count."""
    cap = queries.QUEUE_COUNT_CAP
    assert (views.queue_badge(0), views.queue_badge(999)) == ("0", "999")
    assert views.queue_badge(cap) == vnformat.number(cap)
    assert views.queue_badge(cap + 1) == vnformat.number(cap) + "+"  # "1.000+"
