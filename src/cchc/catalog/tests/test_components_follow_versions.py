"""The list of required components (thành phần hồ sơ) belongs to a procedure version: a new
version starts with the list it replaces, a simplification may cut it, and the detail page
shows the list in force."""

from datetime import date

import pytest
from django.urls import reverse

from ..models import RequiredForm, ReviewKind
from ..queries import components_of
from ..services import add_version, apply_review, create_review, update_procedure
from .factories import ProcedureFactory, add_components

pytestmark = pytest.mark.django_db


def names(components) -> list[str]:
    return [c.name for c in components]


def test_a_review_version_keeps_the_list_and_a_cut_leaves_the_old_one(reform_officer):
    """As a reform officer I apply a time cut and the new version keeps the components list,
    so the desk never loses it; cutting a paper from the new version leaves older dossiers'
    list as it was."""
    procedure = ProcedureFactory(name="Đăng ký khai sinh", published_on=date(2020, 6, 29))
    old = procedure.versions.get()
    add_components(old)
    review = create_review(
        reform_officer,
        procedure,
        year=2021,
        kind=ReviewKind.CUT_TIME,
        new_processing_time="2d",
        proposed_on=date(2021, 1, 22),
    )
    new = apply_review(reform_officer, review, date(2021, 7, 1)).created_version
    copied = list(new.components.order_by("order"))
    assert [(c.order, c.name, c.form, c.sets, c.mandatory) for c in copied] == [
        (c.order, c.name, c.form, c.sets, c.mandatory) for c in old.components.order_by("order")
    ]
    assert copied[2].form == RequiredForm.EITHER and copied[2].sets == 2
    assert not copied[2].mandatory
    copied[1].delete()  # the simplification cuts "Giấy chứng sinh"
    assert names(components_of(procedure, date(2021, 6, 30))) == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng sinh (bản chính)",
        "Giấy chứng nhận kết hôn của cha, mẹ trẻ",
    ]
    assert names(components_of(procedure, date(2021, 7, 1))) == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng nhận kết hôn của cha, mẹ trẻ",
    ]


def test_every_new_version_copies_the_list_it_follows(reform_officer):
    """As a reform officer I change a processing time on the edit page or add a version dated
    before the others, and each new version starts with its neighbour's list."""
    procedure = ProcedureFactory(published_on=date(2020, 1, 1))
    add_components(procedure.versions.get())
    procedure = update_procedure(
        reform_officer,
        procedure,
        expected_revision=procedure.revision,
        new_processing_time="2d",
        effective_from=date(2024, 1, 1),
    )
    earlier = add_version(
        reform_officer, procedure, effective_from=date(2019, 1, 1), processing_time="4d"
    )
    assert procedure.versions.count() == 3
    for version in procedure.versions.all():
        assert version.components.count() == 3, version
    assert names(earlier.components.order_by("order"))[0] == "Tờ khai đăng ký khai sinh theo mẫu"


def test_no_version_or_no_list_means_an_empty_list():
    """As a desk officer I get an empty list (and fall back to typing) for a procedure whose
    components are not declared."""
    assert components_of(ProcedureFactory(processing_time=False), date(2026, 3, 2)) == []
    assert components_of(ProcedureFactory(), date(2026, 3, 2)) == []


def test_detail_page_shows_the_list_of_the_version_in_force(client, specialist):
    """As a specialist I read on the procedure page which papers the version in force asks
    for: paper, sets and whether each is mandatory or "nếu có"."""
    procedure = ProcedureFactory(name="Đăng ký khai sinh", published_on=date(2020, 6, 29))
    add_components(procedure.versions.get(), [("Giấy tờ đã bị cắt giảm", "original", 1, True)])
    current = procedure.versions.create(effective_from=date(2021, 7, 1), processing_time="2d")
    add_components(current)
    client.force_login(specialist)
    page = client.get(reverse("procedure-detail", args=[procedure.pk])).content.decode()
    section = page[page.index('id="thanh-phan-ho-so"') : page.index("Thời hạn giải quyết qua")]
    assert "Theo phiên bản áp dụng từ ngày 01/07/2021" in section
    assert "Giấy chứng sinh (bản chính)" in section
    assert "Bản chính hoặc bản sao" in section and "Nếu có" in section and "Bắt buộc" in section
    assert "Giấy tờ đã bị cắt giảm" not in section

    bare = ProcedureFactory()
    page = client.get(reverse("procedure-detail", args=[bare.pk])).content.decode()
    assert "Chưa khai báo thành phần hồ sơ." in page
