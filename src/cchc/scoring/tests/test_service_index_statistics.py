"""The 766 figures come from the statistics engine: timeliness and the online share equal the
dossier-results form of the same unit and window (alone or with its subtree), every month of
the trend equals that month computed on its own, and the number of queries does not grow
with the number of units or months."""

from datetime import date

import pytest

from cchc.dossiers.models import Channel, Status
from cchc.reporting import periods, statistics
from cchc.reporting.tests.factories import at, dossier, insert, spread

from .. import service_index_queries as queries
from .test_service_index_formulas import month_of_dossiers, rule_set_766, world  # noqa: F401

pytestmark = pytest.mark.django_db

Q1 = periods.window("2025-Q1", "calendar")


@pytest.fixture
def busy(monkeypatch):
    monkeypatch.delitem(queries.sources._registry, "feedback.satisfaction_rate", raising=False)
    w = world()
    rows = []
    first, last = date(2025, 1, 2), date(2025, 3, 28)
    for unit, plan in (
        (w.a, {"early": 31, "on_time": 17, "late": 9, "pending_in_time": 6, "pending_overdue": 4}),
        (w.b, {"early": 12, "on_time": 3, "late": 14, "pending_in_time": 2, "pending_overdue": 7}),
        (w.district, {"early": 5, "late": 2, "pending_overdue": 1}),
        (w.other, {"early": 50}),
    ):
        for outcome, n in plan.items():
            for channel in (Channel.COUNTER, Channel.ONLINE):
                rows += spread(
                    n if channel == Channel.COUNTER else n // 3,
                    w.p[0],
                    unit,
                    outcome,
                    first=first,
                    last=last,
                    channel=channel,
                    window_end=date(2025, 6, 30),
                )
    # Waiting for a supplement at the end of March (on time, Thông tư 01/2020) and a
    # dossier carried over from December.
    rows.append(
        dossier(
            w.p[1],
            w.b,
            received_at=at(date(2025, 3, 20)),
            status=Status.AWAITING_SUPPLEMENT,
            due_at=at(date(2025, 3, 25), 17),
            supplement_requested_at=at(date(2025, 3, 22)),
        )
    )
    rows.append(
        dossier(
            w.p[1],
            w.a,
            received_at=at(date(2024, 12, 20)),
            status=Status.RETURNED,
            due_at=at(date(2025, 1, 10), 17),
            finished_at=at(date(2025, 1, 15), 9),
        )
    )
    insert(rows)
    month_of_dossiers(w, w.a, 2025, 2)
    return w


def _timeliness(result):
    item = result.indicator("2.1")
    return item.figure.numerator, item.figure.denominator


def _engine(unit, win, children):
    total = statistics.dossier_results(unit, win, include_children=children).total
    return (
        total.resolved_early + total.resolved_on_time + total.pending_in_time,
        total.received_total,
    )


@pytest.mark.parametrize("period", ["2025-Q1", "2025-01", "2025-02", "2025-03", "2025-Q2"])
@pytest.mark.parametrize("children", [False, True])
def test_timeliness_equals_the_dossier_results_form(busy, period, children):
    """As the reform officer I find in group 2 exactly the figures of the dossier-results
    form for the same unit and window: (early + on time + pending in time) ÷ received."""
    win = periods.window(period, "calendar")
    for unit in (busy.a, busy.b, busy.district, busy.province):
        result = queries.outcome(unit, win, children=children).result
        assert _timeliness(result) == _engine(unit, win, children), unit.code
        total = statistics.dossier_results(unit, win, include_children=children).total
        online = result.indicator("3.3").figure
        assert (online.numerator, online.denominator) == (
            total.received_online,
            total.received_new,
        )


def test_the_trend_equals_each_month_on_its_own(busy):
    """As the reform officer I see a trend whose every month is the index of that month
    computed alone, with the engine's timeliness figures, up to the current month."""
    page = queries.unit_page(busy.a, Q1, date(2025, 4, 20), children=False)
    assert [o.window.label for o in page.trend] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert page.outcome.window == Q1
    for item in page.trend:
        alone = queries.outcome(busy.a, item.window).result
        assert item.result.points == alone.points
        assert item.result.index == alone.index
        assert _timeliness(item.result) == _engine(busy.a, item.window, False)
    # a past year shows all twelve months
    assert len(queries.unit_page(busy.a, Q1, date(2026, 2, 1), children=False).trend) == 12


def test_a_page_is_a_handful_of_queries(busy, django_assert_max_num_queries):
    """As the operator I see a unit's page (its quarter and twelve months, with its subtree)
    read with a fixed number of queries: rule sets, subtree, dossiers, online procedures,
    entries, catalogue."""
    with django_assert_max_num_queries(6):
        queries.unit_page(busy.district, Q1, date(2026, 2, 1), children=True)


def test_the_ranking_does_not_query_per_unit(busy, django_assert_num_queries):
    """As the operator I see the ranking of many units cost the same queries as of two."""
    with django_assert_num_queries(6):
        queries.ranking([busy.a, busy.b], "commune", Q1, children=True)
    many = [busy.a, busy.b, busy.district, busy.other, busy.province]
    with django_assert_num_queries(6):
        ranking = queries.ranking(many, "commune", Q1, children=True)
    assert len(ranking.outcomes) == 5
