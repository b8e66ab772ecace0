"""Rating results per unit and per officer (who received the dossier, or who returned it),
for a month, quarter or year in cut-off or calendar windows: forms, average total, grade
(bands held as data), satisfied share and the average of each indicator."""

from decimal import Decimal

import pytest

from cchc.dossiers.models import Status
from cchc.reporting import periods

from .. import queries
from ..models import GradeBand
from .factories import dossier_in, local, rating

pytestmark = pytest.mark.django_db

Q1 = periods.window("2026-Q1", "cutoff")  # 15/12/2025 → 14/03/2026


@pytest.fixture
def rated(world):
    dossiers = [dossier_in(world, Status.RETURNED) for _ in range(3)]
    world.r1 = rating(
        dossiers[0],
        at=local("2026-03-10 09:00"),
        scores=2,
        received_by=world.desk,
        returned_by=world.all_roles,
    )
    twelve = {1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1, 9: 0}
    world.r2 = rating(
        dossiers[1],
        at=local("2026-03-14 23:00"),  # the last evening of the cut-off quarter
        scores=twelve,
        satisfaction=(1, 0),
        received_by=world.all_roles,
        returned_by=world.all_roles,
    )
    world.r3 = rating(dossiers[2], at=local("2026-03-15 08:00"), scores=1)  # next quarter
    other = dossier_in(world, Status.RETURNED)
    world.r4 = rating(other, at=local("2026-03-11 10:00"), scores=0, unit=world.sibling)
    return world


def test_unit_results_for_a_cutoff_quarter(rated):
    """As the commune's reform officer I read Q1/2026 (15/12/2025–14/03/2026): two forms,
    average 15,00 — Xuất sắc, one of two satisfied (50%), indicator averages per column."""
    results = queries.rating_results(rated.commune, Q1)
    total = results.total
    assert (total.forms, total.score_sum, total.average) == (2, 30, Decimal("15.00"))
    assert (total.grade, total.satisfied, total.satisfied_rate) == ("Xuất sắc", 1, Decimal(50))
    assert total.indicator_averages[0] == Decimal("2.00")
    assert total.indicator_averages[4] == Decimal("1.50")
    assert total.indicator_averages[8] == Decimal("1.00")
    assert [line.label for line in results.lines] == ["UBND xã Phước Hưng"]


def test_calendar_month_and_the_window_edges(rated):
    """As a reform officer choosing calendar March the rating of 15/03 08:00 counts; in the
    cut-off quarter it belongs to Q2."""
    march = queries.rating_results(rated.commune, periods.window("2026-03", "calendar"))
    assert march.total.forms == 3
    q2 = queries.rating_results(rated.commune, periods.window("2026-Q2", "cutoff"))
    assert (q2.total.forms, q2.total.average, q2.total.grade) == (1, Decimal("9.00"), "Khá")


def test_district_with_its_communes(rated):
    """As the district's reform officer I see each commune's line and the total."""
    results = queries.rating_results(rated.district, Q1, include_children=True)
    lines = {line.label: line for line in results.lines}
    assert lines["UBND xã Tập Sơn"].forms == 1 and lines["UBND xã Tập Sơn"].grade == "Yếu"
    assert lines["UBND xã Phước Hưng"].average == Decimal("15.00")
    assert results.total.forms == 3 and results.total.average == Decimal("10.00")
    assert queries.rating_results(rated.district, Q1).total.forms == 0  # its own desk: none


def test_per_officer_who_received_or_who_returned(rated):
    """As the unit leader I compare officers: by who received the dossier, or by who
    returned the result — the page says which."""
    received = queries.rating_results(rated.commune, Q1, by="received_by")
    by_name = {line.label: line for line in received.lines}
    assert by_name[str(rated.desk)].average == Decimal("18.00")
    assert by_name[str(rated.all_roles)].average == Decimal("12.00")
    assert received.by_label == "Công chức tiếp nhận hồ sơ"
    returned = queries.rating_results(rated.commune, Q1, by="returned_by")
    assert [(line.label, line.forms) for line in returned.lines] == [(str(rated.all_roles), 2)]
    assert returned.by_label == "Công chức trả kết quả"


def test_grade_bands_are_read_from_the_table(rated):
    """As an administrator who raised "Xuất sắc" to 16 points, 15,00 is graded "Tốt"."""
    GradeBand.objects.all().delete()
    for label, minimum in (
        ("Xuất sắc", 16),
        ("Tốt", 12),
        ("Khá", 9),
        ("Trung bình", 6),
        ("Yếu", 0),
    ):
        GradeBand.objects.create(label=label, minimum=minimum)
    assert queries.rating_results(rated.commune, Q1).total.grade == "Tốt"
