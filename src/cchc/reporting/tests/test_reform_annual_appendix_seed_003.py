"""The annual CCHC report's statistics appendix (seed 003_..., Phụ lục 2 – Bảng 2) rebuilt
from the records: procedures in force from the catalogue, dossiers from the dossiers, the
plan's tasks from the plans module, ratios computed from the figures they divide — and the
indicators whose module does not exist yet (outgoing documents) entered by hand until it
does."""

from datetime import date

import pytest

from cchc.catalog.models import Level, Procedure, Sector
from cchc.core.text import fold
from cchc.units.models import Role, UnitKind
from cchc.units.tests.factories import UnitFactory

from .. import services, sources
from ..models import ReportStatus
from .factories import docx_text, insert, procedure_in, spread, user_with

YEAR_START, YEAR_END = date(2020, 12, 15), date(2021, 12, 14)  # the 2021 cut-off window


def _catalogue(district_count: int, commune_count: int) -> None:
    sector = Sector.objects.create(code="NOIVU", name="Nội vụ")
    rows = [
        Procedure(
            code=f"H{i:04d}", name=f"Thủ tục cấp huyện {i}", level=Level.DISTRICT, sector=sector
        )
        for i in range(district_count)
    ] + [
        Procedure(code=f"X{i:04d}", name=f"Thủ tục cấp xã {i}", level=Level.COMMUNE, sector=sector)
        for i in range(commune_count)
    ]
    # Not in force: abolished, and an internal procedure (TTHC nội bộ).
    rows.append(
        Procedure(
            code="OLD1", name="Thủ tục đã bãi bỏ", level=Level.DISTRICT, sector=sector, active=False
        )
    )
    rows.append(
        Procedure(
            code="INT1", name="Thủ tục nội bộ", level=Level.DISTRICT, sector=sector, internal=True
        )
    )
    for row in rows:
        row.name_folded = fold(row.name)
    Procedure.objects.bulk_create(rows)


