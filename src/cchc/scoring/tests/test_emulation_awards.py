"""Awards of a movement: a collective award goes to a participating unit, an individual one
to a named person with a position; each with its kind, decision and date. Anything else is
refused in Vietnamese and nothing is recorded."""

from datetime import date

import pytest
from django.urls import reverse

from .. import emulation_services as services
from ..models import Award, AwardKind
from .test_emulation_movements import enrol, fresh, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled():
    w = world()
    w.p1 = enrol(w, w.phutam, "Cụm 1")
    return w


def test_a_collective_and_an_individual_award_are_recorded(client, enrolled):
    """As the reform officer I record a Giấy khen for Phú Tâm and a Bằng khen for one of its
    officials; both are listed with their decision."""
    w = enrolled
    client.force_login(w.officer)
    url = reverse("movement-awards", args=[w.movement.pk])
    base = {"decision_ref": "Quyết định số 1234/QĐ-UBND", "awarded_on": "2022-12-20"}
    first = client.post(
        url,
        {**base, "revision": fresh(w).revision, "kind": "certificate", "participant": w.p1.pk},
    )
    second = client.post(
        url,
        {
            **base,
            "revision": fresh(w).revision,
            "kind": "merit",
            "individual_name": "Nguyễn Văn An",
            "individual_position": "Công chức Văn phòng - Thống kê xã Phú Tâm",
            "reason": "Có mô hình Công dân không viết",
        },
    )
    assert (first.status_code, second.status_code) == (302, 302)
    awards = list(Award.objects.order_by("id"))
    assert [(a.kind, a.participant_id, a.individual_name) for a in awards] == [
        (AwardKind.CERTIFICATE, w.p1.pk, ""),
        (AwardKind.MERIT, None, "Nguyễn Văn An"),
    ]
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An, Công chức Văn phòng - Thống kê xã Phú Tâm" in page
    assert "Giấy khen" in page and "20/12/2022" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Vui lòng chọn tập thể hoặc ghi tên cá nhân được khen thưởng."),
        ({"individual_name": "Nguyễn Văn An"}, "Vui lòng ghi chức vụ, đơn vị công tác của"),
        (
            {"individual_name": "Nguyễn Văn An", "individual_position": "Chủ tịch", "both": 1},
            "Mỗi khen thưởng dành cho một tập thể hoặc một cá nhân, không cả hai.",
        ),
        (
            {"participant": 1, "awarded_on": date(2021, 12, 1)},
            "Ngày khen thưởng (01/12/2021) trước khi phong trào bắt đầu.",
        ),
    ],
)
def test_an_award_without_a_clear_recipient_is_refused(enrolled, data, message):
    """As the reform officer I must name exactly one recipient (an individual with a
    position), awarded after the movement began."""
    w = enrolled
    data = dict(data)
    if data.pop("both", None) or data.get("participant"):
        data["participant"] = w.p1
    record = {
        "kind": "certificate",
        "decision_ref": "Quyết định số 1/QĐ-UBND",
        "awarded_on": date(2022, 12, 20),
        **data,
    }
    with pytest.raises(services.MovementRefused) as refused:
        services.record_award(w.officer, fresh(w), record)
    assert any(message in text for text in refused.value.messages)
    assert not Award.objects.exists()


def test_a_participant_of_another_movement_cannot_be_awarded(client, enrolled):
    """As the reform officer I cannot award a unit that takes part in another movement only."""
    w = enrolled
    other = services.create_movement(
        w.officer,
        w.district,
        {
            "name": "Dân vận khéo",
            "year": 2022,
            "plan_number": "40/KH-UBND",
            "plan_date": date(2022, 3, 1),
            "starts_on": date(2022, 3, 1),
            "ends_on": date(2022, 12, 31),
        },
    )
    stranger = services.add_participant(w.officer, other, w.thienmy, {})
    client.force_login(w.officer)
    response = client.post(
        reverse("movement-awards", args=[w.movement.pk]),
        {
            "revision": fresh(w).revision,
            "kind": "certificate",
            "participant": stranger.pk,
            "decision_ref": "Quyết định số 1/QĐ-UBND",
            "awarded_on": "2022-12-20",
        },
    )
    assert response.status_code == 400
    assert "Tập thể này không tham gia phong trào." in response.content.decode()
    with pytest.raises(services.MovementRefused, match="không tham gia phong trào này"):
        services.record_award(
            w.officer,
            fresh(w),
            {
                "kind": "certificate",
                "participant": stranger,
                "decision_ref": "Quyết định số 1/QĐ-UBND",
                "awarded_on": date(2022, 12, 20),
            },
        )
    assert not Award.objects.exists()
