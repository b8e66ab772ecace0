"""Online dossiers at the desk: the queue "Hồ sơ trực tuyến chờ tiếp nhận" of the units the
one-stop officer serves, the dossier page's three outcomes for status 1, and the applicant's
uploads stored with the submission (no staff actor), all or nothing."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.units.tests.factories import PASSWORD

from .. import queries, services
from ..models import Attachment, Dossier, HistoryAction, IntakeRecord, Status
from .factories import COMPONENTS, T0, applicant, later, local, submit

A = HistoryAction
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queue_page(client, user):
    return login(client, user).get(reverse("dossier-queues") + "?hang=online")


def test_the_desk_sees_its_online_dossiers_waiting_in_arrival_order(world, client):
    """As the one-stop officer of Phước Hưng I see the online dossiers waiting for my check,
    oldest first, with the queue's badge; accepted ones leave the queue."""
    late = submit(world, at=local("2026-03-02 07:00"))
    early = submit(world, at=local("2026-03-01 20:00"))
    accepted = services.accept_online(world.desk, submit(world, at=T0), at=later(5))
    assert list(queries.online_waiting(world.desk).order_by("submitted_at")) == [early, late]
    assert queries.queue_counts(world.desk)["online"] == 2
    html = queue_page(client, world.desk).content.decode()
    assert "Hồ sơ trực tuyến chờ tiếp nhận" in html
    assert re.search(r"Hồ sơ trực tuyến chờ tiếp nhận <span class=\"badge\">2</span>", html)
    rows = re.findall(r'href="/ho-so/(\d+)/">\(chưa có mã\)', html)
    assert rows == [str(early.pk), str(late.pk)]
    assert accepted.code not in html


def test_other_units_and_other_roles_do_not_see_the_queue(world, client):
    """As the desk of the neighbouring commune, or a specialist, the online queue is empty for
    me, and the dossier page is not found (another unit) or has no intake buttons (wrong role)."""
    d = submit(world)
    assert not queries.online_waiting(world.outsider).exists()
    assert not queries.online_waiting(world.specialist).exists()
    assert "(chưa có mã)" not in queue_page(client, world.outsider).content.decode()
    page = login(client, world.outsider).get(reverse("dossier-detail", args=[d.pk]))
    assert page.status_code == 404
    page = login(client, world.specialist).get(reverse("dossier-detail", args=[d.pk]))
    assert page.status_code == 200 and "data-action=" not in page.content.decode()
    refused = client.post(
        reverse("dossier-action", args=[d.pk, A.ACCEPT]), {"revision": d.revision}
    )
    assert refused.status_code == 403
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_the_desk_accepts_asks_for_completion_or_refuses_from_the_dossier_page(world, client):
    """As the one-stop officer I open an online dossier and accept it (the clock starts and it
    gets its code), ask for completion (Mẫu 02, it stays waiting) or refuse it with a reason."""
    one, two, three = submit(world), submit(world), submit(world)
    login(client, world.desk)
    page = client.get(reverse("dossier-detail", args=[one.pk])).content.decode()
    assert set(re.findall(r'data-action="([a-z_]+)"', page)) == {
        A.ACCEPT,
        A.REFUSE_INTAKE,
        A.INTAKE_INCOMPLETE,
    }
    response = client.post(
        reverse("dossier-action", args=[one.pk, A.ACCEPT]), {"revision": one.revision}
    )
    assert response.status_code == 302
    one = Dossier.objects.get(pk=one.pk)
    assert one.status == Status.RECEIVED and one.code and one.due_at and one.received_at
    response = client.post(
        reverse("dossier-action", args=[two.pk, A.INTAKE_INCOMPLETE]),
        {"revision": two.revision, "missing": "Tờ khai có chữ ký\nẢnh 4x6"},
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=two.pk).status == Status.SUBMITTED
    assert IntakeRecord.objects.get(dossier=two).missing == ["Tờ khai có chữ ký", "Ảnh 4x6"]
    response = client.post(
        reverse("dossier-action", args=[three.pk, A.REFUSE_INTAKE]),
        {"revision": three.revision, "reason": ""},
    )
    assert response.status_code == 400 and Dossier.objects.get(pk=three.pk).status == 1
    client.post(
        reverse("dossier-action", args=[three.pk, A.REFUSE_INTAKE]),
        {"revision": three.revision, "reason": "Không thuộc thẩm quyền"},
    )
    three = Dossier.objects.get(pk=three.pk)
    assert (three.status, three.end_reason, three.code) == (3, "Không thuộc thẩm quyền", None)
    assert list(queries.online_waiting(world.desk)) == [Dossier.objects.get(pk=two.pk)]


def pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7 scanned", "application/pdf")


def test_an_applicants_uploads_are_stored_with_the_submission(world, settings):
    """As the desk I find the applicant's papers attached to the online dossier, each to its
    component, stored under MEDIA_ROOT with random names, uploaded by nobody on the staff."""
    d = services.submit_online(
        world.procedure,
        world.commune,
        applicant(),
        COMPONENTS,
        files=[(0, pdf()), (1, pdf("giay chung sinh.pdf")), (None, pdf("khac.pdf"))],
    )
    files = list(Attachment.objects.filter(dossier=d).order_by("id"))
    assert [(f.original_name, f.component.name if f.component else None) for f in files] == [
        ("to-khai.pdf", "Tờ khai đăng ký khai sinh"),
        ("giay chung sinh.pdf", "Giấy chứng sinh"),
        ("khac.pdf", None),
    ]
    assert all(f.uploaded_by is None and f.content_type == "application/pdf" for f in files)
    assert all(
        str(settings.MEDIA_ROOT) in f.file.path and "to-khai" not in f.file.name for f in files
    )


def test_one_bad_upload_keeps_the_whole_submission_out(world, settings):
    """As the operator, a file refused by the upload check refuses the application: no dossier,
    no attachment, no file on disk."""
    with pytest.raises(ValidationError, match="Nội dung tệp không đúng"):
        services.submit_online(
            world.procedure,
            world.commune,
            applicant(),
            COMPONENTS,
            files=[(0, pdf()), (1, SimpleUploadedFile("x.pdf", b"<html>"))],
        )
    assert not Dossier.objects.exists() and not Attachment.objects.exists()
    root = settings.MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_failure_after_storing_removes_the_stored_files(world, settings, monkeypatch):
    """As the operator, if saving fails half-way the files already written are removed too."""
    original = services._store
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_store", fail_on_second)
    with pytest.raises(OSError):
        services.submit_online(
            world.procedure, world.commune, applicant(), COMPONENTS, files=[(0, pdf()), (1, pdf())]
        )
    assert not Dossier.objects.exists()
    root = settings.MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_the_receipt_qr_code_carries_the_public_lookup_address(world, settings):
    """As an applicant I scan my receipt's QR code and reach the portal's lookup of my dossier."""
    from ..printing import receipt

    settings.CCHC_PUBLIC_URL = "https://dichvucong.example.vn"
    d = services.accept_online(world.desk, submit(world), at=later(5))
    assert receipt(d).lookup_url == f"https://dichvucong.example.vn/dvc/tra-cuu/{d.code}/"
