"""As the commune's reform officer I see on the dashboard how satisfied citizens were this
year — the share of rated dossiers whose two satisfaction answers are (very) satisfied —
computed from the ratings, and nothing while nobody has rated."""

import pytest

from cchc.reporting import dashboard

from .factories import local, rating, returned

pytestmark = pytest.mark.django_db


def test_the_dashboard_reads_the_ratings_of_the_year(world):
    """Three rated dossiers, two satisfied: 66,67%; the chart goes into the report too."""
    assert dashboard.satisfaction(world.commune, 2026) is None
    for answers in ((2, 2), (1, 2), (0, 2)):
        rating(returned(world), at=local("2026-03-04 10:00"), satisfaction=answers)
    chart = dashboard.satisfaction(world.commune, 2026)
    assert chart.table.rows == (("Năm 2026", "3", "2", "66,67%"),)
    assert chart.png and chart.svg
    d = dashboard.build(world.reform, world.commune, 2026)
    assert d.satisfaction.table.rows[0][-1] == "66,67%"
    assert dashboard.satisfaction(world.commune, 2025) is None
