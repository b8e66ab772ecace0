"""Criteria read from the data: the unit's reform index in an assessment round
(`index:ROUND_CODE`: index × max ÷ 100) and a dossier rate over the movement's period
(`dossiers.on_time_rate?scope=all`, `dossiers.online_rate`: percentage × max ÷ 100). They are
computed when read and never stored; a source that cannot be read is refused when the
criterion is saved."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.dossiers.models import Channel
from cchc.reporting.tests.factories import insert, procedure_in, spread

from .. import emulation_queries as queries
from .. import emulation_services as services
from ..models import (
    AssessmentRound,
    CriteriaSet,
    Criterion,
    MovementCriterion,
    MovementScore,
    Participation,
    RoundStatus,
    Score,
)
from ..queries import unit_index
from .test_emulation_movements import enrol, fresh, world

pytestmark = pytest.mark.django_db


def _round(w, code="CX-2021", status=RoundStatus.PUBLISHED):
    """A 2021 commune round: two leaves of 10 points; Phú Tâm 8 + 9 (appraised 9 → 8,5 on
    the second), Hồ Đắc Kiện 5 + 5."""
    criteria_set = CriteriaSet.objects.create(
        code=f"SET-{code}", name="Bộ tiêu chí cấp xã 2021", year=2021, unit_kind="commune"
    )
    area = Criterion.objects.create(criteria_set=criteria_set, code="1", name="Chỉ đạo điều hành")
    first = Criterion.objects.create(
        criteria_set=criteria_set, parent=area, code="1.1", name="Kế hoạch", max_points=10
    )
    second = Criterion.objects.create(
        criteria_set=criteria_set, parent=area, code="1.2", name="Báo cáo", max_points=10
    )
    round_ = AssessmentRound.objects.create(
        code=code,
        name="Đánh giá Chỉ số CCHC cấp xã năm 2021",
        year=2021,
        criteria_set=criteria_set,
        organiser=w.district,
        opens_on=date(2022, 1, 5),
        self_due_on=date(2022, 1, 20),
        status=status,
    )
    for unit, points in (
        (w.phutam, ((8, None), (9, Decimal("8.5")))),
        (w.hodackien, ((5, None), (5, None))),
    ):
        participation = Participation.objects.create(round=round_, unit=unit)
        for criterion, (own, appraised) in zip((first, second), points, strict=True):
            Score.objects.create(
                participation=participation,
                criterion=criterion,
                self_points=own,
                appraised_points=appraised,
            )
    return round_


def _criterion(w, code, source, max_points=20):
    return services.add_criterion(
        w.officer,
        fresh(w),
        {
            "order": 1,
            "code": code,
            "name": f"Tiêu chí {code}",
            "max_points": Decimal(max_points),
            "source": source,
        },
    )


def test_index_criterion_reads_the_units_reform_index(client):
    """As the reform officer I score criterion "CS" from the 2021 reform index: Phú Tâm's
    index 82,5 gives 16,5 of 20 points, Hồ Đắc Kiện's 50 gives 10; Thiện Mỹ, not assessed,
    gets none — each with where it comes from."""
    w = world()
    round_ = _round(w)
    phutam, hodackien, thienmy = (enrol(w, u) for u in (w.phutam, w.hodackien, w.thienmy))
    _criterion(w, "CS", "index:CX-2021")
    assert unit_index(round_, w.phutam) == Decimal("82.50")
    results = queries.movement_results(fresh(w))
    by_unit = {row.participant.unit.code: row for row in results.rows}
    assert by_unit["PHUTAM"].points[0].points == Decimal("16.50")
    assert by_unit["HODACKIEN"].points[0].points == Decimal("10.00")
    assert by_unit["THIENMY"].points[0].points is None
    assert [by_unit[c].rank for c in ("PHUTAM", "HODACKIEN", "THIENMY")] == [1, 2, None]
    assert "Chỉ số CCHC 82,5 trong “Đánh giá Chỉ số CCHC cấp xã năm 2021”" in (
        by_unit["PHUTAM"].points[0].provenance
    )
    assert "20 × 82,5 ÷ 100 = 16,5 điểm" in by_unit["PHUTAM"].points[0].provenance
    assert not MovementScore.objects.exists()  # computed, never stored
    client.force_login(w.officer)
    page = client.get(reverse("movement-participant", args=[w.movement.pk, phutam.pk]))
    assert "16,5" in page.content.decode() and "Số liệu tự động" in page.content.decode()
    # A round still open reads the same, flagged as not yet published.
    round_.status = RoundStatus.OPEN
    round_.save()
    row = queries.movement_results(fresh(w)).row_of(hodackien)
    assert "(đợt đánh giá chưa công bố)" in row.points[0].provenance
    assert thienmy.pk in {r.participant.pk for r in queries.movement_results(fresh(w)).rows}


def test_dossier_rate_criterion_reads_the_statistics_over_the_movement_period():
    """As the reform officer I score criterion "HS" (10 points) from the on-time rate of
    dossiers received by each commune and the units below it during the movement: Phú Tâm
    resolved 3 early and 1 late (75% → 7,5 points); dossiers of 2021 do not count."""
    w = world()
    civil = procedure_in("HOTICH", "Hộ tịch", "3d", name="Đăng ký khai sinh")
    in_2022 = dict(first=date(2022, 2, 1), last=date(2022, 2, 20), window_end=date(2022, 12, 31))
    insert(
        spread(3, civil, w.phutam, "early", **in_2022)
        + spread(1, civil, w.phutam, "late", **in_2022)
        + spread(6, civil, w.phutam, "late", first=date(2021, 3, 1), last=date(2021, 3, 20))
        + spread(2, civil, w.hodackien, "early", channel=Channel.ONLINE, **in_2022)
        + spread(2, civil, w.hodackien, "on_time", **in_2022)
    )
    enrol(w, w.phutam)
    enrol(w, w.hodackien)
    _criterion(w, "HS", "dossiers.on_time_rate?scope=all", max_points=10)
    _criterion(w, "TT", "dossiers.online_rate", max_points=5)
    rows = {r.participant.unit.code: r for r in queries.movement_results(fresh(w)).rows}
    hs, tt = rows["PHUTAM"].points
    assert (hs.value, hs.points) == (Decimal("75.00"), Decimal("7.50"))
    assert "3/4" in hs.provenance and "10 × 75 ÷ 100 = 7,5 điểm" in hs.provenance
    assert tt.points == Decimal("0.00")  # nothing online
    hs, tt = rows["HODACKIEN"].points
    assert (hs.points, tt.value, tt.points) == (Decimal("10.00"), Decimal("50.00"), Decimal("2.50"))
    assert rows["HODACKIEN"].total == Decimal("12.50") and rows["PHUTAM"].total == Decimal("7.50")
    assert not MovementScore.objects.exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("index:KHONGCO", "Không có đợt đánh giá Chỉ số CCHC mã “KHONGCO”."),
        ("dossiers.bogus", "Nguồn số liệu “dossiers.bogus” không có trong hệ thống."),
        ("dossiers.results?column=received_total", "không phải một tỷ lệ phần trăm"),
        ("dossiers.on_time_rate?scope=everywhere", "thiếu hoặc sai tham số"),
    ],
)
def test_a_source_that_cannot_be_read_is_refused_when_saved(source, message):
    """As the reform officer I mistype a criterion's source: it is refused when I save it,
    and nothing is added."""
    w = world()
    with pytest.raises(services.MovementRefused) as refused:
        _criterion(w, "X", source)
    assert message in refused.value.messages[0]
    assert not MovementCriterion.objects.exists() and fresh(w).revision == 0


def test_points_of_a_computed_criterion_cannot_be_typed():
    """As the reform officer I cannot type points over a computed criterion, nor turn a
    criterion already scored by hand into a computed one."""
    w = world()
    _round(w)
    participant = enrol(w, w.phutam)
    computed = _criterion(w, "CS", "index:CX-2021")
    with pytest.raises(services.MovementRefused, match="được tính từ dữ liệu, không nhập tay"):
        services.enter_points(
            w.officer, fresh(w), {(participant.pk, computed.pk): (Decimal(5), "")}
        )
    manual = _criterion(w, "TT", "", max_points=10)
    services.enter_points(w.officer, fresh(w), {(participant.pk, manual.pk): (Decimal(6), "")})
    with pytest.raises(services.MovementRefused, match="đã có điểm nhập tay của 1 đơn vị"):
        services.update_criterion(
            w.officer,
            manual,
            {
                "order": 2,
                "code": "TT",
                "name": "Tiêu chí TT",
                "max_points": Decimal(10),
                "source": "index:CX-2021",
            },
        )
    manual.refresh_from_db()
    assert manual.source == "" and MovementScore.objects.get().points == Decimal(6)
