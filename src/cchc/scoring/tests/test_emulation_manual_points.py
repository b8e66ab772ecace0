"""Points entered by hand: between 0 and the criterion's maximum. A value above the maximum
or below zero is refused with the criterion and the unit named — and nothing of the batch is
saved, not even the valid entries typed with it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .. import emulation_services as services
from ..models import MovementScore
from .test_emulation_movements import enrol, fresh, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    w = world()
    w.p1 = enrol(w, w.phutam)
    w.p2 = enrol(w, w.hodackien)
    w.criterion = services.add_criterion(
        w.officer,
        fresh(w),
        {"code": "1", "name": "Công tác tuyên truyền CCHC", "max_points": Decimal("7.5")},
    )
    return w


def test_points_from_zero_to_the_maximum_are_saved(client, scored):
    """As the reform officer I enter 7,5 (the maximum) for Phú Tâm and 0 for Hồ Đắc Kiện."""
    w = scored
    client.force_login(w.officer)
    c = w.criterion.pk
    response = client.post(
        reverse("movement-scores", args=[w.movement.pk]),
        {
            "revision": fresh(w).revision,
            f"diem-{w.p1.pk}-{c}": "7,5",
            f"ghichu-{w.p1.pk}-{c}": "Đủ 4 chuyên mục",
            f"diem-{w.p2.pk}-{c}": "0",
        },
    )
    assert response.status_code == 302
    saved = {s.participant_id: (s.points, s.note) for s in MovementScore.objects.all()}
    assert saved == {w.p1.pk: (Decimal("7.5"), "Đủ 4 chuyên mục"), w.p2.pk: (Decimal(0), "")}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "8",
            "Điểm tiêu chí “1. Công tác tuyên truyền CCHC” của UBND xã Hồ Đắc Kiện vượt điểm "
            "tối đa 7,5 (đã nhập 8).",
        ),
        (
            "-0,5",
            "Điểm tiêu chí “1. Công tác tuyên truyền CCHC” của UBND xã Hồ Đắc Kiện không được "
            "âm (đã nhập -0,5).",
        ),
    ],
)
def test_points_above_the_maximum_or_below_zero_are_refused_and_nothing_is_saved(
    client, scored, typed, message
):
    """As the reform officer I type a value out of range for Hồ Đắc Kiện next to a valid one
    for Phú Tâm: the page names the criterion (400) and neither is saved."""
    w = scored
    client.force_login(w.officer)
    c = w.criterion.pk
    revision = fresh(w).revision
    response = client.post(
        reverse("movement-scores", args=[w.movement.pk]),
        {"revision": revision, f"diem-{w.p1.pk}-{c}": "6", f"diem-{w.p2.pk}-{c}": typed},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MovementScore.objects.exists()
    assert fresh(w).revision == revision


def test_a_value_that_is_not_a_number_is_refused(client, scored):
    """As the reform officer I type "bảy" by mistake: the field says it is not a number."""
    w = scored
    client.force_login(w.officer)
    response = client.post(
        reverse("movement-scores", args=[w.movement.pk]),
        {"revision": fresh(w).revision, f"diem-{w.p1.pk}-{w.criterion.pk}": "bảy"},
    )
    assert response.status_code == 400
    assert "“bảy” không phải là số." in response.content.decode()
    assert not MovementScore.objects.exists()


def test_clearing_a_value_removes_the_points_and_the_history_says_so(scored):
    """As the reform officer I clear Phú Tâm's points: they are gone, and the history lists
    both changes."""
    w = scored
    key = (w.p1.pk, w.criterion.pk)
    services.enter_points(w.officer, fresh(w), {key: (Decimal(5), "")})
    services.enter_points(w.officer, fresh(w), {key: (None, "")})
    assert not MovementScore.objects.exists()
    from .. import emulation_queries as queries

    history = [e.message for e in queries.history_of(fresh(w))]
    assert history[:2] == [
        "Chấm điểm: UBND xã Phú Tâm – 1: xóa điểm.",
        "Chấm điểm: UBND xã Phú Tâm – 1: 5.",
    ]


def test_lowering_the_maximum_below_points_already_given_is_refused(scored):
    """As the reform officer I cannot lower the maximum to 5 while Phú Tâm has 6."""
    w = scored
    services.enter_points(w.officer, fresh(w), {(w.p1.pk, w.criterion.pk): (Decimal(6), "")})
    with pytest.raises(services.MovementRefused, match=r"UBND xã Phú Tâm \(6\)"):
        services.update_criterion(
            w.officer,
            w.criterion,
            {"code": "1", "name": "Công tác tuyên truyền CCHC", "max_points": Decimal(5)},
        )
    w.criterion.refresh_from_db()
    assert w.criterion.max_points == Decimal("7.5")
