"""Recording the decisions that publish, amend or abolish procedures."""

from datetime import date

import pytest
from django.urls import reverse

from ..models import PublicationDecision
from ..services import record_publication_decision
from .factories import ProcedureFactory


@pytest.mark.django_db
def test_abolished_procedure_stops_being_active_and_recording_again_is_harmless(reform_officer):
    """As a reform officer, a decision abolishing a procedure takes it out of the active
    catalogue; recording the same decision again changes nothing."""
    old = ProcedureFactory(code="OLD", name="Cấp giấy phép kinh doanh karaoke")
    new = ProcedureFactory(code="NEW", name="Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke")
    args = dict(
        number="2630/QĐ-UBND",
        signed_on=date(2020, 10, 22),
        title="Về việc công bố TTHC lĩnh vực Văn hóa",
        items=[(new, "new"), (old, "abolished")],
    )
    decision = record_publication_decision(reform_officer, **args)
    old.refresh_from_db()
    assert not old.active
    assert decision.items.count() == 2
    revision = old.revision
    record_publication_decision(reform_officer, **args)
    old.refresh_from_db()
    assert old.revision == revision
    assert PublicationDecision.objects.count() == 1


@pytest.mark.django_db
def test_decision_form_takes_codes_and_reports_unknown_ones(client, reform_officer):
    """As a reform officer, I list the published codes on the form; an unknown code is shown
    next to its box."""
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    client.force_login(reform_officer)
    data = {
        "number": "1517/QĐ-UBND",
        "signed_on": "2020-06-29",
        "title": "Công bố TTHC lĩnh vực Hộ tịch",
        "new_codes": "1.001193, 9.999999",
    }
    response = client.post(reverse("decision-create"), data)
    assert response.status_code == 400
    assert "Không tìm thấy thủ tục có mã: 9.999999." in response.content.decode()
    data["new_codes"] = "1.001193"
    assert client.post(reverse("decision-create"), data).status_code == 302
    page = client.get(reverse("decision-list")).content.decode()
    assert "Quyết định số 1517/QĐ-UBND ngày 29/06/2020" in page
    detail = client.get(reverse("procedure-detail", args=[procedure.pk])).content.decode()
    assert "1517/QĐ-UBND" in detail
