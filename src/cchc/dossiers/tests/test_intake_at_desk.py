"""Intake at the desk: accept gives a code and a due time; incomplete and refused give none."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cchc.catalog.models import ProcedureVersion

from .. import services
from ..models import Dossier, DossierCodeCounter, HistoryEntry, IntakeOutcome, IntakeRecord, Status
from .factories import T0, accept, applicant, local, submit

pytestmark = pytest.mark.django_db


def test_accept_gives_code_due_time_components_and_first_step(world):
    """As a desk officer, accepting a complete dossier gives its code, its appointment and starts the workflow."""
    d = accept(world)
    assert d.code == "H56.30.01-260302-0001"
    assert d.status == Status.RECEIVED and d.channel == 1
    assert d.received_at == T0
    assert d.due_at == local("2026-03-05 08:00") == d.original_due_at
    assert d.procedure_version == world.procedure.versions.get()
    assert [c.name for c in d.components.all()] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    steps = list(d.steps.order_by("order"))
    assert [s.order for s in steps] == [1, 2, 3, 4]
    first = d.current_step
    assert first == steps[0] and first.started_at == T0 and first.assignee == world.desk
    assert first.due_at == local("2026-03-02 14:00")  # 0.5d = 4 working hours, lunch skipped
    assert first.office == world.desk_office
    assert steps[1].unit == world.commune and steps[1].started_at is None
    entry = HistoryEntry.objects.get(dossier=d)
    assert (entry.action, entry.from_status, entry.to_status) == ("receive", None, 2)


def test_codes_count_per_unit_per_day_and_reset_daily(world):
    """As a desk officer, codes run 0001, 0002… per unit and day, and start again the next day."""
    a, b = accept(world), accept(world, at=local("2026-03-02 15:00"))
    c = accept(world, at=local("2026-03-03 08:00"))
    assert [a.code, b.code, c.code] == [
        "H56.30.01-260302-0001",
        "H56.30.01-260302-0002",
        "H56.30.01-260303-0001",
    ]
    assert DossierCodeCounter.objects.get(unit=world.commune, day=date(2026, 3, 2)).last_number == 2


def test_unit_without_identifier_uses_its_code(world):
    """As a unit without an electronic identifier yet, my dossier codes start with my unit code."""
    world.commune.identifier = ""
    world.commune.save()
    assert accept(world).code == "XA01-260302-0001"


def test_centralised_code_format_from_settings(world, settings):
    """As a province on a centralised system (TT 04/2025), codes carry the owner-agency digits AA."""
    settings.CCHC_DOSSIER_CODE_FORMAT = "centralised"
    settings.CCHC_DOSSIER_CODE_AGENCY = "07"
    assert accept(world).code == "H56.30.01-260302-070001"


def test_due_time_across_tet_2026(world):
    """As a citizen handing in a dossier before Tết, the five days off do not count."""
    d = accept(world, at=local("2026-02-12 14:00"))
    assert d.due_at == local("2026-02-24 14:00")


def test_version_in_force_on_the_day_received(world):
    """As a desk officer, a shortened processing time applies only to dossiers received from its date."""
    ProcedureVersion.objects.create(
        procedure=world.procedure, effective_from=date(2026, 3, 3), processing_time="2d"
    )
    before = accept(world, at=local("2026-03-02 08:00"))
    after = accept(world, at=local("2026-03-03 08:00"))
    assert before.processing_time == "3d" and after.processing_time == "2d"
    assert after.due_at == local("2026-03-05 08:00")
    # no workflow on the new version: one step with the whole time
    assert list(after.steps.values_list("budget", flat=True)) == ["2d"]


def test_incomplete_and_refused_at_intake_consume_no_code(world):
    """As a desk officer, an incomplete or refused application gets its form but no dossier code."""
    record = services.record_incomplete(
        world.desk, world.commune, world.procedure, applicant(), ["Thiếu giấy chứng sinh"], at=T0
    )
    refused = services.refuse_at_intake(
        world.desk, world.commune, world.procedure, applicant(), "Không thuộc thẩm quyền", at=T0
    )
    assert record.outcome == IntakeOutcome.INCOMPLETE and record.missing == [
        "Thiếu giấy chứng sinh"
    ]
    assert refused.outcome == IntakeOutcome.REFUSED
    assert Dossier.objects.count() == 0
    assert accept(world).code.endswith("-0001")
    assert IntakeRecord.objects.count() == 2


def test_intake_requires_what_the_forms_need(world):
    """As a desk officer, I am told in Vietnamese what is missing before anything is saved."""
    with pytest.raises(ValidationError, match="Vui lòng ghi rõ"):
        services.record_incomplete(world.desk, world.commune, world.procedure, applicant(), [])
    with pytest.raises(ValidationError, match="lý do từ chối"):
        services.refuse_at_intake(world.desk, world.commune, world.procedure, applicant(), " ")
    with pytest.raises(ValidationError, match="tên tổ chức, cá nhân"):
        accept(world, applicant=applicant(name=""))
    with pytest.raises(ValidationError, match="trực tuyến"):
        accept(world, channel=2)
    assert Dossier.objects.count() == 0


def test_postal_intake_and_online_acceptance(world):
    """As a desk officer, postal dossiers are accepted like counter ones; online ones get their code when I accept them."""
    postal = accept(world, channel=3, return_channel="post")
    online = submit(world, at=local("2026-03-01 20:00"))
    assert online.code is None and online.status == Status.SUBMITTED and online.due_at is None
    accepted = services.accept_online(world.desk, online, at=local("2026-03-02 09:00"))
    assert postal.code.endswith("-0001") and accepted.code.endswith("-0002")
    assert accepted.status == Status.RECEIVED
    assert accepted.submitted_at == local("2026-03-01 20:00")
    assert accepted.due_at == local("2026-03-05 09:00")
    assert accepted.current_step.order == 1
