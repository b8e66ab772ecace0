"""The history is the process-control slip: never edited, never deleted."""

import pytest

from ..models import AppendOnly, HistoryEntry, Status
from .factories import dossier_in

pytestmark = pytest.mark.django_db


def test_history_rows_cannot_be_updated_or_deleted(world):
    """As an auditor, I trust the history because nobody can rewrite or remove a line of it."""
    d = dossier_in(world, Status.PROCESSING)
    entry = HistoryEntry.objects.filter(dossier=d).first()
    entry.note = "sửa lại"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        HistoryEntry.objects.filter(dossier=d).update(note="x")
    with pytest.raises(AppendOnly):
        HistoryEntry.objects.filter(dossier=d).delete()
    assert HistoryEntry.objects.get(pk=entry.pk).note == ""


def test_every_action_appends_one_line_with_hand_over(world):
    """As a desk officer printing the process-control slip, each hand-over names giver and receiver."""
    d = dossier_in(world, Status.RETURNED)
    actions = list(HistoryEntry.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions == ["receive", "start", "result_ready", "return"]
    start = HistoryEntry.objects.get(dossier=d, action="start")
    assert start.giver_user == world.desk and start.giver_unit == world.commune
    assert start.receiver_unit == world.commune and start.receiver_office == world.spec_office
    assert (
        start.step.order == 1 and start.step_result == "on_time"
    )  # same day: on time (day granularity)
    assert start.actor_unit == world.commune
