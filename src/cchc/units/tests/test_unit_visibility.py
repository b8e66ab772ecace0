"""Every user sees the units their roles reach, and nothing else."""

import pytest
from django.urls import reverse

from cchc.units.demo import load_demo_units
from cchc.units.models import Role, Unit
from cchc.units.permissions import can_act, scope, visible_units
from cchc.units.tests.factories import PASSWORD, UserFactory, staff_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_units()
    return {u.code: u for u in Unit.objects.all()}


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_a_district_role_reaches_its_communes_but_not_the_province(demo):
    """As a district leader I see my district and its communes, not the province above."""
    leader = staff_with_role(Role.UNIT_LEADER, demo["TT"])
    seen = codes(visible_units(leader))
    assert {"TT", "TT-PHULOC", "TT-CHAUHUNG"} <= seen
    assert "ST" not in seen and "CT-PHULOC" not in seen


def test_a_commune_officer_does_not_see_a_sibling_commune(demo):
    """As a commune officer I cannot see the neighbouring commune's records."""
    officer = staff_with_role(Role.ONE_STOP_OFFICER, demo["TT-LAMTAN"])
    assert codes(visible_units(officer)) == {"TT-LAMTAN"}
    assert not can_act(officer, demo["TT-LAMKIET"])


def test_a_post_2025_commune_keeps_the_history_of_the_communes_it_replaced(demo):
    """As an officer of a merged commune I still see the dossiers of the old communes."""
    officer = staff_with_role(Role.REFORM_OFFICER, demo["CT-PHULOC"])
    assert codes(visible_units(officer)) == {"CT-PHULOC", "TT-PHULOC", "TT-THANHTRI", "TT-THANHTAN"}


def test_a_role_filter_limits_the_units_to_that_role(demo):
    """As a leader of one unit and desk officer of another, each action checks the right role."""
    user = staff_with_role(Role.ONE_STOP_OFFICER, demo["TT-LAMTAN"])
    user.role_grants.create(unit=demo["TT-VINHLOI"], role=Role.UNIT_LEADER)
    user.refresh_from_db()
    assert can_act(user, demo["TT-LAMTAN"], Role.ONE_STOP_OFFICER)
    assert not can_act(user, demo["TT-VINHLOI"], Role.ONE_STOP_OFFICER)
    assert can_act(user, demo["TT-VINHLOI"], Role.UNIT_LEADER)


def test_scope_filters_any_unit_owned_queryset(demo):
    """As a developer I scope any unit-owned rows with one helper."""
    officer = staff_with_role(Role.ONE_STOP_OFFICER, demo["TT-LAMTAN"])
    from cchc.units.models import Office

    offices = scope(Office.objects.all(), officer)
    assert offices.exists()
    assert set(offices.values_list("unit__code", flat=True)) == {"TT-LAMTAN"}


def test_a_user_without_roles_sees_nothing_and_a_superuser_everything(demo):
    """As an administrator I see every unit; an account with no role sees none."""
    assert not visible_units(UserFactory()).exists()
    root = UserFactory(is_superuser=True)
    assert visible_units(root).count() == Unit.objects.count()


def test_unit_tree_page_and_api_show_only_visible_units(client, demo):
    """As a commune officer the unit page and the API list only my commune."""
    officer = staff_with_role(Role.ONE_STOP_OFFICER, demo["TT-LAMTAN"])
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(reverse("unit-tree")).content.decode()
    assert "UBND xã Lâm Tân" in page and "UBND xã Lâm Kiết" not in page
    api = client.get("/api/units/").json()
    assert [u["code"] for u in api["results"]] == ["TT-LAMTAN"]


def test_pages_require_login(client):
    """As an anonymous visitor I am sent to the login page."""
    for url in [reverse("home"), reverse("unit-tree")]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get("/api/units/").status_code == 403
