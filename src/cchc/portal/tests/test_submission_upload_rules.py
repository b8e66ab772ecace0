"""Every upload rule refuses the whole application: a wrong type, a file over the size limit,
content that is not what its name says, an empty file, a missing mandatory paper — and then
nothing is saved, not a dossier, not a file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.dossiers.models import Attachment, Dossier, HistoryEntry

from ..models import OnlineApplication
from ..services import Submission, new_token, submit_application
from .online import docx, form_data, online_world, pdf, png, public_setup, token_of  # noqa: F401

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_saved(settings) -> bool:
    return not (
        Dossier.objects.exists()
        or OnlineApplication.objects.exists()
        or Attachment.objects.exists()
        or HistoryEntry.objects.exists()
        or stored_files(settings)
    )


MISMATCH = "Nội dung tệp không đúng với định dạng"
BAD_FILES = {  # name, content, browser's content type, message
    "an executable": ("to-khai.exe", b"MZ\x90\x00", "application/pdf", "Chỉ nhận tệp PDF"),
    "a script named .pdf": ("to-khai.pdf", b"<script>x</script>", "application/pdf", MISMATCH),
    "HTML named .png": ("anh.png", b"<html><body>x</body></html>", "image/png", MISMATCH),
    "a zip that is not a Word file": ("to-khai.docx", b"PK\x03\x04 not a zip", "", MISMATCH),
    "an empty file": ("to-khai.pdf", b"", "application/pdf", "Tệp rỗng."),
    "no extension": ("to-khai", b"%PDF-1.7", "application/pdf", "Chỉ nhận tệp PDF"),
}


def bad_file(case: str) -> tuple[SimpleUploadedFile, str]:
    name, content, content_type, message = BAD_FILES[case]
    return SimpleUploadedFile(name, content, content_type or None), message


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_refused_file_refuses_the_application_and_saves_nothing(online, client, settings, case):
    """As the operator I accept only PDF, JPG, PNG, DOCX and XLSX whose content matches the name;
    one bad paper sends the form back with the reason and nothing is kept."""
    w = online
    upload, message = bad_file(case)
    url = reverse("portal-submit", args=[w.procedure.code])
    token = token_of(client.get(url).content.decode())
    # The bad paper is the second one: the first, valid, must not be kept either.
    response = client.post(url, form_data(w, token, **{f"tp_{w.components[1].pk}": upload}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_saved(settings)


def test_a_file_over_the_size_limit_is_refused(online, client, settings):
    """As the operator I cap each paper at CCHC_ATTACHMENT_MAX_BYTES."""
    settings.CCHC_ATTACHMENT_MAX_BYTES = 1024 * 1024
    w = online
    url = reverse("portal-submit", args=[w.procedure.code])
    token = token_of(client.get(url).content.decode())
    big = pdf("to-khai.pdf", size=1024 * 1024 + 1)
    response = client.post(url, form_data(w, token, **{f"tp_{w.components[0].pk}": big}))
    assert response.status_code == 400
    assert "Tệp quá lớn; dung lượng tối đa 1 MB." in response.content.decode()
    assert nothing_saved(settings)


def test_a_missing_mandatory_paper_is_refused(online, client, settings):
    """As the desk I receive no online application without its mandatory papers."""
    w = online
    url = reverse("portal-submit", args=[w.procedure.code])
    token = token_of(client.get(url).content.decode())
    response = client.post(url, form_data(w, token, **{f"tp_{w.components[1].pk}": None}))
    assert response.status_code == 400
    assert "Vui lòng tải lên giấy tờ này." in response.content.decode()
    assert nothing_saved(settings)


def test_the_optional_paper_may_be_added_in_any_allowed_format(online, client):
    """As a citizen I may add the optional paper too, as a Word file."""
    w = online
    url = reverse("portal-submit", args=[w.procedure.code])
    token = token_of(client.get(url).content.decode())
    response = client.post(url, form_data(w, token, **{f"tp_{w.components[2].pk}": docx()}))
    assert response.status_code == 201
    assert Attachment.objects.count() == 3


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_the_service_checks_every_file_again(online, settings, case):
    """As the operator, a caller that skips the form still cannot store a bad file."""
    w = online
    upload, message = bad_file(case)
    submission = Submission(w.commune, "Nguyễn Thị Lan", "084190001234", "0901234567", "Ấp Chợ")
    submission.email = "lan@example.vn"
    with pytest.raises(ValidationError, match=message):
        submit_application(
            w.procedure,
            submission,
            {w.components[0].pk: pdf(), w.components[1].pk: upload},
            new_token(),
        )
    assert nothing_saved(settings)


def test_the_service_refuses_a_missing_mandatory_paper_and_a_foreign_component(online, settings):
    """As the operator, the service itself refuses an application without a mandatory paper or
    with a file for a component of another procedure."""
    w = online
    submission = Submission(
        w.commune, "Nguyễn Thị Lan", "084190001234", "0901234567", "Ấp Chợ", "l@x.vn"
    )
    with pytest.raises(ValidationError, match="Còn thiếu thành phần bắt buộc: Giấy chứng sinh"):
        submit_application(w.procedure, submission, {w.components[0].pk: pdf()}, new_token())
    with pytest.raises(ValidationError, match="không thuộc thành phần"):
        submit_application(
            w.procedure,
            submission,
            {w.components[0].pk: pdf(), w.components[1].pk: png(), 987654: pdf()},
            new_token(),
        )
    assert nothing_saved(settings)
