"""A procedure's public page: the picture guide (written or drawn from the facts), the papers
with their blank forms, the time, the fee, where to submit and the online button."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cchc.catalog.demo import blank_form_docx
from cchc.catalog.models import BlankForm, ProcedureGuide, ProcedureVersion, RequiredComponent
from cchc.catalog.tests.factories import add_components
from cchc.units.models import Role
from cchc.units.tests.factories import staff_with_role

from .. import catalogue_views
from .test_portal_procedures_setup import build_catalogue, build_places

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(media):
    build_places()
    procedures = build_catalogue()
    birth = procedures["birth"]
    components = add_components(birth.versions.get())
    components[0].template_file = "to-khai-dang-ky-khai-sinh.docx"
    components[0].save()
    content = blank_form_docx("Tờ khai đăng ký khai sinh")
    blank = BlankForm(
        name="to-khai-dang-ky-khai-sinh.docx",
        title="Tờ khai đăng ký khai sinh",
        content_type=DOCX_TYPE,
        size=len(content),
        sha256="0" * 64,
    )
    blank.file.save("to-khai.docx", ContentFile(content), save=True)
    procedures["birth_components"] = components
    procedures["form_bytes"] = content
    return procedures


def page(client, code: str, **params):
    response = client.get(reverse("portal-procedure", args=[code]), params)
    assert response.status_code == 200
    return response.text


def fact(text: str, key: str) -> str:
    return re.search(rf'data-fact="{key}">([^<]*)<', text).group(1)


def step_titles(text: str) -> list[str]:
    return re.findall(r'class="portal-step-title">([^<]*)<', text)


def test_the_guide_is_drawn_from_the_facts_when_none_is_written(client, catalogue):
    """As a citizen who does not read long texts, "Đăng ký khai sinh" shows numbered pictures:
    papers, the blank form, submit online (or at the desk, or by post), no fee, the time and
    how the result comes back."""
    text = page(client, "HOTICH.X01")
    assert 'data-guide="generated"' in text
    assert step_titles(text) == [
        "Chuẩn bị giấy tờ",
        "Tải mẫu tờ khai",
        "Nộp trực tuyến",
        "Hoặc nộp trực tiếp",
        "Hoặc gửi qua bưu điện",
        "Không mất tiền",
        "Chờ giải quyết",
        "Nhận kết quả",
    ]
    assert "Chuẩn bị 2 loại giấy tờ bắt buộc và giấy tờ khác nếu có" in text
    assert "Nhận kết quả tại nơi nộp hồ sơ, qua bưu điện tận nhà hoặc bản điện tử trên cổng." in (
        text
    )
    assert text.count('<svg class="icon"') >= 8


def test_a_written_guide_is_shown_as_written_with_its_video(client, catalogue):
    """As the province's reform officer I write a guide for "Đăng ký kết hôn" with a video;
    citizens see my steps and pictures instead of the generated ones."""
    ProcedureGuide.objects.create(
        procedure=catalogue["marriage"],
        steps=[
            {"title": "Hai người cùng đến", "text": "Cả hai phải có mặt.", "icon": "rings"},
            {"title": "Mang căn cước", "text": "", "icon": "id_card"},
        ],
        where_to_submit="Bộ phận Một cửa UBND xã nơi một trong hai người cư trú",
        video_url="https://video.example.vn/huong-dan-ket-hon",
    )
    text = page(client, "HOTICH.X02")
    assert 'data-guide="written"' in text
    assert step_titles(text) == ["Hai người cùng đến", "Mang căn cước"]
    assert fact(text, "where") == "Bộ phận Một cửa UBND xã nơi một trong hai người cư trú"
    assert 'href="https://video.example.vn/huong-dan-ket-hon"' in text
    assert "Xem video hướng dẫn" in text
    assert "Xem video hướng dẫn" not in page(client, "HOTICH.X01")
    # A link written straight into the database is still only shown when it is a web address.
    ProcedureGuide.objects.update(video_url="javascript:alert(1)")
    assert "javascript:" not in page(client, "HOTICH.X02")


def test_fee_and_time_in_plain_words(client, catalogue):
    """As a citizen I read the fee in đồng ("Không thu phí" when free) and the time in working
    days."""
    permit = page(client, "XAYDUNG.H01")
    assert fact(permit, "fee") == "75.000 đồng"
    assert fact(permit, "time") == "15 ngày làm việc"
    assert "Nộp lệ phí" in step_titles(permit)
    birth = page(client, "HOTICH.X01")
    assert fact(birth, "fee") == "Không thu phí"
    assert fact(birth, "time").startswith("Trong ngày")
    assert fact(page(client, "NUOICONNUOI.T02"), "fee") == "4.500.000 đồng"


def test_the_time_follows_the_version_in_force(client, catalogue):
    """As a citizen I see today's processing time, not an older one."""
    ProcedureVersion.objects.create(
        procedure=catalogue["permit"], effective_from=date(2024, 1, 1), processing_time="12d"
    )
    assert fact(page(client, "XAYDUNG.H01"), "time") == "12 ngày làm việc"


