"""Each role lands on a home page in Vietnamese with the work it starts from."""

import pytest
from django.urls import reverse

from cchc.units.demo import DEMO_PASSWORD, load_demo_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_units()


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("cchc", "Công chức phụ trách CCHC"),
        ("motcua", "Công chức Bộ phận Một cửa"),
        ("thamdinh", "Thẩm định"),
        ("quantri", "Quản trị hệ thống"),
    ],
)
def test_home_page_names_the_users_roles(client, demo, username, expected):
    """As a staff member I see my roles and units right after logging in."""
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert expected in page
    assert 'lang="vi"' in page


def test_wrong_password_gives_a_vietnamese_message_and_keeps_the_username(client, demo):
    """As a staff member who mistypes the password I am told so in Vietnamese."""
    page = client.post(reverse("login"), {"username": "cchc", "password": "sai"}).content.decode()
    assert "mật khẩu chính xác" in page
    assert 'value="cchc"' in page


def test_demo_units_meet_the_demo_shape(demo):
    """As an evaluator I get a pre-2025 province with a district and ≥ 8 communes and a post-2025 one with ≥ 5."""
    from cchc.units.models import Unit, UnitKind

    district = Unit.objects.get(code="TT")
    assert district.children.filter(kind=UnitKind.COMMUNE).count() >= 8
    assert str(district.valid_to) == "2025-06-30"
    post = Unit.objects.get(code="CT")
    assert post.children.filter(kind=UnitKind.COMMUNE).count() >= 5
    assert str(post.valid_from) == "2025-07-01"
    load_demo_units()  # idempotent
    assert Unit.objects.filter(code="TT").count() == 1


def test_menu_marks_only_the_most_specific_entry_as_current(client, demo):
    """As a desk officer on the intake page I see "Tiếp nhận hồ sơ" marked, not also "Hồ sơ"."""
    client.post(reverse("login"), {"username": "motcua", "password": DEMO_PASSWORD})
    page = client.get(reverse("dossier-intake")).content.decode()
    current = page.count('aria-current="page"')
    assert f'<a href="{reverse("dossier-intake")}" aria-current="page">' in page
    assert f'<a href="{reverse("dossier-queues")}" aria-current="page">' not in page
    assert current == 1
