"""The administrator can browse every plans model in the admin; task history is read-only
there as everywhere."""

import pytest
from django.urls import reverse

from cchc.units.tests.factories import UserFactory

from .. import services
from ..models import TaskEvent, TaskStatus
from .factories import plan_world, seed_003_plan

pytestmark = pytest.mark.django_db

MODELS = ("plan", "task", "taskevent", "directive", "inspection", "outreachactivity", "initiative")


def test_every_model_is_listed_and_history_cannot_be_edited(client):
    """As the system administrator I list each register and the task history, and find no
    way to add, change or delete a history row."""
    w = plan_world()
    plan = seed_003_plan(w.district)
    task = plan.tasks.filter(status=TaskStatus.IN_PROGRESS).first()
    services.update_progress(w.officer, task, status=TaskStatus.NOT_STARTED)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in MODELS:
        assert client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200, model
    event = TaskEvent.objects.get()
    assert client.get(reverse("admin:plans_taskevent_add")).status_code == 403
    response = client.post(
        reverse("admin:plans_taskevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert TaskEvent.objects.filter(pk=event.pk).exists()
