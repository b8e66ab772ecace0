"""Officers act only on dossiers their units reach; a leader sees the units below."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import queries, services
from ..models import Dossier, HistoryEntry, Status
from ..services import APPLICANT_ACTIONS
from ..transitions import TRANSITIONS
from .factories import T0, applicant, dossier_in, perform

pytestmark = pytest.mark.django_db

# Staff actions; the applicant's own (services.APPLICANT_ACTIONS) are tested on their own.
EDGES = [(s, a) for (s, a) in TRANSITIONS if s is not None and a not in APPLICANT_ACTIONS]


@pytest.mark.parametrize(("status", "action"), EDGES, ids=[f"{s}-{a}" for s, a in EDGES])
def test_officer_of_a_sibling_commune_cannot_act(world, status, action):
    """As an attacker holding every role in the neighbouring commune, every action on this dossier is denied and nothing changes."""
    d = dossier_in(world, status)
    before = Dossier.objects.filter(pk=d.pk).values().get()
    history = HistoryEntry.objects.filter(dossier=d).count()
    with pytest.raises(PermissionDenied):
        perform(action, world.outsider, d, world)
    assert Dossier.objects.filter(pk=d.pk).values().get() == before
    assert HistoryEntry.objects.filter(dossier=d).count() == history


def test_sibling_cannot_take_in_dossiers_for_another_unit(world):
    """As an officer of another commune, I cannot accept, refuse or record intake for this one."""
    for call in (
        lambda: services.accept_at_desk(
            world.outsider, world.commune, world.procedure, applicant()
        ),
        lambda: services.record_incomplete(
            world.outsider, world.commune, world.procedure, applicant(), ["x"]
        ),
        lambda: services.refuse_at_intake(
            world.outsider, world.commune, world.procedure, applicant(), "x"
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Dossier.objects.count() == 0


def test_sibling_sees_nothing_in_queries(world):
    """As an officer of another commune, this commune's dossiers are invisible: lists are empty, detail is 404."""
    d = dossier_in(world, Status.PROCESSING)
    r = dossier_in(world, Status.RESOLVED)
    assert not queries.visible_dossiers(world.outsider).exists()
    for name in queries.QUEUES:
        assert not queries.queue(world.outsider, name, T0).exists()
    for pk in (d.pk, r.pk):
        with pytest.raises(Http404):
            queries.dossier_for(world.outsider, pk)
        with pytest.raises(Http404):
            queries.history_of(world.outsider, pk)


def test_district_leader_sees_commune_dossiers(world):
    """As a district leader, I see the dossiers of my communes."""
    d = dossier_in(world, Status.PROCESSING)
    assert queries.dossier_for(world.district_leader, d.pk) == d
    assert list(queries.visible_dossiers(world.district_leader)) == [d]


def test_roles_matter_within_the_unit(world):
    """As a specialist, I cannot approve, extend or return; as a desk officer I cannot approve."""
    d = dossier_in(world, Status.PROCESSING)
    for actor, action in [
        (world.specialist, "approve"),
        (world.specialist, "extend"),
        (world.desk, "approve"),
        (world.specialist, "stop"),
    ]:
        with pytest.raises(PermissionDenied):
            perform(action, actor, d, world)
    r = dossier_in(world, Status.RESOLVED)
    with pytest.raises(PermissionDenied):
        perform("return", world.specialist, r, world)


def test_inter_agency_partner_sees_and_acts_only_on_its_step(world):
    """As the partner department, a dossier forwarded to me is visible and mine to forward back; it stays one dossier."""
    d = dossier_in(world, Status.PROCESSING)
    assert not queries.visible_dossiers(world.partner_specialist).exists()
    d = services.forward_to_unit(world.specialist, d, world.partner, at=T0.replace(hour=10))
    assert d.current_step.unit == world.partner and d.current_step.inter_agency
    assert queries.dossier_for(world.partner_specialist, d.pk) == d
    d = services.forward(world.partner_specialist, d, at=T0.replace(hour=11))
    assert d.current_step.unit == world.commune
    assert Dossier.objects.count() == 1
    # the partner keeps seeing the dossier it worked on, but cannot act on it any more
    with pytest.raises(PermissionDenied):
        services.forward(world.partner_specialist, d, at=T0.replace(hour=12))
