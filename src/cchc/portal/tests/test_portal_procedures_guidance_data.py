"""The data behind the public guidance: life events and written guides kept by
administrators, blank forms uploaded safely, and the demo's events, guide and forms."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from cchc.catalog.admin import BlankFormForm, ProcedureGuideForm, steps_from_lines
from cchc.catalog.demo import LIFE_EVENTS, load_demo_catalog
from cchc.catalog.models import (
    BlankForm,
    LifeEvent,
    ProcedureGuide,
    RequiredComponent,
    validate_guide_steps,
)
from cchc.catalog.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def test_guide_steps_are_typed_one_per_line():
    """As the reform officer I type a guide one step per line, "picture | title | text"."""
    steps = steps_from_lines(
        "desk | Đến Bộ phận Một cửa | Mang căn cước.\n\n money | Không mất tiền\n"
    )
    assert steps == [
        {"title": "Đến Bộ phận Một cửa", "text": "Mang căn cước.", "icon": "desk"},
        {"title": "Không mất tiền", "text": "", "icon": "money"},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Đến xã mang căn cước", "Dòng 1: ghi theo dạng"),
        ("desk | Đến xã\nrocket | Bay lên", "Bước 2: hình minh họa “rocket” không có"),
        ("desk |  | Không có tiêu đề", "Bước 1: thiếu tiêu đề."),
        ("", "Hướng dẫn cần ít nhất một bước."),
        ("desk | " + "x" * 81, "Bước 1: tiêu đề dài quá 80 ký tự."),
    ],
)
def test_bad_guide_lines_are_refused_with_the_line_named(text, message):
    """As the reform officer a wrong line is refused with a message naming it."""
    with pytest.raises(ValidationError) as caught:
        steps_from_lines(text)
    assert message in caught.value.messages[0]


def test_the_admin_form_saves_a_written_guide(db):
    """As the reform officer I save a guide with its video link in the admin; the stored steps
    are the ones I typed, and a non-web video link is refused."""
    procedure = ProcedureFactory(code="HOTICH.X01", name="Đăng ký khai sinh")
    form = ProcedureGuideForm(
        data={
            "procedure": procedure.pk,
            "steps_text": "papers | Chuẩn bị giấy tờ | Giấy chứng sinh.\nonline | Nộp trực tuyến",
            "where_to_submit": "",
            "video_url": "https://video.example.vn/khai-sinh",
        }
    )
    assert form.is_valid(), form.errors
    guide = form.save()
    assert ProcedureGuide.objects.get(pk=guide.pk).steps[1] == {
        "title": "Nộp trực tuyến",
        "text": "",
        "icon": "online",
    }
    again = ProcedureGuideForm(instance=guide)
    assert again.fields["steps_text"].initial.splitlines()[0] == (
        "papers | Chuẩn bị giấy tờ | Giấy chứng sinh."
    )
    bad = ProcedureGuideForm(
        data={
            "procedure": procedure.pk,
            "steps_text": "papers | Chuẩn bị",
            "video_url": "javascript:alert(1)",
        },
        instance=guide,
    )
    assert not bad.is_valid() and "video_url" in bad.errors
    with pytest.raises(ValidationError):
        validate_guide_steps([{"title": "x", "icon": "info", "extra": 1}])


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Tờ khai")
    document.save(buffer)
    return buffer.getvalue()


def test_blank_forms_are_checked_when_uploaded(media):
    """As an administrator I upload a blank form; a file whose content is not what its name
    says, or an image, is refused; a real DOCX is stored with its size and digest."""
    fake = BlankFormForm(
        data={"name": "to-khai.docx", "title": "Tờ khai"},
        files={"file": SimpleUploadedFile("to-khai.docx", b"<script>alert(1)</script>")},
    )
    assert not fake.is_valid()
    assert "Nội dung tệp không đúng" in fake.errors["file"][0]
    image = BlankFormForm(
        data={"name": "anh.docx", "title": "Ảnh"},
        files={"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n0000")},
    )
    assert not image.is_valid() and "DOCX, XLSX hoặc PDF" in image.errors["file"][0]
    bad_name = BlankFormForm(
        data={"name": "../../etc/passwd.docx", "title": "x"},
        files={"file": SimpleUploadedFile("a.docx", _docx_bytes())},
    )
    assert not bad_name.is_valid() and "name" in bad_name.errors
    content = _docx_bytes()
    good = BlankFormForm(
        data={"name": "to-khai.docx", "title": "Tờ khai"},
        files={"file": SimpleUploadedFile("Tờ khai.docx", content)},
    )
    assert good.is_valid(), good.errors
    saved = good.save()
    assert saved.size == len(content) and len(saved.sha256) == 64
    assert saved.content_type.endswith("wordprocessingml.document")
    assert saved.file.name.startswith("catalog/forms/") and "Tờ" not in saved.file.name


def test_demo_has_life_events_a_written_guide_and_blank_forms(media):
    """As someone trying the portal, the demo's life events list real demo procedures, "Đăng
    ký khai sinh" has a written guide, and every blank form a component names can be
    downloaded; loading twice adds nothing."""
    counts = load_demo_catalog()
    events = {event.code: event for event in LifeEvent.objects.prefetch_related("procedures")}
    assert list(events) == [code for code, *_ in LIFE_EVENTS]
    for code, _name, _text, _icon, procedure_codes in LIFE_EVENTS:
        assert sorted(p.code for p in events[code].procedures.all()) == sorted(procedure_codes)
    assert ProcedureGuide.objects.get().procedure.code == "HOTICH.X01"
    named = set(
        RequiredComponent.objects.exclude(template_file="").values_list("template_file", flat=True)
    )
    assert named and set(BlankForm.objects.values_list("name", flat=True)) == named
    birth_form = BlankForm.objects.get(name="to-khai-dang-ky-khai-sinh.docx")
    with birth_form.file.open("rb") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "Mẫu minh họa" in text
    assert load_demo_catalog() == counts
