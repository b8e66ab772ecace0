"""Who reaches what. A movement is found only by those who may see its organiser or one of
its participants (404 for anyone else, on every page and action); running it needs a writer
role on the organiser (403 otherwise); a participant's staff see their own scores and, once a
report is issued, the ranking; a page built from an older revision is refused (409) — and a
refused action changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from .. import emulation_queries as queries
from .. import emulation_services as services
from ..models import Award, Movement, MovementCriterion, MovementParticipant, MovementScore
from .test_emulation_movements import PLAN, enrol, fresh, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    w = world()
    w.p1 = enrol(w, w.phutam, "Cụm 1")
    w.p2 = enrol(w, w.hodackien, "Cụm 1")
    w.criterion = services.add_criterion(
        w.officer, fresh(w), {"code": "1", "name": "Tuyên truyền", "max_points": Decimal(10)}
    )
    services.enter_points(
        w.officer,
        fresh(w),
        {
            (w.p1.pk, w.criterion.pk): (Decimal(6), "Thiếu 1 chuyên mục"),
            (w.p2.pk, w.criterion.pk): (Decimal(9), "Ghi chú riêng của Hồ Đắc Kiện"),
        },
    )
    w.award = services.record_award(
        w.officer,
        fresh(w),
        {
            "kind": "certificate",
            "participant": w.p2,
            "decision_ref": "Quyết định số 5/QĐ-UBND",
            "awarded_on": date(2022, 6, 15),
        },
    )
    return w


def _state(w):
    movement = fresh(w)
    return (
        movement.revision,
        movement.plan_number,
        MovementParticipant.objects.count(),
        MovementCriterion.objects.count(),
        sorted(MovementScore.objects.values_list("points", flat=True)),
        Award.objects.count(),
        movement.reports.count(),
    )


def writes(w, revision):
    """(url, data) of every write action, as its page would post it."""
    pk, p1, c = w.movement.pk, w.p1.pk, w.criterion.pk
    plan = {k: str(v) for k, v in PLAN.items()}
    return [
        (
            reverse("movement-edit", args=[pk]),
            {**plan, "plan_number": "99/KH", "revision": revision},
        ),
        (
            reverse("movement-participants", args=[pk]),
            {"revision": revision, "unit": w.thienmy.pk, "cluster": "Cụm 2"},
        ),
        (
            reverse("movement-participant-edit", args=[pk, p1]),
            {f"p{p1}-revision": revision, f"p{p1}-cluster": "Cụm 9"},
        ),
        (reverse("movement-participant-remove", args=[pk, w.p2.pk]), {"revision": revision}),
        (
            reverse("movement-criteria", args=[pk]),
            {"revision": revision, "order": 2, "code": "2", "name": "Mới", "max_points": "5"},
        ),
        (
            reverse("movement-criterion-edit", args=[pk, c]),
            {"revision": revision, "order": 1, "code": "1", "name": "Đổi", "max_points": "10"},
        ),
        (reverse("movement-criterion-remove", args=[pk, c]), {"revision": revision}),
        (reverse("movement-scores", args=[pk]), {"revision": revision, f"diem-{p1}-{c}": "1"}),
        (
            reverse("movement-awards", args=[pk]),
            {
                "revision": revision,
                "kind": "merit",
                "individual_name": "Lê Văn B",
                "individual_position": "Chủ tịch UBND xã",
                "decision_ref": "Quyết định số 6/QĐ-UBND",
                "awarded_on": "2022-12-01",
            },
        ),
        (reverse("movement-award-remove", args=[pk, w.award.pk]), {"revision": revision}),
        (
            reverse("movement-report", args=[pk, "6-thang"]),
            {"revision": 0 if revision >= 0 else revision, "number": "138"},
        ),
    ]


def management_pages(w):
    pk = w.movement.pk
    return [
        reverse("movement-edit", args=[pk]),
        reverse("movement-participants", args=[pk]),
        reverse("movement-criteria", args=[pk]),
        reverse("movement-criterion-edit", args=[pk, w.criterion.pk]),
        reverse("movement-scores", args=[pk]),
        reverse("movement-awards", args=[pk]),
        reverse("movement-report", args=[pk, "6-thang"]),
        reverse("movement-report", args=[pk, "ca-nam"]),
    ]


def reading_pages(w):
    pk = w.movement.pk
    return [
        reverse("movement-detail", args=[pk]),
        reverse("movement-participant", args=[pk, w.p1.pk]),
        reverse("movement-report-preview", args=[pk, "6-thang"]),
        reverse("movement-report-download", args=[pk, "6-thang"]),
        reverse("movement-report-download", args=[pk, "ca-nam"]),
    ]


def test_another_districts_officer_gets_404_everywhere_and_an_empty_list(client, running):
    """As the reform officer of Mỹ Tú I cannot find Châu Thành's movement at all."""
    w = running
    before = _state(w)
    client.force_login(w.outsider)
    for url in reading_pages(w) + management_pages(w):
        assert client.get(url).status_code == 404, url
    for url, data in writes(w, fresh(w).revision):
        assert client.post(url, data).status_code == 404, url
    assert "Cải cách hành chính" not in client.get(reverse("movement-list")).content.decode()
    assert _state(w) == before


