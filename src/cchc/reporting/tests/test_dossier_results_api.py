"""The dossier-results form over the REST API: the same JSON as the command line, scoped to
the units the caller may see."""

from datetime import date

import pytest
from django.urls import reverse

from cchc.units.models import Role

from .factories import build_tree, insert, spread, user_with

URL = "api-dossier-results"


@pytest.fixture
def tree(db):
    t = build_tree()
    first, last = date(2023, 1, 3), date(2023, 3, 10)
    insert(
        spread(5, t.civil, t.district, "early", first=first, last=last)
        + spread(2, t.land, t.commune, "late", first=first, last=last)
    )
    t.officer = user_with([Role.REFORM_OFFICER], t.district)
    t.outsider = user_with([Role.REFORM_OFFICER], t.other_district)
    return t


def test_an_integrator_gets_the_form_as_the_report_json(client, tree):
    """As an integrator signed in for the district I read the Q1 form with its communes."""
    client.force_login(tree.officer)
    response = client.get(
        reverse(URL), {"unit": "TRACU", "period": "2023-Q1", "by": "unit", "children": "true"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["report"] == "dossier-results"
    assert data["period"] == {"label": "2023-Q1", "start": "2022-12-15", "end": "2023-03-14"}
    assert data["total"]["received_total"] == 7
    assert data["total"]["resolved_late"] == 2
    assert {row["key"] for row in data["rows"]} >= {"TRACU", "XA01"}


def test_another_units_form_is_not_found_and_a_bad_period_is_refused(client, tree):
    """As another district's officer I cannot read Trà Cú's figures; a malformed period gets
    a Vietnamese message."""
    client.force_login(tree.outsider)
    assert client.get(reverse(URL), {"unit": "TRACU", "period": "2023-Q1"}).status_code == 404
    client.force_login(tree.officer)
    response = client.get(reverse(URL), {"unit": "TRACU", "period": "2023-Q5"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["period"][0]
    client.logout()
    assert client.get(reverse(URL), {"unit": "TRACU", "period": "2023-Q1"}).status_code == 403
