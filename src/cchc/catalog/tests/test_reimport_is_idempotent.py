"""Re-importing the catalogue: rows matched by code, history kept."""

from datetime import date

import pytest
import time_machine
from openpyxl import Workbook

from ..imports import import_procedures
from ..models import Procedure, ProcedureVersion, Sector
from .factories import PROCEDURE_COLUMNS, procedure_row


@pytest.mark.django_db
def test_same_file_twice_creates_nothing_new(write_csv):
    """As an operator, importing the same file again changes nothing (no duplicates, no new
    versions, no edit-revision bumps)."""
    path = write_csv([procedure_row(code="A.1"), procedure_row(code="A.2", name="Đăng ký kết hôn")])
    import_procedures(path)
    before = list(Procedure.objects.order_by("code").values_list("code", "revision"))
    summary = import_procedures(path)
    assert "0 thủ tục mới, 0 thủ tục cập nhật, 2 không đổi, 0 thời hạn giải quyết mới" in summary
    assert list(Procedure.objects.order_by("code").values_list("code", "revision")) == before
    assert ProcedureVersion.objects.count() == 2
    assert Sector.objects.count() == 1


@pytest.mark.django_db
def test_changed_time_becomes_a_new_version_from_its_publication_date(write_csv):
    """As a reform officer, a newly published processing time applies from its publication
    date; dossiers received before keep the old time."""
    import_procedures(
        write_csv(
            [procedure_row(code="A.1", processing_time="3d", published_on="2020-01-10")], "v1.csv"
        )
    )
    import_procedures(
        write_csv(
            [
                procedure_row(
                    code="A.1",
                    processing_time="2d",
                    published_on="2022-03-01",
                    decision_ref="500/QĐ-UBND",
                )
            ],
            "v2.csv",
        )
    )
    p = Procedure.objects.get(code="A.1")
    assert [
        (v.effective_from, v.processing_time) for v in p.versions.order_by("effective_from")
    ] == [(date(2020, 1, 10), "3d"), (date(2022, 3, 1), "2d")]
    assert p.processing_time_on(date(2022, 2, 28)) == "3d"
    assert p.processing_time_on(date(2022, 3, 1)) == "2d"
    assert p.decision_ref == "500/QĐ-UBND"


@pytest.mark.django_db
@time_machine.travel("2024-05-06 09:00 +0700")
def test_changed_time_without_a_newer_publication_date_starts_today(write_csv):
    """As a reform officer, correcting a time in the spreadsheet without a new decision date
    starts the new time today instead of rewriting the past."""
    import_procedures(write_csv([procedure_row(code="A.1", processing_time="3d")], "v1.csv"))
    import_procedures(write_csv([procedure_row(code="A.1", processing_time="5d")], "v2.csv"))
    p = Procedure.objects.get(code="A.1")
    assert p.processing_time_on(date(2024, 5, 5)) == "3d"
    assert p.processing_time_on(date(2024, 5, 6)) == "5d"
    import_procedures(write_csv([procedure_row(code="A.1", processing_time="5d")], "v3.csv"))
    assert p.versions.count() == 2


@pytest.mark.django_db
def test_xlsx_file_imports_like_csv(tmp_path):
    """As an operator, I can import the catalogue straight from an Excel workbook, with real
    date and number cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(PROCEDURE_COLUMNS)
    first = procedure_row(code="X.1", fee="")
    second = procedure_row(
        code="X.2",
        name="Chứng thực di chúc",
        sector_code="CHUNGTHUC",
        sector_name="Chứng thực",
        processing_time="2d",
        online_mode="none",
        legacy_online_level="",
    )
    for values in (first, second):
        cells = [values[c] for c in PROCEDURE_COLUMNS]
        cells[PROCEDURE_COLUMNS.index("published_on")] = date(2020, 6, 29)
        cells[PROCEDURE_COLUMNS.index("postal")] = 1
        sheet.append(cells)
    sheet.cell(row=3, column=PROCEDURE_COLUMNS.index("fee") + 1, value=50000)
    path = tmp_path / "thu_tuc.xlsx"
    book.save(path)

    import_procedures(path)
    will = Procedure.objects.get(code="X.2")
    assert will.fee == 50000 and will.postal and will.published_on == date(2020, 6, 29)
    assert will.processing_time_on() == "2d"
    assert Procedure.objects.get(code="X.1").name == "Đăng ký khai sinh"
    assert "0 thủ tục mới" in import_procedures(path)