@pytest.fixture
def soctrang(db):
    province = UnitFactory(code="SOCTRANG", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    city = UnitFactory(
        code="TPST", name="UBND thành phố Sóc Trăng", kind=UnitKind.DISTRICT, parent=province
    )
    ward = UnitFactory(code="P3", name="UBND Phường 3", kind=UnitKind.COMMUNE, parent=city)
    officer = user_with([Role.REFORM_OFFICER], city)
    _catalogue(258, 145)
    civil = procedure_in("HOTICH", "Hộ tịch", "3d", name="Chứng thực chữ ký")
    land = procedure_in("DATDAI", "Đất đai", "10d", name="Đăng ký biến động")
    window = dict(first=YEAR_START, last=date(2021, 12, 10), window_end=YEAR_END)
    # 10.248 dossiers received by the city itself, 10.243 resolved in time (early or on the
    # due date), 5 late; the land sector all in time. The ward's own dossiers are separate.
    insert(
        spread(6000, civil, city, "early", **window)
        + spread(3243, civil, city, "on_time", **window)
        + spread(1000, land, city, "on_time", **window)
        + spread(5, civil, city, "late", **window)
        + spread(40, civil, ward, "early", **window)
    )
    return city, officer


def _rows(instance):
    return {row.indicator.code: row for row in services.indicator_rows(instance)}


def test_appendix_values_that_come_from_data_match_seed_003(soctrang):
    """A reform officer opens the 2021 annual report and finds the appendix already filled
    with the figures the records hold: 258 and 145 procedures, 10.248 dossiers, 99,95%."""
    city, officer = soctrang
    report = services.open_report(officer, "reform-annual", city, "2021")
    rows = _rows(report)

    assert rows["III.2.4"].display == "258" and rows["III.2.4"].computed
    assert rows["III.2.5"].display == "145"
    assert rows["III.2.3"].display == "258"  # the city's own level
    assert rows["III.6.1"].display == "10.248"
    assert rows["III.6.2"].display == "10.248"
    assert rows["III.6.3"].display == "99,95"
    assert "10243/10248" in rows["III.6.3"].provenance
    assert rows["III.6.4"].display == "100"  # land: every dossier in time
    assert rows["III.6.6"].display == "40"  # the ward's dossiers, counted once, under cấp xã
    assert rows["III.6.1"].link  # the records behind the figure


def _plan_2021(city, officer) -> None:
    """Seed 003's plan in the plans module: 23 tasks, 21 completed before the cut-off."""
    from cchc.plans import services as plans

    plan = plans.create_plan(
        officer,
        city,
        kind="reform",
        year=2021,
        number="05/KH-UBND",
        issued_on=date(2021, 1, 19),
        title="Kế hoạch cải cách hành chính năm 2021",
        today=date(2021, 1, 19),
    )
    for n in range(23):
        task = plans.add_task(
            officer,
            unit=city,
            plan=plan,
            area="direction",
            title=f"Nhiệm vụ cải cách hành chính số {n + 1}",
            due_on=date(2021, 11, 30),
        )
        if n < 21:
            plans.update_progress(
                officer,
                task,
                status="done",
                completed_on=date(2021, 11, 15),
                today=date(2021, 12, 1),
            )


def test_tasks_come_from_the_plan_and_documents_are_manual_until_their_module_exists(soctrang):
    """The plan's 23 and 21 tasks are counted from the city's 2021 plan (91,3%); with no
    documents module yet, the officer types the 5.816 / 4.819 outgoing documents and the
    system computes 82,86% from them."""
    city, officer = soctrang
    report = services.open_report(officer, "reform-annual", city, "2021")
    rows = _rows(report)
    assert not rows["VII.2.4"].computed and rows["VII.2.4"].awaiting_module
    assert rows["VII.2.6"].display == ""  # nothing to divide yet
    assert rows["I.1.1"].computed and rows["I.1.1"].display == ""  # no plan recorded yet
    assert rows["I.1.3"].display == ""

    _plan_2021(city, officer)
    services.save_report(
        officer,
        report,
        values={
            "I.1.2": ("", "Kế hoạch số 05/KH-UBND"),
            "VII.2.4": ("5.816", ""),
            "VII.2.5": ("4819", ""),
        },
    )
    rows = _rows(report)
    assert rows["I.1.1"].display == "23" and rows["I.1.1"].computed
    assert rows["I.1.2"].display == "21" and rows["I.1.2"].computed
    assert "Kế hoạch số 05/KH-UBND ngày 19/01/2021" in rows["I.1.1"].provenance
    assert rows["I.1.3"].display == "91,3" and rows["I.1.3"].computed
    assert rows["VII.2.6"].display == "82,86"
    assert rows["VII.2.4"].display == "5.816"
    assert rows["I.1.2"].note == "Kế hoạch số 05/KH-UBND"


def test_a_registered_source_turns_a_manual_indicator_into_a_computed_one(soctrang):
    """When the documents module registers its source, the outgoing documents are computed
    everywhere the template names them — no change to the template."""
    city, officer = soctrang
    report = services.open_report(officer, "reform-annual", city, "2021")
    assert not _rows(report)["VII.2.4"].computed
    sources.register(
        "documents.outgoing_total", lambda ctx, params: sources.Computed(5816, "Sổ văn bản đi")
    )
    try:
        row = _rows(report)["VII.2.4"]
        assert row.computed and row.display == "5.816"
    finally:
        sources._registry.pop("documents.outgoing_total")


def test_a_computed_indicator_cannot_be_typed_over(soctrang):
    """The officer cannot overwrite a figure the system computes."""
    city, officer = soctrang
    report = services.open_report(officer, "reform-annual", city, "2021")
    with pytest.raises(services.ReportRefused, match="III.6.1"):
        services.save_report(officer, report, values={"III.6.1": ("9999", "")})
    assert not report.values.exists()


def test_annual_report_document_carries_the_appendix(soctrang):
    """The DOCX of the annual report ends with Phụ lục 2 – Bảng 2 and its figures."""
    city, officer = soctrang
    report = services.open_report(officer, "reform-annual", city, "2021")
    _plan_2021(city, officer)
    name, data = services.render(report, "docx")
    text = docx_text(data)
    assert name.endswith(".docx")
    for expected in ("PHỤ LỤC 2", "BẢNG 2", "NĂM 2021", "10.248", "99,95", "91,3", "258", "145"):
        assert expected in text
    assert "Tình hình thực hiện công tác cải cách hành chính năm 2021" in text
    assert report.status == ReportStatus.DRAFT
