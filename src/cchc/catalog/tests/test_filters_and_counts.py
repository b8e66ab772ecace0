"""Filtering the catalogue and the counts shown above the list."""

import pytest
from django.urls import reverse

from ..models import InterAgency, Level, OnlineMode, Procedure
from ..queries import ProcedureFilters, catalogue_counts, search_procedures
from .factories import ProcedureFactory, SectorFactory


@pytest.fixture
def catalogue(db):
    civil = SectorFactory(code="HOTICH", name="Hộ tịch")
    land = SectorFactory(code="DATDAI", name="Đất đai")
    ProcedureFactory(
        code="A", sector=civil, level=Level.COMMUNE, online_mode=OnlineMode.FULL, postal=True
    )
    ProcedureFactory(
        code="B",
        sector=civil,
        level=Level.DISTRICT,
        online_mode=OnlineMode.PARTIAL,
        postal=True,
        inter_agency=InterAgency.CROSS_LEVEL,
    )
    ProcedureFactory(
        code="C",
        sector=land,
        level=Level.DISTRICT,
        online_mode=OnlineMode.NONE,
        inter_agency=InterAgency.SAME_LEVEL,
    )
    ProcedureFactory(
        code="D", sector=land, level=Level.PROVINCE, online_mode=OnlineMode.FULL, internal=True
    )
    ProcedureFactory(
        code="E", sector=land, level=Level.COMMUNE, online_mode=OnlineMode.FULL, active=False
    )


def codes(**filters) -> list[str]:
    return sorted(search_procedures(ProcedureFilters(**filters)).values_list("code", flat=True))


def test_each_filter_narrows_the_list(catalogue):
    """As a reform officer, I filter by level, sector, online mode, postal, liên thông, internal
    and status."""
    assert codes() == ["A", "B", "C", "D"]  # active only by default
    assert codes(level="district") == ["B", "C"]
    assert codes(sector="DATDAI") == ["C", "D"]
    assert codes(online_mode="full") == ["A", "D"]
    assert codes(postal=True) == ["A", "B"]
    assert codes(postal=False) == ["C", "D"]
    assert codes(inter_agency="any") == ["B", "C"]
    assert codes(inter_agency="cross_level") == ["B"]
    assert codes(internal=True) == ["D"]
    assert codes(active=False) == ["E"]
    assert codes(active=None) == ["A", "B", "C", "D", "E"]
    assert codes(level="district", sector="HOTICH", postal=True) == ["B"]


def test_counts_per_level_and_online_mode_in_one_query(catalogue, django_assert_num_queries):
    """As a reform officer, I see how many procedures there are per level and online mode,
    computed by the database in one query."""
    queryset = search_procedures(ProcedureFilters())
    with django_assert_num_queries(1):
        counts = catalogue_counts(queryset)
    assert counts["total"] == 4
    assert (counts["level_province"], counts["level_district"], counts["level_commune"]) == (
        1,
        2,
        1,
    )
    assert (counts["online_full"], counts["online_partial"], counts["online_none"]) == (2, 1, 1)
    assert (counts["postal"], counts["inter_agency"], counts["internal"]) == (2, 2, 1)
    assert catalogue_counts(search_procedures(ProcedureFilters(sector="DATDAI")))["total"] == 2


def test_list_page_filters_from_the_query_string_and_shows_counts(client, specialist, catalogue):
    """As a specialist, the list page applies the filters in the address and shows the counts
    and the matching rows."""
    client.force_login(specialist)
    response = client.get(
        reverse("procedure-list"), {"level": "district", "online_mode": "", "postal": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 1
    assert [p.code for p in response.context["page"]] == ["B"]
    assert "Cấp huyện: <strong>1</strong>" in page
    assert "Toàn trình: <strong>0</strong>" in page


def test_list_paginates(client, specialist, db):
    """As a user of a large catalogue, the list is split into pages that keep my filters."""
    sector = SectorFactory(code="LV")
    for i in range(55):
        ProcedureFactory(code=f"P{i:03d}", sector=sector, level=Level.COMMUNE)
    client.force_login(specialist)
    response = client.get(reverse("procedure-list"), {"level": "commune"})
    assert len(response.context["page"]) == 50
    assert "level=commune&amp;page=2" in response.content.decode()
    response = client.get(reverse("procedure-list"), {"level": "commune", "page": 2})
    assert len(response.context["page"]) == 5
    assert Procedure.objects.count() == 55