def test_papers_list_with_a_downloadable_blank_form(client, catalogue):
    """As a citizen I see the papers of the version in force (original or copy, sets,
    mandatory or not) and download the blank form as a file."""
    text = page(client, "HOTICH.X01")
    assert "Tờ khai đăng ký khai sinh theo mẫu" in text
    assert "Giấy chứng nhận kết hôn của cha, mẹ trẻ" in text and "nếu có" in text
    form = catalogue["birth_components"][0]
    url = reverse("portal-blank-form", args=["HOTICH.X01", form.pk])
    assert f'href="{url}"' in text and "Tải mẫu (DOCX, " in text
    # Only the component with a blank form has a download link.
    assert text.count("/mau-don/") == 1

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="to-khai-dang-ky-khai-sinh.docx"'
    )
    assert response["Content-Type"] == DOCX_TYPE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == catalogue["form_bytes"]


def test_blank_forms_are_only_served_for_the_published_list(client, catalogue):
    """As the portal I serve a blank form only through a component of the version in force
    of a public procedure: anything else is 404."""
    birth_form = catalogue["birth_components"][0]
    without_form = catalogue["birth_components"][1]
    other = add_components(catalogue["permit"].versions.get())[0]
    other.template_file = "to-khai-dang-ky-khai-sinh.docx"
    other.save()
    assert (
        client.get(reverse("portal-blank-form", args=["HOTICH.X01", without_form.pk])).status_code
        == 404
    )
    # A component of another procedure, named through this procedure's address.
    assert (
        client.get(reverse("portal-blank-form", args=["HOTICH.X01", other.pk])).status_code == 404
    )
    assert (
        client.get(reverse("portal-blank-form", args=["XAYDUNG.H01", other.pk])).status_code == 200
    )
    # A newer version drops the list: the old component's form is no longer published.
    newer = ProcedureVersion.objects.create(
        procedure=catalogue["birth"], effective_from=date(2024, 1, 1), processing_time="1d"
    )
    RequiredComponent.objects.create(version=newer, order=1, name="Tờ khai mới")
    assert (
        client.get(reverse("portal-blank-form", args=["HOTICH.X01", birth_form.pk])).status_code
        == 404
    )
    # A form whose file is gone.
    BlankForm.objects.update(file="catalog/forms/khong-con.docx")
    assert (
        client.get(reverse("portal-blank-form", args=["XAYDUNG.H01", other.pk])).status_code == 404
    )


def test_online_button_only_for_procedures_offered_online(client, catalogue):
    """As a citizen I get a prominent "Nộp hồ sơ trực tuyến" button on a procedure I can do
    online (fully or partly) and none on one I cannot."""
    for code in ("HOTICH.X01", "HOTICH.X02"):
        text = page(client, code)
        assert f'href="{reverse("portal-submit", args=[code])}"' in text
        assert "Nộp hồ sơ trực tuyến" in text
    for code in ("XAYDUNG.H01", "NUOICONNUOI.T02"):
        text = page(client, code)
        assert "Nộp hồ sơ trực tuyến" not in text and "portal-submit-button" not in text


def test_the_page_renders_without_the_submission_pages(client, catalogue, monkeypatch):
    """As the portal before online submission is installed, an online procedure's page still
    opens, without the button."""
    monkeypatch.setattr(catalogue_views, "SUBMIT_URL_NAME", "chua-co-trang-nop-ho-so")
    text = page(client, "HOTICH.X01")
    assert "portal-submit-button" not in text
    assert "Nộp trực tuyến toàn trình" in text


def test_where_to_submit_follows_the_chosen_commune(client, catalogue):
    """As a citizen of Phú Lộc I choose my commune and the page names its desk; without a
    choice it says which desk in general; a province procedure names the service centre."""
    assert fact(page(client, "HOTICH.X01"), "where") == (
        "Bộ phận Một cửa của UBND xã, phường nơi bạn cư trú"
    )
    chosen = page(client, "HOTICH.X01", unit="CT-PHULOC")
    assert fact(chosen, "where") == "Bộ phận Một cửa – UBND xã Phú Lộc"
    assert "Mang giấy tờ đến Bộ phận Một cửa – UBND xã Phú Lộc." in chosen
    # The former district procedure is received by today's communes.
    assert fact(page(client, "XAYDUNG.H01", unit="CT-HUNGLOI"), "where") == (
        "Bộ phận Một cửa – UBND xã Hưng Lợi"
    )
    assert fact(page(client, "NUOICONNUOI.T02"), "where") == (
        "Trung tâm Phục vụ hành chính công thành phố Cần Thơ"
    )
    # A unit that does not receive the procedure (or no longer exists) is not taken.
    assert fact(page(client, "HOTICH.X01", unit="TT-PHULOC"), "where") == (
        "Bộ phận Một cửa của UBND xã, phường nơi bạn cư trú"
    )


@pytest.mark.parametrize("code", ["KHONG.CO", "VANHOA.H04", "NOIBO.X01"])
def test_unknown_abolished_or_internal_procedures_are_404(client, catalogue, code):
    """As a citizen following an old link I get "not found" for an unknown, abolished or
    internal procedure, and for its blank forms."""
    assert client.get(reverse("portal-procedure", args=[code])).status_code == 404
    assert client.get(reverse("portal-blank-form", args=[code, 1])).status_code == 404


def test_the_page_needs_no_login(client, catalogue):
    """As a citizen I read a procedure without an account; an officer sees the same page."""
    anonymous = page(client, "HOTICH.X01")
    client.force_login(staff_with_role(Role.REFORM_OFFICER))
    assert step_titles(page(client, "HOTICH.X01")) == step_titles(anonymous)
