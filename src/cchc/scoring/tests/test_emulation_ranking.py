"""Ranking the participants: totals derived from the criteria, highest first, ties sharing a
rank (1, 2, 2, 4) overall and within each cluster; a unit with no points at all has no rank.
The pure rules (`emulation_ranking`) are tested directly, then through a movement."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cchc.reporting.figures import Counts

from .. import emulation_queries as queries
from .. import emulation_ranking as ranking
from .. import emulation_services as services
from .test_emulation_movements import enrol, fresh, world

D = Decimal


def test_ties_share_a_rank_and_the_next_rank_skips():
    """As the organiser I see two units on 17,5 both ranked 2 and the next one ranked 4."""
    ranks = ranking.rank(
        [("a", D("18")), ("b", D("17.5")), ("c", D("17.5")), ("d", D("9")), ("e", None)]
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_ranks_within_clusters_follow_the_same_rule():
    """As the organiser I see each cluster ranked on its own."""
    ranks = ranking.rank_in_groups(
        [("a", "Cụm 1", D(9)), ("b", "Cụm 2", D(9)), ("c", "Cụm 1", D(9)), ("d", "Cụm 2", D(3))]
    )
    assert ranks == {"a": 1, "c": 1, "b": 1, "d": 2}


@pytest.mark.parametrize(
    ("maximum", "percent", "points"),
    [
        (D(20), D("85.74"), D("17.15")),
        (D(10), D("99.95"), D("10.00")),
        (D(5), D(150), D(5)),
        (D(5), D(-3), D(0)),
    ],
)
def test_a_percentage_becomes_points_of_the_maximum(maximum, percent, points):
    """As the organiser I get max × percentage ÷ 100, rounded half up, never above the max."""
    assert ranking.scaled(maximum, percent) == points


@st.composite
def _counts(draw) -> Counts:
    """Counts as the statistics engine makes them: every counted dossier in exactly one of
    early, on time, late, pending in time, pending overdue; some carried over, some online."""
    outcomes = draw(st.lists(st.integers(0, 5000), min_size=5, max_size=5))
    received = sum(outcomes)
    carried = draw(st.integers(0, received))
    online = draw(st.integers(0, received - carried))
    early, on_time, late, in_time, overdue = outcomes
    return Counts.from_leaves(
        {
            "received_online": online,
            "received_offline": received - carried - online,
            "carried_over": carried,
            "resolved_early": early,
            "resolved_on_time": on_time,
            "resolved_late": late,
            "pending_in_time": in_time,
            "pending_overdue": overdue,
        }
    )


@given(_counts())
def test_the_dossier_clause_always_adds_up(counts):
    """As a reader of the report I can add up every figure of the dossier sentence."""
    text = ranking.dossier_clause(counts)
    numbers = [int(n.replace(".", "")) for n in re.findall(r"([\d.]+) hồ sơ", text)]
    if counts.carried_over:
        received, new, carried, resolved, early, on_time, late, pending, in_time, overdue = numbers
        assert received == new + carried
    else:
        received, resolved, early, on_time, late, pending, in_time, overdue = numbers
    assert (early, on_time, late) == (
        counts.resolved_early,
        counts.resolved_on_time,
        counts.resolved_late,
    )
    assert resolved == early + on_time + late
    assert pending == in_time + overdue
    assert received == resolved + pending


@pytest.mark.django_db
def test_the_movement_page_ranks_participants_with_ties_and_clusters(client):
    """As the reform officer I enter points for four communes in two clusters and the
    movement page ranks them: Phú Tâm 1st; Hồ Đắc Kiện and Thiện Mỹ tie 2nd, 2nd and 1st in
    their clusters; the town, with nothing entered, is not ranked."""
    w = world()
    phutam = enrol(w, w.phutam, "Cụm 1")
    hodackien = enrol(w, w.hodackien, "Cụm 1")
    thienmy = enrol(w, w.thienmy, "Cụm 2")
    town = enrol(w, w.town, "Cụm 2")
    first = services.add_criterion(
        w.officer, fresh(w), {"code": "1", "name": "Tuyên truyền", "max_points": D(10)}
    )
    second = services.add_criterion(
        w.officer, fresh(w), {"code": "2", "name": "Sáng kiến", "max_points": D(10)}
    )
    services.enter_points(
        w.officer,
        fresh(w),
        {
            (phutam.pk, first.pk): (D(9), ""),
            (phutam.pk, second.pk): (D("9.5"), ""),
            (hodackien.pk, first.pk): (D(8), ""),
            (hodackien.pk, second.pk): (D("8.25"), ""),
            (thienmy.pk, first.pk): (D("16.25") - D(10), ""),
            (thienmy.pk, second.pk): (D(10), ""),
        },
    )
    results = queries.movement_results(fresh(w))
    table = [(r.participant.unit.code, r.total, r.rank, r.cluster_rank) for r in results.rows]
    assert table == [
        ("PHUTAM", D("18.5"), 1, 1),
        ("HODACKIEN", D("16.25"), 2, 2),
        ("THIENMY", D("16.25"), 2, 1),
        ("TTCHAUTHANH", D(0), None, None),
    ]
    assert results.max_total == D(20)
    client.force_login(w.officer)
    html = client.get(reverse("movement-detail", args=[w.movement.pk])).content.decode()
    assert html.index("UBND xã Phú Tâm</a>") < html.index("UBND xã Hồ Đắc Kiện</a>")
    assert "18,5" in html and "16,25" in html
    assert town.pk in {r.participant.pk for r in results.rows}
