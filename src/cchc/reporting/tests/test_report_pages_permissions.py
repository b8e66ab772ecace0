"""A report is seen only by those who may see its unit or its recipient (404 for anyone else,
on every page and action); writing it needs a filer role on the unit and reviewing it a
recipient role on the recipient (403 otherwise) — and a refused action changes nothing."""

import pytest
from django.urls import reverse

from .. import services
from ..models import ReportInstance, ReportStatus
from .test_report_editor import (  # noqa: F401 - the calendar cache fixture
    TYPE,
    _fresh_calendar_cache,
    open_q1,
    printed_zeros,
    report_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = report_world(dossiers=False)
    instance = open_q1(w)
    w.instance = services.save_report(w.officer, instance, values=printed_zeros(instance))
    return w


def every_page_and_action(pk):
    """(method, url, data) of every page and action of one report."""
    return [
        ("get", reverse("report-detail", args=[pk]), None),
        ("post", reverse("report-detail", args=[pk]), {"revision": 0, "text-III": "x"}),
        ("post", reverse("report-manual-results", args=[pk]), {"revision": 0}),
        ("get", reverse("report-preview", args=[pk]), None),
        ("get", reverse("report-download", args=[pk, "docx"]), None),
        ("get", reverse("report-download", args=[pk, "xlsx"]), None),
        ("get", reverse("report-download", args=[pk, "pdf"]), None),
        ("get", reverse("report-submit", args=[pk]), None),
        ("post", reverse("report-submit", args=[pk]), {"revision": 0}),
        ("post", reverse("report-review", args=[pk]), {"decision": "accept"}),
        ("post", reverse("report-review", args=[pk]), {"decision": "return", "reason": "x"}),
    ]


def test_another_units_officer_gets_404_on_every_page_and_action(client, world):
    """As the reform officer of another district I cannot find Thạnh Trị's report at all."""
    client.force_login(world.outsider)
    for method, url, data in every_page_and_action(world.instance.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert client.get(reverse("report-list")).content.decode().count("UBND huyện Thạnh Trị") == 0
    opened = client.post(
        reverse("report-open"), {"loai": TYPE, "don_vi": world.district.pk, "ky": "2025-Q2"}
    )
    assert opened.status_code == 404
    filings = client.get(reverse("report-filings"), {"don_vi": world.province.pk})
    assert filings.status_code == 404
    world.instance.refresh_from_db()
    assert world.instance.revision == 1 and world.instance.status == ReportStatus.DRAFT
    assert ReportInstance.objects.count() == 1


def test_a_colleague_without_a_filer_role_reads_but_cannot_write(client, world):
    """As the district's one-stop officer I can read our report but not edit, submit, review
    or open one (403)."""
    client.force_login(world.desk)
    detail = client.get(reverse("report-detail", args=[world.instance.pk]))
    assert detail.status_code == 200 and 'name="text-III"' not in detail.content.decode()
    assert client.get(reverse("report-preview", args=[world.instance.pk])).status_code == 200
    for method, url, data in every_page_and_action(world.instance.pk)[1:]:
        if "xem-truoc" in url or "tai-ve" in url:
            continue
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    opened = client.post(
        reverse("report-open"), {"loai": TYPE, "don_vi": world.district.pk, "ky": "2025-Q2"}
    )
    assert opened.status_code == 403
    assert ReportInstance.objects.count() == 1


def test_the_filer_cannot_review_and_the_recipient_cannot_write(client, world):
    """As the filer I cannot accept my own report; as the recipient I cannot edit it."""
    instance = services.submit(world.officer, world.instance)
    client.force_login(world.officer)
    review = reverse("report-review", args=[instance.pk])
    assert client.post(review, {"decision": "accept"}).status_code == 403
    client.force_login(world.recipient)
    edit = client.post(reverse("report-detail", args=[instance.pk]), {"revision": 1})
    assert edit.status_code == 403
    assert client.get(reverse("report-submit", args=[instance.pk])).status_code == 403
    instance.refresh_from_db()
    assert instance.status == ReportStatus.SUBMITTED