def test_the_district_one_stop_officer_reads_but_cannot_run_the_movement(client, running):
    """As Châu Thành's one-stop officer I can open the movement, the results and the reports,
    but every management page and action answers 403."""
    w = running
    before = _state(w)
    client.force_login(w.desk)
    for url in reading_pages(w):
        assert client.get(url).status_code == 200, url
    for url in management_pages(w):
        assert client.get(url).status_code == 403, url
    for url, data in writes(w, fresh(w).revision):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("movement-create")).status_code == 403
    assert _state(w) == before


def test_a_participants_officer_sees_its_own_scores_only(client, running):
    """As the reform officer of Phú Tâm I see our points and our note, not Hồ Đắc Kiện's
    (its page is 404 to me); I cannot run the movement nor read its reports (403)."""
    w = running
    before = _state(w)
    client.force_login(w.commune_officer)
    detail = client.get(reverse("movement-detail", args=[w.movement.pk])).content.decode()
    assert "UBND xã Phú Tâm" in detail and "UBND xã Hồ Đắc Kiện</a>" not in detail
    assert 'data-unit="HODACKIEN"' not in detail
    assert "Quyết định số 5/QĐ-UBND" not in detail  # the awards and reports are the organiser's
    own = client.get(reverse("movement-participant", args=[w.movement.pk, w.p1.pk]))
    assert own.status_code == 200 and "Thiếu 1 chuyên mục" in own.content.decode()
    rows = queries.results_for(w.commune_officer, fresh(w)).rows
    assert [(r.participant.unit.code, r.total, r.rank) for r in rows] == [
        ("PHUTAM", Decimal(6), None)  # no rank until the ranking is published
    ]
    other = client.get(reverse("movement-participant", args=[w.movement.pk, w.p2.pk]))
    assert other.status_code == 404
    for url in management_pages(w) + reading_pages(w)[2:]:
        assert client.get(url).status_code == 403, url
    for url, data in writes(w, fresh(w).revision):
        assert client.post(url, data).status_code == 403, url
    assert _state(w) == before
    listing = client.get(reverse("movement-list")).content.decode()
    assert "Cải cách hành chính" in listing


def test_the_ranking_is_shown_to_participants_once_a_report_is_issued(client, running):
    """As the reform officer of Phú Tâm I see every unit's rank and total once the district
    has issued its 6-month report — still not the other units' points per criterion."""
    w = running
    report = services.report_or_new(fresh(w), "H1")
    data = {name: getattr(report, name) for name in services.REPORT_TEXT_FIELDS}
    services.save_report(
        w.officer, fresh(w), "H1", data | {"number": "138", "issued_on": date(2022, 6, 21)}
    )
    results = queries.results_for(w.commune_officer, fresh(w))
    shown = {r.participant.unit.code: (r.rank, r.detail_visible) for r in results.rows}
    assert shown == {"HODACKIEN": (1, False), "PHUTAM": (2, True)}
    client.force_login(w.commune_officer)
    html = client.get(reverse("movement-detail", args=[w.movement.pk])).content.decode()
    assert 'data-unit="HODACKIEN"' in html and "Ghi chú riêng của Hồ Đắc Kiện" not in html
    assert (
        client.get(reverse("movement-participant", args=[w.movement.pk, w.p2.pk])).status_code
        == 404
    )


def test_another_movements_objects_are_not_found_through_this_one(client, running):
    """As the reform officer I cannot reach a criterion, participant or award of another
    movement through this movement's pages (404)."""
    w = running
    other = services.create_movement(w.officer, w.district, {**PLAN, "name": "Dân vận khéo"})
    pk = other.pk
    client.force_login(w.officer)
    assert client.get(reverse("movement-participant", args=[pk, w.p1.pk])).status_code == 404
    assert (
        client.get(reverse("movement-criterion-edit", args=[pk, w.criterion.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("movement-award-remove", args=[pk, w.award.pk]), {"revision": 0}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("movement-participant-remove", args=[pk, w.p1.pk]), {"revision": 0}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("movement-criterion-remove", args=[pk, w.criterion.pk]), {"revision": 0}
        ).status_code
        == 404
    )
    assert Award.objects.count() == 1 and MovementParticipant.objects.count() == 2


def test_a_page_built_from_an_older_revision_is_refused_with_409(client, running):
    """As the reform officer I submit a page a colleague has changed since I opened it: every
    action says the movement was just updated by someone else (409) and changes nothing."""
    w = running
    stale = fresh(w).revision - 1
    services.save_report(
        w.leader,
        fresh(w),
        "H1",
        {name: "" for name in services.REPORT_TEXT_FIELDS} | {"number": "137"},
        expected_revision=0,
    )  # the report is at revision 1 now: the editor's 0 is stale too
    before = _state(w)
    client.force_login(w.officer)
    for url, data in writes(w, stale):
        response = client.post(url, data)
        assert response.status_code == 409, url
        assert "vừa được người khác cập nhật" in response.content.decode(), url
    assert _state(w) == before
    assert fresh(w).reports.get().number == "137"
    assert Movement.objects.count() == 1
