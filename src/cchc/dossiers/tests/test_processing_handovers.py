"""Processing moves through the workflow steps, each with its own due time from its budget."""

import pytest
from django.core.exceptions import ValidationError

from .. import services
from ..models import DossierStep, HistoryEntry, Status
from .factories import accept, local

pytestmark = pytest.mark.django_db


def test_steps_get_their_own_due_times_and_results(world):
    """As an office head, each step's deadline comes from its budget and its result is judged against it."""
    d = accept(world, at=local("2026-03-02 08:00"))
    d = services.start_processing(world.desk, d, at=local("2026-03-02 10:00"))
    appraisal = d.current_step
    assert appraisal.order == 2 and appraisal.due_at == local("2026-03-03 16:00")  # 1.5d = 12 h
    d = services.send_back(world.specialist, d, "Thiếu chữ ký", at=local("2026-03-02 11:00"))
    assert d.current_step.order == 1 and d.current_step.assignee == world.desk
    d = services.forward(world.desk, d, assignee=world.specialist, at=local("2026-03-02 13:30"))
    assert d.current_step.order == 2 and d.current_step.assignee == world.specialist
    d = services.approve(world.head, d, at=local("2026-03-05 09:00"))  # step due 04/03: late
    assert d.current_step.order == 3 and d.approved_at == local("2026-03-05 09:00")
    runs = list(DossierStep.objects.filter(dossier=d, order=2).order_by("id"))
    assert len(runs) == 2 and runs[1].result == "late"
    assert HistoryEntry.objects.get(dossier=d, action="send_back").note == "Thiếu chữ ký"


def test_send_back_needs_a_reason_and_a_previous_step(world):
    """As a specialist, sending back without a reason, or from the first step, is refused."""
    d = services.start_processing(world.desk, accept(world), at=local("2026-03-02 09:00"))
    with pytest.raises(ValidationError, match="lý do"):
        services.send_back(world.specialist, d, " ")
    d = services.send_back(world.specialist, d, "Làm lại", at=local("2026-03-02 10:00"))
    with pytest.raises(ValidationError, match="bước đầu tiên"):
        services.send_back(world.desk, d, "Lại", at=local("2026-03-02 10:30"))


def test_inter_agency_step_uses_its_own_budget_and_unit(world):
    """As the partner department, my share of the time is my step's budget in my unit."""
    d = services.start_processing(world.desk, accept(world), at=local("2026-03-02 09:00"))
    d = services.forward_to_unit(
        world.specialist, d, world.partner, budget="1d", at=local("2026-03-02 10:00")
    )
    step = d.current_step
    assert (step.unit, step.budget, step.inter_agency) == (world.partner, "1d", True)
    assert step.due_at == local("2026-03-03 10:00")
    entry = HistoryEntry.objects.filter(dossier=d).order_by("-id").first()
    assert entry.receiver_unit == world.partner and entry.giver_unit == world.commune
    assert d.status == Status.PROCESSING
