"""Launching an emulation movement and running it: the district's reform officer launches
"Cải cách hành chính" 2022 under Kế hoạch số 30/KH-UBND, enrols its communes in clusters with
their registration and pledge dates, and edits the plan — and whatever breaks the rules (a unit
outside the district, a unit no longer in force, a period that ends before it starts) is
refused in Vietnamese, saving nothing.

`world()` (used by the other emulation tests too) builds UBND tỉnh Sóc Trăng, the district
UBND huyện Châu Thành with four communes and one abolished at the end of 2021, a second
district (Mỹ Tú) with a commune, and the people: the district's reform officer and leader, its
one-stop officer (no writer role), the reform officers of two communes and of Mỹ Tú.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cchc.core.models import AppendOnly
from cchc.units.models import Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory

from .. import emulation_queries as queries
from .. import emulation_services as services
from ..models import Movement, MovementParticipant

pytestmark = pytest.mark.django_db

PLAN = {
    "name": "Cải cách hành chính",
    "year": 2022,
    "plan_number": "30/KH-UBND",
    "plan_date": date(2022, 2, 28),
    "starts_on": date(2022, 1, 1),
    "ends_on": date(2022, 12, 31),
    "goals": "Nâng cao Chỉ số cải cách hành chính cấp huyện.",
}


def user_with(roles, unit, **fields):
    from cchc.reporting.tests.factories import user_with as make

    return make(roles, unit, **fields)


def world(*, movement: bool = True) -> SimpleNamespace:
    w = SimpleNamespace()
    w.province = UnitFactory(code="SOCTRANG", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    w.district = UnitFactory(
        code="CHAUTHANH", name="UBND huyện Châu Thành", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.phutam = UnitFactory(
        code="PHUTAM", name="UBND xã Phú Tâm", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.hodackien = UnitFactory(
        code="HODACKIEN", name="UBND xã Hồ Đắc Kiện", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.thienmy = UnitFactory(
        code="THIENMY", name="UBND xã Thiện Mỹ", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.town = UnitFactory(
        code="TTCHAUTHANH",
        name="UBND thị trấn Châu Thành",
        kind=UnitKind.COMMUNE,
        parent=w.district,
    )
    w.abolished = UnitFactory(
        code="XACU",
        name="UBND xã Cũ",
        kind=UnitKind.COMMUNE,
        parent=w.district,
        valid_to=date(2021, 12, 31),
    )
    w.other_district = UnitFactory(
        code="MYTU", name="UBND huyện Mỹ Tú", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.other_commune = UnitFactory(
        code="MYTHUAN", name="UBND xã Mỹ Thuận", kind=UnitKind.COMMUNE, parent=w.other_district
    )
    w.officer = user_with([Role.REFORM_OFFICER], w.district, full_name="Trần Thị Cải Cách")
    w.leader = user_with([Role.UNIT_LEADER], w.district, full_name="Ngô Khanh Loan")
    w.desk = user_with([Role.ONE_STOP_OFFICER], w.district)
    w.commune_officer = user_with([Role.REFORM_OFFICER], w.phutam)
    w.other_commune_officer = user_with([Role.REFORM_OFFICER], w.hodackien)
    w.outsider = user_with([Role.REFORM_OFFICER], w.other_district)
    if movement:
        w.movement = services.create_movement(w.officer, w.district, PLAN)
    return w


def enrol(w, unit, cluster="", registered_on=None, pledge_signed_on=None):
    movement = Movement.objects.get(pk=w.movement.pk)
    return services.add_participant(
        w.officer,
        movement,
        unit,
        {"cluster": cluster, "registered_on": registered_on, "pledge_signed_on": pledge_signed_on},
    )


def fresh(w) -> Movement:
    return Movement.objects.get(pk=w.movement.pk)


def test_reform_officer_launches_a_movement_from_the_page(client):
    """As the reform officer of Châu Thành I launch "Cải cách hành chính" 2022 under
    Kế hoạch số 30/KH-UBND and find it on the list."""
    w = world(movement=False)
    client.force_login(w.officer)
    page = client.get(reverse("movement-create"))
    assert page.status_code == 200 and "UBND huyện Châu Thành" in page.content.decode()
    response = client.post(
        reverse("movement-create"),
        {
            "revision": 0,
            "organiser": w.district.pk,
            "name": "Cải cách hành chính",
            "year": 2022,
            "plan_number": "30/KH-UBND",
            "plan_date": "2022-02-28",
            "starts_on": "2022-01-01",
            "ends_on": "2022-12-31",
            "goals": "",
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("movement-detail", args=[movement.pk])
    assert movement.organiser == w.district and movement.plan_date == date(2022, 2, 28)
    listing = client.get(reverse("movement-list")).content.decode()
    assert "Cải cách hành chính" in listing and "30/KH-UBND" in listing
    [event] = queries.history_of(movement)
    assert (event.message, event.actor) == (
        "Phát động phong trào “Cải cách hành chính”.",
        w.officer,
    )
    # The history is append-only: no edit, no deletion.
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        movement.events.all().delete()


def test_a_period_that_ends_before_it_starts_is_refused(client):
    """As the reform officer I mistype the end date before the start date: the page says so
    (400) and no movement is created."""
    w = world(movement=False)
    client.force_login(w.officer)
    data = {
        "revision": 0,
        "organiser": w.district.pk,
        "name": "Cải cách hành chính",
        "year": 2022,
        "plan_number": "30/KH-UBND",
        "plan_date": "2022-02-28",
        "starts_on": "2022-12-31",
        "ends_on": "2022-01-01",
    }
    response = client.post(reverse("movement-create"), data)
    assert response.status_code == 400
    assert "Ngày kết thúc phong trào phải sau ngày bắt đầu." in response.content.decode()
    assert not Movement.objects.exists()


def test_launching_for_a_unit_one_does_not_write_for_is_forbidden(client):
    """As the reform officer of Phú Tâm, also the district's one-stop officer, I cannot launch
    a movement in the district's name (403); Mỹ Tú's officer and Phú Tâm's alone do not even
    find the district (404)."""
    w = world(movement=False)
    data = {"revision": 0, "organiser": w.district.pk, **{k: str(v) for k, v in PLAN.items()}}
    both = user_with([Role.REFORM_OFFICER], w.phutam)
    RoleGrant.objects.create(user=both, unit=w.district, role=Role.ONE_STOP_OFFICER)
    client.force_login(both)
    assert client.post(reverse("movement-create"), data).status_code == 403
    for user in (w.outsider, w.commune_officer):
        client.force_login(user)
        assert client.post(reverse("movement-create"), data).status_code == 404
    client.force_login(w.desk)
    assert client.get(reverse("movement-create")).status_code == 403
    assert not Movement.objects.exists()


def test_participants_are_enrolled_with_cluster_registration_and_pledge(client):
    """As the reform officer I enrol Phú Tâm in cluster "Cụm 1" with its registration and
    pledge dates; the movement page lists it under its cluster."""
    w = world()
    client.force_login(w.officer)
    page = client.get(reverse("movement-participants", args=[w.movement.pk])).content.decode()
    assert "UBND xã Phú Tâm" in page and "UBND xã Cũ" not in page  # abolished in 2021
    response = client.post(
        reverse("movement-participants", args=[w.movement.pk]),
        {
            "revision": fresh(w).revision,
            "unit": w.phutam.pk,
            "cluster": "Cụm 1",
            "registered_on": "2022-03-10",
            "pledge_signed_on": "2022-03-15",
        },
    )
    assert response.status_code == 302
    participant = MovementParticipant.objects.get()
    assert (participant.cluster, participant.registered_on, participant.pledge_signed_on) == (
        "Cụm 1",
        date(2022, 3, 10),
        date(2022, 3, 15),
    )
    detail = client.get(reverse("movement-detail", args=[w.movement.pk])).content.decode()
    assert "Cụm 1" in detail and "10/03/2022" in detail and "15/03/2022" in detail
    edit = client.post(
        reverse("movement-participant-edit", args=[w.movement.pk, participant.pk]),
        {
            f"p{participant.pk}-revision": fresh(w).revision,
            f"p{participant.pk}-cluster": "Cụm 2",
            f"p{participant.pk}-registered_on": "2022-03-10",
            f"p{participant.pk}-pledge_signed_on": "",
        },
    )
    assert edit.status_code == 302
    participant.refresh_from_db()
    assert participant.cluster == "Cụm 2" and participant.pledge_signed_on is None


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("other_commune", "UBND xã Mỹ Thuận không thuộc UBND huyện Châu Thành"),
        ("abolished", "UBND xã Cũ không còn hiệu lực trong thời gian phong trào"),
    ],
)
def test_a_unit_outside_the_district_or_not_in_force_cannot_take_part(which, message):
    """As the reform officer I cannot enrol a commune of another district, nor one abolished
    before the movement began."""
    w = world()
    with pytest.raises(services.MovementRefused) as refused:
        enrol(w, getattr(w, which))
    assert message in refused.value.messages[0]
    assert not MovementParticipant.objects.exists()
    assert fresh(w).revision == 0


def test_a_unit_enrolled_twice_is_refused():
    """As the reform officer I cannot enrol Phú Tâm a second time."""
    w = world()
    enrol(w, w.phutam, "Cụm 1")
    with pytest.raises(services.MovementRefused, match="đã có trong danh sách"):
        enrol(w, w.phutam, "Cụm 2")
    assert MovementParticipant.objects.get().cluster == "Cụm 1"


def test_shortening_the_period_past_a_participants_validity_is_refused():
    """As the reform officer I cannot move the period to 2021 once a commune valid only from
    2022 takes part."""
    w = world()
    w.thienmy.valid_from = date(2022, 1, 1)
    w.thienmy.save()
    enrol(w, w.thienmy)
    data = {**PLAN, "year": 2021, "starts_on": date(2021, 1, 1), "ends_on": date(2021, 12, 31)}
    with pytest.raises(services.MovementRefused, match="UBND xã Thiện Mỹ"):
        services.update_movement(w.officer, fresh(w), data)
    assert fresh(w).year == 2022


def test_removing_a_participant_removes_its_points_but_not_while_it_holds_an_award():
    """As the reform officer I remove a commune from the movement; one holding an award stays
    until the award is removed."""
    w = world()
    participant = enrol(w, w.phutam)
    award = services.record_award(
        w.officer,
        fresh(w),
        {
            "kind": "certificate",
            "participant": participant,
            "decision_ref": "Quyết định số 12/QĐ-UBND",
            "awarded_on": date(2022, 12, 20),
        },
    )
    with pytest.raises(services.MovementRefused, match="đã được khen thưởng"):
        services.remove_participant(w.officer, participant)
    services.remove_award(w.officer, award)
    services.remove_participant(w.officer, participant)
    assert not MovementParticipant.objects.exists()


def test_editing_the_plan_keeps_the_history(client):
    """As the district leader I correct the plan number; the movement page shows who changed
    what."""
    w = world()
    client.force_login(w.leader)
    data = {**{k: str(v) for k, v in PLAN.items()}, "plan_number": "31/KH-UBND", "revision": 0}
    assert client.post(reverse("movement-edit", args=[w.movement.pk]), data).status_code == 302
    movement = fresh(w)
    assert movement.plan_number == "31/KH-UBND" and movement.revision == 1
    page = client.get(reverse("movement-detail", args=[movement.pk])).content.decode()
    assert "Sửa thông tin phong trào (kế hoạch phát động số)." in page and "Ngô Khanh Loan" in page


def test_the_report_editor_starts_from_texts_that_cite_the_plan(client):
    """As the reform officer I open the 6-month report: the narrative is already drafted and
    cites Kế hoạch số 30/KH-UBND ngày 28 tháng 02 năm 2022; I save my number and date."""
    w = world()
    client.force_login(w.officer)
    url = reverse("movement-report", args=[w.movement.pk, "6-thang"])
    page = client.get(url).content.decode()
    assert (
        "Thực hiện Kế hoạch số 30/KH-UBND ngày 28 tháng 02 năm 2022 về việc phát động phong "
        "trào thi đua cải cách hành chính năm 2022" in page
    )
    assert "TM. ỦY BAN NHÂN DÂN" in page and "CHỦ TỊCH" in page and "Châu Thành" in page
    report = services.report_or_new(fresh(w), "H1")
    data = {
        name: getattr(report, name) or ""
        for name in (
            "place",
            "recipients",
            "signer_authority",
            "signer_position",
            "situation",
            "leadership",
            "results",
            "next_tasks",
        )
    }
    data |= {
        "revision": 0,
        "number": "138",
        "issued_on": "2022-06-21",
        "signer_name": "Ngô Khanh Loan",
    }
    assert client.post(url, data).status_code == 302
    saved = fresh(w).reports.get(period="H1")
    assert (saved.number, saved.issued_on, saved.revision) == ("138", date(2022, 6, 21), 1)
    assert saved.leadership.startswith("Thực hiện Kế hoạch số 30/KH-UBND")
    assert client.get(reverse("movement-report", args=[w.movement.pk, "quy-1"])).status_code == 404


def test_criteria_are_listed_with_how_they_are_scored(client):
    """As the reform officer I add a manual criterion with a maximum of 7,5 typed the
    Vietnamese way; the page shows it as entered by hand."""
    w = world()
    client.force_login(w.officer)
    response = client.post(
        reverse("movement-criteria", args=[w.movement.pk]),
        {
            "revision": 0,
            "order": 1,
            "code": "1",
            "name": "Tuyên truyền cải cách hành chính",
            "max_points": "7,5",
            "source": "",
        },
    )
    assert response.status_code == 302
    criterion = fresh(w).criteria.get()
    assert criterion.max_points == Decimal("7.5") and criterion.source == ""
    page = client.get(reverse("movement-detail", args=[w.movement.pk])).content.decode()
    assert "Tuyên truyền cải cách hành chính" in page and "Nhập tay" in page


def test_history_kept_in_the_admin_log_before_is_carried_over():
    """As an operator upgrading, the movement history written to Django's admin log by earlier
    versions appears in the movement's own history, oldest first, with who did it."""
    from django.apps import apps
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.loader import MigrationLoader

    from ..models import MovementEvent

    w = world()
    kind = ContentType.objects.get_for_model(Movement)
    for message in ("Thêm đơn vị tham gia.", "Nhập điểm tiêu chí 1."):
        LogEntry.objects.create(
            user=w.officer,
            content_type=kind,
            object_id=str(w.movement.pk),
            object_repr=str(w.movement),
            action_flag=CHANGE,
            change_message=message,
        )
    before = MovementEvent.objects.count()
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration(
        "scoring", "0004_movement_events"
    )
    copy = next(op for op in migration.operations if hasattr(op, "code")).code
    copy(apps, None)
    copied = list(MovementEvent.objects.order_by("id")[before:])
    assert [(e.movement, e.actor, e.message) for e in copied] == [
        (w.movement, w.officer, "Thêm đơn vị tham gia."),
        (w.movement, w.officer, "Nhập điểm tiêu chí 1."),
    ]
