"""The report editor: a district's reform officer opens the quarterly TTHC-control report,
sees the computed figures with their sources, writes the narrative, types the manual figures
and previews — and whatever does not add up or is not hers to type is refused, saving nothing.

`report_world()` (used by the other report page tests too) builds UBND tỉnh Sóc Trăng with its
Văn phòng, the district UBND huyện Thạnh Trị (TT) with a commune, a second district, and the
people: the district's reform officer, its one-stop officer, an appraiser of the province (the
recipient) and the other district's reform officer.
"""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from cchc.catalog.models import Level
from cchc.dossiers.tests.factories import docx_text
from cchc.units.models import Role, UnitKind
from cchc.units.tests.factories import UnitFactory
from cchc.workcal import services as workcal

from .. import services
from ..models import IndicatorValue, ManualResults, ReportInstance, ReportType, SectionText
from .factories import insert, procedure_in, spread, user_with

pytestmark = pytest.mark.django_db

TYPE = "tthc-control"
Q1 = "2025-Q1"  # data window 15/12/2024 – 14/03/2025, due 18/03/2025
BEFORE_DUE = "2025-03-17 10:00 +0700"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workcal.reset_cache()
    yield
    workcal.reset_cache()


def report_world(*, dossiers: bool = True, confirmed: bool = True) -> SimpleNamespace:
    """The province, its office, two districts, a commune, the people, the 2024–2025
    calendar and — unless `dossiers=False` — twelve dossiers of TT inside 2025-Q1."""
    if not ReportType.objects.filter(code=TYPE).exists():  # the migration loads them
        from ..report_types import load_report_types

        load_report_types()
    for year in (2024, 2025):
        workcal.seed_year(year)
        if confirmed:
            workcal.confirm_year(year, None, "Thông báo nghỉ lễ, Tết (dữ liệu thử)")
    w = SimpleNamespace()
    w.province = UnitFactory(code="ST", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    w.office = UnitFactory(
        code="ST-VP",
        name="Văn phòng UBND tỉnh Sóc Trăng",
        kind=UnitKind.DEPARTMENT,
        parent=w.province,
    )
    w.district = UnitFactory(
        code="TT", name="UBND huyện Thạnh Trị", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.commune = UnitFactory(
        code="TT-PHULOC", name="UBND thị trấn Phú Lộc", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.other = UnitFactory(
        code="MT", name="UBND huyện Mỹ Tú", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.officer = user_with([Role.REFORM_OFFICER], w.district, username="cchc")
    w.desk = user_with([Role.ONE_STOP_OFFICER], w.district, username="motcua")
    w.recipient = user_with([Role.APPRAISER], w.province, username="vanphongtinh")
    w.outsider = user_with([Role.REFORM_OFFICER], w.other, username="cchc.mytu")
    w.procedure = procedure_in("HOTICH", "Hộ tịch", level=Level.DISTRICT)
    if dossiers:
        first, last, end = date(2025, 1, 6), date(2025, 2, 27), date(2025, 3, 14)
        insert(
            spread(8, w.procedure, w.district, "early", first=first, last=last)
            + spread(3, w.procedure, w.district, "on_time", first=first, last=last)
            + spread(1, w.procedure, w.district, "pending_in_time", first=first, last=last,
                     window_end=end)
        )  # fmt: skip
    return w


def open_q1(w, period: str = Q1) -> ReportInstance:
    return services.open_report(w.officer, TYPE, w.district, period)


def printed_zeros(instance: ReportInstance) -> dict[str, tuple[str, str]]:
    """0 for every hand-entered figure the report's text prints (a report is not filed with
    a "…" where a figure belongs)."""
    rows = services.indicator_rows(instance)
    return {row.indicator.code: ("0", "") for row in services.missing_values(instance, rows)}


def editor_post(instance, **fields) -> dict:
    """What the editor's form posts when nothing is changed, plus `fields`."""
    data = {"revision": instance.revision, "place": instance.place}
    data["recipients"] = instance.recipients
    data.update(fields)
    return data


@pytest.fixture
def world():
    return report_world()


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer)
    return client


def test_opening_a_report_prefills_the_narrative_of_the_previous_one(officer, world):
    """As a reform officer I open Q1 from the list and find last quarter's directions in III."""
    previous = open_q1(world, "2024-Q4")
    services.save_report(
        world.officer, previous, texts={"III": "Tiếp tục rà soát, đơn giản hóa TTHC năm 2025."}
    )
    with time_machine.travel(BEFORE_DUE):
        page = officer.get(reverse("report-list"))
        assert "Quý I năm 2025 (2025-Q1)" in page.content.decode()
        response = officer.post(
            reverse("report-open"), {"loai": TYPE, "don_vi": world.district.pk, "ky": Q1}
        )
    instance = ReportInstance.objects.get(period=Q1)
    assert response.status_code == 302
    assert response["Location"] == reverse("report-detail", args=[instance.pk])
    assert instance.due_on == date(2025, 3, 18)
    assert instance.recipient == world.office  # "{parent}-VP": Văn phòng UBND tỉnh
    html = officer.get(response["Location"]).content.decode()
    assert "Tiếp tục rà soát, đơn giản hóa TTHC năm 2025." in html
    # Opening it again finds the same draft.
    again = officer.post(
        reverse("report-open"), {"loai": TYPE, "don_vi": world.district.pk, "ky_khac": Q1}
    )
    assert again["Location"] == response["Location"]
    assert ReportInstance.objects.filter(period=Q1).count() == 1


def test_a_period_the_type_is_not_filed_for_is_refused(officer, world):
    """As a reform officer I cannot open the quarterly TTHC report for a month."""
    response = officer.post(
        reverse("report-open"), {"loai": TYPE, "don_vi": world.district.pk, "ky_khac": "2025-02"}
    )
    assert response.status_code == 400
    assert "không lập cho kỳ tháng 2 năm 2025" in response.content.decode()
    assert not ReportInstance.objects.exists()


def test_the_editor_shows_computed_figures_read_only_with_their_records(officer, world):
    """As a reform officer I see I.6 computed from our dossiers, where it comes from, and a
    link to the dossiers behind each figure; figures still awaiting a module are typed."""
    instance = open_q1(world)
    html = officer.get(reverse("report-detail", args=[instance.pk])).content.decode()
    assert "Số liệu tự động" in html
    assert "Tính từ hồ sơ do UBND huyện Thạnh Trị và các đơn vị trực thuộc tiếp nhận" in html
    assert "Số mới tiếp nhận trong kỳ: 12" in html
    records = reverse("dossier-results-records")
    assert (
        f'href="{records}?unit={world.district.pk}&amp;period=2025-Q1&amp;column=received_total'
        in html
    )
    assert 'name="text-III"' in html  # narrative: a textarea
    assert 'name="value-I.3.1"' not in html  # computed: read-only
    assert 'name="value-I.1.1"' in html  # manual
    assert 'name="value-I.5.1"' not in html  # computed by the feedback module
    assert "chưa được xác nhận" not in html


def test_saving_texts_and_manual_values(officer, world):
    """As a reform officer I write the narrative and type a manual figure with its evidence."""
    instance = open_q1(world)
    response = officer.post(
        reverse("report-detail", args=[instance.pk]),
        editor_post(
            instance,
            **{
                "text-III": "Tăng cường tiếp nhận hồ sơ trực tuyến.",
                "value-I.1.1": "1.130",
                "note-I.1.1": "Sổ theo dõi của Phòng Tư pháp",
                "number": "45",
                "signer_name": "Phạm Minh Tuấn",
            },
        ),
    )
    assert response.status_code == 302
    instance.refresh_from_db()
    assert instance.revision == 1 and instance.number == "45"
    assert instance.signer_name == "Phạm Minh Tuấn"
    assert SectionText.objects.get(instance=instance, section__code="III").text == (
        "Tăng cường tiếp nhận hồ sơ trực tuyến."
    )
    value = IndicatorValue.objects.get(instance=instance, indicator__code="I.1.1")
    assert (value.value, value.note) == ("1130", "Sổ theo dõi của Phòng Tư pháp")
    assert (
        "Tăng cường tiếp nhận hồ sơ trực tuyến."
        in officer.get(response["Location"]).content.decode()
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("value-I.1.1", "mười hai", "“mười hai” không phải số nguyên không âm."),
        ("value-I.3.1", "5", "Chỉ tiêu I.3.1 được tính từ dữ liệu của hệ thống, không nhập tay."),
    ],
)
def test_a_bad_manual_value_or_a_typed_computed_one_saves_nothing(
    officer, world, field, value, message
):
    """As a reform officer I am told which figure is wrong, and nothing I typed is half saved."""
    instance = open_q1(world)
    response = officer.post(
        reverse("report-detail", args=[instance.pk]),
        editor_post(instance, **{field: value, "text-III": "Không được lưu."}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Không được lưu." in response.content.decode()  # the typed text is kept on the page
    instance.refresh_from_db()
    assert instance.revision == 0
    assert not SectionText.objects.filter(instance=instance, text="Không được lưu.").exists()
    assert not IndicatorValue.objects.filter(instance=instance).exists()


def test_manual_dossier_results_breaking_an_identity_are_refused_with_it_named(client):
    """As the reform officer of a district whose dossiers are not in the system I type seed
    004's figures — 2.779 resolved = 7 on time + 2.779 early — and am told (7) = (8)+(9)+(10)."""
    w = report_world(dossiers=False)
    client.force_login(w.officer)
    instance = open_q1(w)
    figures_004 = {
        "received_total": "2790",
        "received_online": "0",
        "received_offline": "2790",
        "carried_over": "0",
        "resolved_total": "2779",
        "resolved_early": "2779",
        "resolved_on_time": "7",
        "resolved_late": "0",
        "pending_total": "11",
        "pending_in_time": "11",
        "pending_overdue": "0",
    }
    url = reverse("report-manual-results", args=[instance.pk])
    response = client.post(url, {"revision": 0, "note": "Báo cáo 6 tháng", **figures_004})
    html = response.content.decode()
    assert response.status_code == 400
    assert "(7) = (8) + (9) + (10)" in html
    assert "tổng số hồ sơ đã giải quyết là 2.779" in html
    assert "(3) = (4) + (5) + (6)" not in html.split("Số liệu hồ sơ nhập tay")[0]
    assert not ManualResults.objects.exists()
    instance.refresh_from_db()
    assert instance.revision == 0
    # Corrected (2.772 early) they add up, are saved and become the report's I.6.
    response = client.post(
        url, {"revision": 0, "note": "Báo cáo 6 tháng", **figures_004, "resolved_early": "2772"}
    )
    assert response.status_code == 302
    html = client.get(reverse("report-detail", args=[instance.pk])).content.decode()
    assert "Số liệu nhập tay: Báo cáo 6 tháng." in html
    assert "Số mới tiếp nhận trong kỳ: 2.790" in html


def test_a_stale_revision_is_a_conflict(officer, world):
    """As a reform officer saving over a colleague's newer save I am told to reload (409)."""
    instance = open_q1(world)
    stale = editor_post(instance, **{"text-III": "Bản của tôi."})
    services.save_report(world.officer, instance, texts={"III": "Bản của đồng nghiệp."})
    response = officer.post(reverse("report-detail", args=[instance.pk]), stale)
    assert response.status_code == 409
    assert "Báo cáo vừa được người khác cập nhật" in response.content.decode()
    assert SectionText.objects.get(instance=instance, section__code="III").text == (
        "Bản của đồng nghiệp."
    )


def test_a_period_without_a_confirmed_calendar_warns(client):
    """As a reform officer I am warned that 2024–2025 deadlines rest on an unconfirmed calendar."""
    w = report_world(confirmed=False)
    client.force_login(w.officer)
    instance = open_q1(w)
    html = client.get(reverse("report-detail", args=[instance.pk])).content.decode()
    assert "Lịch làm việc năm 2024, 2025 chưa được xác nhận" in html
    assert (
        "chưa được xác nhận"
        in client.get(reverse("report-submit", args=[instance.pk])).content.decode()
    )


def test_preview_and_live_downloads_of_a_draft(officer, world):
    """As a reform officer I preview the report with its sources and download it as it stands."""
    instance = open_q1(world)
    services.save_report(world.officer, instance, texts={"III": "Nâng cao chất lượng phục vụ."})
    preview = officer.get(reverse("report-preview", args=[instance.pk]))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Nâng cao chất lượng phục vụ." in html
    assert "Số mới tiếp nhận trong kỳ: 12" in html
    assert "Số liệu tự động" in html and "Tính từ hồ sơ do UBND huyện Thạnh Trị" in html
    docx = officer.get(reverse("report-download", args=[instance.pk, "docx"]))
    assert docx["Content-Disposition"] == 'attachment; filename="tthc-control-TT-2025-Q1.docx"'
    assert "Nâng cao chất lượng phục vụ." in docx_text(docx.content)
    xlsx = officer.get(reverse("report-download", args=[instance.pk, "xlsx"]))
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert officer.get(reverse("report-download", args=[instance.pk, "odt"])).status_code == 404
    assert not instance.files.exists()  # a draft's downloads are never stored
