"""As an office head, my office's queue lists exactly the dossiers whose current step is with us.

The queue reads `Dossier.current_office`, a copy of the current step's office that every
action moving the current step (or changing its office) writes in the same UPDATE.
"""

import importlib

import pytest

from cchc.units.models import Office, OfficeKind, Role

from .. import queries, services
from ..models import Dossier
from .factories import accept, local, submit, user_with

pytestmark = pytest.mark.django_db


def snapshot_matches(d: Dossier) -> Dossier:
    """The returned object and the stored row both carry the current step's office."""
    stored = Dossier.objects.select_related("current_step").get(pk=d.pk)
    for row in (d, stored):
        expected = row.current_step.office_id if row.current_step_id else None
        assert row.current_office_id == expected, (row.current_step, row.current_office_id)
    return stored


def test_current_office_follows_the_current_step_through_every_handover(world):
    """Start, forward, assign to another office, send back, forward to a unit, result ready."""
    d = snapshot_matches(accept(world, at=local("2026-03-02 08:00")))
    assert d.current_office == world.desk_office
    # A second specialist office, opened after the steps were planned at the one it had.
    survey = Office.objects.create(
        unit=world.commune, code="DC", name="Công chức Địa chính", kind=OfficeKind.SPECIALIST
    )
    partner_office = Office.objects.create(
        unit=world.partner, code="QLDD", name="Quản lý đất đai", kind=OfficeKind.SPECIALIST
    )
    surveyor = user_with([Role.SPECIALIST], world.commune, survey)
    head = user_with([Role.OFFICE_HEAD], world.commune, survey)
    d = snapshot_matches(services.start_processing(world.desk, d, at=local("2026-03-02 09:00")))
    assert d.current_office == world.spec_office
    d = snapshot_matches(
        services.assign(world.head, d, surveyor, office=survey, at=local("2026-03-02 10:00"))
    )
    assert d.current_office == survey
    assert list(queries.my_office(head)) == [d]
    assert list(queries.my_office(world.specialist)) == []
    d = snapshot_matches(
        services.send_back(surveyor, d, "Thiếu sơ đồ", at=local("2026-03-02 11:00"))
    )
    assert d.current_office == world.desk_office
    assert list(queries.my_office(head)) == []
    d = snapshot_matches(services.forward(world.desk, d, at=local("2026-03-02 13:30")))
    assert d.current_office == survey  # the step's new run keeps the office it was given
    d = snapshot_matches(
        services.forward_to_unit(
            surveyor, d, world.partner, office=partner_office, at=local("2026-03-02 14:00")
        )
    )
    assert d.current_office == partner_office
    d = snapshot_matches(
        services.mark_result_ready(world.partner_specialist, d, at=local("2026-03-03 09:00"))
    )
    assert d.current_office == partner_office and d.current_step.finished_at is not None
    assert list(queries.my_office(head)) == []


def test_a_step_without_an_office_and_an_online_dossier(world):
    """The leader's step has no office; an online dossier has no step until the desk accepts it."""
    d = snapshot_matches(submit(world, at=local("2026-03-02 08:00")))
    assert d.current_office_id is None
    d = snapshot_matches(services.accept_online(world.desk, d, at=local("2026-03-02 08:30")))
    assert d.current_office == world.desk_office
    d = services.start_processing(world.desk, d, at=local("2026-03-02 09:00"))
    d = snapshot_matches(services.approve(world.leader, d, at=local("2026-03-02 10:00")))
    assert d.current_step.order == 3 and d.current_office_id is None


def test_the_current_step_cannot_be_set_without_its_office(world):
    """A service that set current_step alone would leave the office queue stale: refused."""
    d = accept(world)
    act = services._Action(world.desk, d, "start", None, None)
    with pytest.raises(TypeError, match="set_current_step"):
        act.set(current_step=None)


def test_the_migration_fills_the_snapshot_of_existing_dossiers(world):
    """Dossiers saved before 0003 get their current step's office in one UPDATE."""
    from django.apps import apps

    fill = importlib.import_module("cchc.dossiers.migrations.0003_dossier_current_office")
    started = services.start_processing(world.desk, accept(world), at=local("2026-03-02 09:00"))
    online = submit(world)
    Dossier.objects.update(current_office=None)
    fill.fill_current_office(apps, None)
    assert snapshot_matches(started).current_office == world.spec_office
    assert snapshot_matches(online).current_office_id is None
