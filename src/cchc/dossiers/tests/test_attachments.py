"""Attachments: size and type limits, content checked, stored outside the web root."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from .. import services
from ..models import Attachment, HistoryEntry, Status
from .factories import dossier_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_valid_files_are_stored_with_their_metadata(world, settings):
    """As a desk officer, I attach the scanned PDF and a DOCX draft to the dossier."""
    d = dossier_in(world, Status.PROCESSING)
    pdf = services.add_attachment(
        world.desk, d, SimpleUploadedFile("Giấy chứng sinh.pdf", b"%PDF-1.7 ...", "text/plain")
    )
    doc = services.add_attachment(
        world.specialist, d, SimpleUploadedFile("du_thao.docx", docx_bytes())
    )
    assert pdf.content_type == "application/pdf" and pdf.original_name == "Giấy chứng sinh.pdf"
    assert pdf.size == 12 and len(pdf.sha256) == 64
    assert str(settings.MEDIA_ROOT) in pdf.file.path and "Giấy" not in pdf.file.name
    assert doc.content_type.endswith("wordprocessingml.document")
    assert HistoryEntry.objects.filter(dossier=d, action="attach").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "Chỉ nhận tệp"),
        ("fake.pdf", b"<html>", "Nội dung tệp không đúng"),
        ("fake.docx", b"PK\x03\x04 not a zip", "Nội dung tệp không đúng"),
        ("empty.png", b"", "Tệp rỗng"),
    ],
)
def test_wrong_type_or_content_is_refused(world, name, content, message):
    """As a desk officer, a file that is not what its name says is refused."""
    d = dossier_in(world, Status.PROCESSING)
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(world.desk, d, SimpleUploadedFile(name, content))
    assert not Attachment.objects.exists()


def test_size_limit_and_permission(world, settings):
    """As a desk officer, files over the limit are refused; an outsider cannot attach at all."""
    settings.CCHC_ATTACHMENT_MAX_BYTES = 10
    d = dossier_in(world, Status.PROCESSING)
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        services.add_attachment(world.desk, d, SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))
    with pytest.raises(PermissionDenied):
        services.add_attachment(world.outsider, d, SimpleUploadedFile("a.pdf", b"%PDF-1"))
    assert not Attachment.objects.exists()
