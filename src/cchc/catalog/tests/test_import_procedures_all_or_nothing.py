"""Importing the procedure catalogue from a file (formats.md, "Procedures file")."""

import pytest
from django.core.management import CommandError, call_command

from cchc.core.errors import ImportRefused

from ..imports import import_procedures
from ..models import Procedure, ProcedureVersion, Sector
from .factories import SectorFactory, procedure_row


def _refusal(path) -> set[tuple[int, str]]:
    with pytest.raises(ImportRefused) as refused:
        import_procedures(path)
    for error in refused.value.errors:
        assert error.file == str(path)
    return {(e.row, e.column) for e in refused.value.errors}, refused.value


@pytest.mark.django_db
def test_bad_rows_refuse_the_whole_file_naming_file_row_and_column(write_csv):
    """As an operator importing a spreadsheet, I get every bad cell (file, row, column, reason)
    at once and nothing is written, so I can fix the file and import it again."""
    path = write_csv(
        [
            procedure_row(code="OK.1"),
            procedure_row(code="BAD.SECTOR", sector_code="KHONGCO", sector_name=""),
            procedure_row(code="BAD.TIME", processing_time="ba ngày"),
            procedure_row(code="BAD.DATE", published_on="2020-13-45"),
            procedure_row(code="OK.1", name="Trùng mã"),
            procedure_row(
                code="BAD.MISC",
                level="huyen",
                fee="năm chục",
                postal="có",
                online_mode="all",
                legacy_online_level="5",
                inter_agency="x",
            ),
            procedure_row(code="BAD.EMPTY", name=""),
        ]
    )
    cells, refused = _refusal(path)
    assert {
        (3, "sector_code"),
        (4, "processing_time"),
        (5, "published_on"),
        (6, "code"),
        (7, "level"),
        (7, "fee"),
        (7, "postal"),
        (7, "online_mode"),
        (7, "legacy_online_level"),
        (7, "inter_agency"),
        (8, "name"),
    } == cells
    messages = str(refused)
    assert "dòng 3, cột sector_code: không tìm thấy lĩnh vực 'KHONGCO'" in messages
    assert "dòng 6, cột code: mã 'OK.1' trùng với dòng 2" in messages
    assert "dòng 5, cột published_on: ngày '2020-13-45' không hợp lệ" in messages
    assert "Thời hạn 'ba ngày' không hợp lệ" in messages
    assert Procedure.objects.count() == 0
    assert Sector.objects.count() == 0
    assert ProcedureVersion.objects.count() == 0


@pytest.mark.django_db
def test_import_command_exits_non_zero_and_changes_nothing(write_csv, capsys):
    """As an operator, `cchc import procedures FILE` fails loudly on a bad file and leaves the
    catalogue as it was."""
    SectorFactory(code="HOTICH", name="Hộ tịch")
    path = write_csv(
        [procedure_row(code="A.1"), procedure_row(code="A.2", processing_time="3 ngày")]
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "procedures", str(path))
    assert f"{path}: dòng 3, cột processing_time" in capsys.readouterr().err
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_unknown_sector_is_created_when_the_row_names_it(write_csv):
    """As an operator, a new sector code with its name in the row is created with the import."""
    path = write_csv([procedure_row(sector_code="MOI", sector_name="Lĩnh vực mới")])
    import_procedures(path)
    assert Sector.objects.get(code="MOI").name == "Lĩnh vực mới"


@pytest.mark.django_db
def test_values_are_stored_as_given(write_csv):
    """As a reform officer, every column of the file lands in the catalogue."""
    path = write_csv(
        [
            procedure_row(
                code="2.000986",
                name="Cấp Giấy phép bán lẻ sản phẩm rượu",
                sector_code="CONGTHUONG",
                sector_name="Công thương",
                level="district",
                processing_time="10D",
                online_mode="partial",
                legacy_online_level="3",
                postal="0",
                inter_agency="same_level",
                fee="1.200.000",
                internal="1",
                decision_ref="1544/QĐ-UBND",
                published_on="30/06/2022",
            )
        ]
    )
    import_procedures(path)
    p = Procedure.objects.get(code="2.000986")
    assert (
        p.level,
        p.online_mode,
        p.legacy_online_level,
        p.postal,
        p.inter_agency,
        p.fee,
        p.internal,
    ) == ("district", "partial", 3, False, "same_level", 1200000, True)
    assert p.name_folded == "cap giay phep ban le san pham ruou"
    assert p.published_on.isoformat() == "2022-06-30"
    assert p.processing_time_on() == "10d"
