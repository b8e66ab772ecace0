"""Submitting a report: the computed figures are frozen and DOCX, XLSX and PDF are stored with
the status and the time — all or nothing; then the recipient accepts it or returns it."""

import hashlib
import io

import pytest
import time_machine
from django.urls import reverse

from cchc.catalog.models import Level
from cchc.catalog.tests.factories import ProcedureFactory
from cchc.dossiers.tests.factories import docx_text

from .. import figures, report_documents, services
from ..models import IndicatorValue, ReportAction, ReportStatus
from .test_report_editor import (  # noqa: F401 - the calendar cache fixture
    BEFORE_DUE,
    _fresh_calendar_cache,
    open_q1,
    printed_zeros,
    report_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = report_world()
    instance = open_q1(w)
    w.instance = services.save_report(
        w.officer,
        instance,
        texts={"III": "Đẩy mạnh dịch vụ công trực tuyến."},
        values=printed_zeros(instance),
    )
    return w


def submit(client, instance):
    with time_machine.travel(BEFORE_DUE, tick=False):
        return client.post(
            reverse("report-submit", args=[instance.pk]), {"revision": instance.revision}
        )


def test_submitting_stores_the_documents_and_freezes_the_figures(client, world):
    """As a reform officer I confirm and submit: the report is filed on time, with its DOCX,
    XLSX and PDF stored, its computed figures frozen and the submission in its history."""
    client.force_login(world.officer)
    confirm = client.get(reverse("report-submit", args=[world.instance.pk]))
    assert "Xác nhận gửi báo cáo" in confirm.content.decode()
    in_force = services.indicator_rows(world.instance)
    response = submit(client, world.instance)
    assert response.status_code == 302
    instance = world.instance
    instance.refresh_from_db()
    assert instance.status == ReportStatus.SUBMITTED
    assert instance.submitted_by == world.officer and instance.on_time is True
    assert str(instance.submitted_at.date()) == "2025-03-17"
    assert sorted(instance.files.values_list("kind", flat=True)) == ["docx", "pdf", "xlsx"]
    docx = instance.files.get(kind="docx")
    text = docx_text(bytes(docx.content))
    assert "Số mới tiếp nhận trong kỳ: 12" in text
    assert "Đẩy mạnh dịch vụ công trực tuyến." in text
    assert bytes(instance.files.get(kind="pdf").content).startswith(b"%PDF")
    frozen = IndicatorValue.objects.filter(instance=instance, computed=True)
    assert frozen.filter(indicator__code="I.3.5").get().value == "1"  # the one procedure
    event = instance.events.get(action=ReportAction.SUBMIT)
    assert (event.from_status, event.to_status, event.actor) == (
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
        world.officer,
    )
    # A procedure added later does not change the filed report.
    ProcedureFactory(level=Level.DISTRICT)
    rows = {r.indicator.code: r for r in services.indicator_rows(instance)}
    assert rows["I.3.5"].raw == "1" and len(rows) == len(in_force)
    # The page is read-only and offers the stored files; a download is the stored file.
    html = client.get(reverse("report-detail", args=[instance.pk])).content.decode()
    assert "<textarea" not in html.split("Số liệu hồ sơ nhập tay")[0]
    assert "Tệp DOCX đã lưu: tthc-control-TT-2025-Q1.docx" in html
    assert "Đã gửi" in html and "Gửi báo cáo –" in html  # status and the history line
    download = client.get(reverse("report-download", args=[instance.pk, "docx"]))
    assert hashlib.sha256(download.content).hexdigest() == docx.sha256
    # Submitting again is refused: a filed report no longer changes.
    again = submit(client, instance)
    assert again.status_code == 400
    assert "không sửa được" in again.content.decode()
    assert instance.files.count() == 3


def test_a_generation_failure_leaves_the_report_a_draft(client, world, monkeypatch):
    """As a reform officer whose PDF cannot be generated I am told so, and the report stays
    a draft with no files and no frozen figures."""

    def broken(content):
        raise RuntimeError("WeasyPrint is broken")

    monkeypatch.setattr(report_documents, "render_pdf", broken)
    client.force_login(world.officer)
    response = submit(client, world.instance)
    assert response.status_code == 500
    assert "Không tạo được tệp báo cáo" in response.content.decode()
    instance = world.instance
    instance.refresh_from_db()
    assert instance.status == ReportStatus.DRAFT and instance.submitted_at is None
    assert not instance.files.exists()
    assert not IndicatorValue.objects.filter(instance=instance, computed=True).exists()
    assert not instance.events.filter(action=ReportAction.SUBMIT).exists()
    assert instance.issued_on is None  # the signing date set on the way is rolled back too


def test_the_recipient_accepts_a_submitted_report(client, world):
    """As the province's appraiser I accept the district's report; the filer cannot."""
    services.submit(world.officer, world.instance)
    url = reverse("report-review", args=[world.instance.pk])
    client.force_login(world.officer)
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(world.recipient)
    page = client.get(reverse("report-detail", args=[world.instance.pk])).content.decode()
    assert "Xem xét báo cáo" in page and "<textarea" in page  # only the reason box
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    world.instance.refresh_from_db()
    assert world.instance.status == ReportStatus.ACCEPTED
    assert world.instance.events.filter(action=ReportAction.ACCEPT, actor=world.recipient).exists()


def test_the_recipient_returns_a_report_with_a_reason_and_it_can_be_corrected(client, world):
    """As the province's appraiser I return the report with a reason; the district edits it
    again, with its computed figures computed afresh."""
    services.submit(world.officer, world.instance)
    url = reverse("report-review", args=[world.instance.pk])
    client.force_login(world.recipient)
    refused = client.post(url, {"decision": "return", "reason": " "}, follow=True)
    assert "Vui lòng ghi lý do trả lại báo cáo." in refused.content.decode()
    world.instance.refresh_from_db()
    assert world.instance.status == ReportStatus.SUBMITTED
    client.post(url, {"decision": "return", "reason": "Bổ sung số liệu mục I.5."})
    world.instance.refresh_from_db()
    assert world.instance.status == ReportStatus.RETURNED
    assert world.instance.return_reason == "Bổ sung số liệu mục I.5."
    assert not IndicatorValue.objects.filter(instance=world.instance, computed=True).exists()
    client.force_login(world.officer)
    html = client.get(reverse("report-detail", args=[world.instance.pk])).content.decode()
    assert "Bổ sung số liệu mục I.5." in html and 'name="text-III"' in html


def test_figures_that_do_not_add_up_stop_the_preview_and_the_submission(client, world, monkeypatch):
    """As a reform officer whose figures do not add up I am told which identity breaks, in
    the preview and when submitting, and the report stays a draft."""
    broken = figures.Counts.from_mapping({"resolved_total": 10, "resolved_early": 9})

    def refuse(instance):
        raise figures.IdentityError(figures.violations(broken))

    monkeypatch.setattr(services, "build_content", refuse)
    client.force_login(world.officer)
    preview = client.get(reverse("report-preview", args=[world.instance.pk]))
    assert preview.status_code == 400
    assert "(7) = (8) + (9) + (10)" in preview.content.decode()
    response = submit(client, world.instance)
    assert response.status_code == 400
    assert "Số liệu không khớp, chưa thể lập báo cáo" in response.content.decode()
    world.instance.refresh_from_db()
    assert world.instance.status == ReportStatus.DRAFT and not world.instance.files.exists()


def test_the_filed_report_carries_the_dossier_results_chart(world):
    """As the province I read the district's DOCX with the same chart the dashboard draws:
    early / on time / late per sector, with the numbers behind it in the preview."""
    from docx import Document

    instance = world.instance
    content = services.build_content(instance)
    block = next(b for b in content.blocks if b.heading.startswith("6."))
    assert block.charts and block.charts[0].png.startswith(b"\x89PNG")
    assert block.charts[0].table.rows[0][0] == "Hộ tịch"
    document = Document(io.BytesIO(services.render(instance, "docx")[1]))
    assert document.inline_shapes  # the chart is in the document


def test_a_report_with_a_printed_figure_left_empty_is_not_filed(world):
    """As a reform officer I cannot file the report while a figure its text prints is still
    empty: the refusal names it, and nothing is stored."""
    instance = services.save_report(world.officer, world.instance, values={"I.1.1": ("", "")})
    with pytest.raises(services.ReportRefused, match="I.1.1"):
        services.submit(world.officer, instance)
    instance.refresh_from_db()
    assert instance.status == ReportStatus.DRAFT and not instance.files.exists()
