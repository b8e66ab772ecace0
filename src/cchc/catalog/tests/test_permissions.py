"""Who may read and who may change the catalogue."""

import pytest
from django.urls import reverse

from ..models import Procedure
from .factories import ProcedureFactory, ReviewFactory


@pytest.fixture
def procedure(db):
    return ProcedureFactory(name="Đăng ký khai sinh")


def test_anonymous_visitor_is_sent_to_the_login_page(client, procedure):
    """As an anonymous visitor, the back-office catalogue asks me to sign in."""
    for url in (
        reverse("procedure-list"),
        reverse("procedure-detail", args=[procedure.pk]),
        reverse("procedure-edit", args=[procedure.pk]),
        reverse("review-list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_staff_of_any_role_can_read(client, specialist, procedure):
    """As a specialist, I can read the catalogue, a procedure, reviews and decisions."""
    client.force_login(specialist)
    for url in (
        reverse("procedure-list"),
        reverse("procedure-detail", args=[procedure.pk]),
        reverse("review-list"),
        reverse("decision-list"),
    ):
        assert client.get(url).status_code == 200
    assert (
        "Sửa thông tin"
        not in client.get(reverse("procedure-detail", args=[procedure.pk])).content.decode()
    )


def test_account_without_any_role_cannot_read(client, no_role_user, procedure):
    """As an account nobody has given a role yet, I am refused."""
    client.force_login(no_role_user)
    assert client.get(reverse("procedure-list")).status_code == 403


def test_user_without_edit_role_gets_403_on_every_edit(client, specialist, procedure):
    """As a specialist, I cannot change the catalogue, by page or by POST."""
    review = ReviewFactory(procedure=procedure)
    version = procedure.versions.get()
    client.force_login(specialist)
    for url in (
        reverse("procedure-edit", args=[procedure.pk]),
        reverse("procedure-create"),
        reverse("workflow-edit", args=[version.pk]),
        reverse("review-create"),
        reverse("decision-create"),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Đổi tên"}).status_code == 403, url
    assert (
        client.post(
            reverse("review-apply", args=[review.pk]), {"applied_on": "2021-07-01"}
        ).status_code
        == 403
    )
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh"
    review.refresh_from_db()
    assert review.status == "proposed"


def test_reform_officer_can_open_the_edit_pages(client, reform_officer, procedure):
    """As a reform officer, the edit pages open for me."""
    client.force_login(reform_officer)
    assert client.get(reverse("procedure-edit", args=[procedure.pk])).status_code == 200
    assert client.get(reverse("procedure-create")).status_code == 200
    assert client.get(reverse("decision-create")).status_code == 200


def test_services_refuse_users_without_edit_role(specialist, procedure):
    """As the system, a write by a specialist is refused even without the web page."""
    from django.core.exceptions import PermissionDenied

    from ..services import update_procedure

    with pytest.raises(PermissionDenied):
        update_procedure(specialist, procedure, expected_revision=procedure.revision, name="X")
    assert Procedure.objects.get(pk=procedure.pk).name == "Đăng ký khai sinh"


def test_menu_shows_review_entry_only_to_reform_roles(
    client, specialist, reform_officer, procedure
):
    """As a specialist I see the catalogue in the menu; the review entry is for reform officers."""
    client.force_login(specialist)
    page = client.get(reverse("procedure-list")).content.decode()
    assert "Thủ tục hành chính</a>" in page and "Rà soát TTHC</a>" not in page
    client.force_login(reform_officer)
    assert "Rà soát TTHC</a>" in client.get(reverse("procedure-list")).content.decode()
