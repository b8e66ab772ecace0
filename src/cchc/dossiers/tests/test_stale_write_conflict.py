"""Two officers acting on the same dossier at once: the second gets a conflict, nothing lost."""

import pytest

from .. import services
from ..models import Dossier, HistoryEntry, Status
from ..services import DossierConflict
from .factories import dossier_in, local

pytestmark = pytest.mark.django_db


def test_stale_revision_is_refused_and_changes_nothing(world):
    """As the second of two specialists on one dossier, I am told someone else was faster; my action is not applied."""
    d = dossier_in(world, Status.PROCESSING)
    seen = d.revision
    services.request_payment(
        world.specialist, d, expected_revision=seen, at=local("2026-03-02 10:00")
    )
    before = Dossier.objects.filter(pk=d.pk).values().get()
    history = HistoryEntry.objects.filter(dossier=d).count()
    with pytest.raises(DossierConflict) as conflict:
        services.request_supplement(
            world.specialist, d, "Thiếu", expected_revision=seen, at=local("2026-03-02 10:05")
        )
    assert "vừa được người khác cập nhật" in str(conflict.value)
    assert Dossier.objects.filter(pk=d.pk).values().get() == before
    assert HistoryEntry.objects.filter(dossier=d).count() == history


def test_passing_the_old_object_is_a_stale_write_too(world):
    """As a page that kept an old copy of the dossier, my write is refused rather than applied twice."""
    d = dossier_in(world, Status.RESOLVED)
    services.return_result(world.desk, d, at=local("2026-03-02 11:00"))
    with pytest.raises(DossierConflict):
        services.return_result(world.desk, d, at=local("2026-03-02 11:01"))
    assert HistoryEntry.objects.filter(dossier=d, action="return").count() == 1
