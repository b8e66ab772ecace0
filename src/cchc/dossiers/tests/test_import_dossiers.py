"""`cchc import dossiers FILE`: all-or-nothing with row/column errors, idempotent by code."""

import pytest
from django.core.management import call_command

from cchc.core.errors import ImportRefused

from ..imports import import_dossiers
from ..models import Dossier, HistoryEntry
from .factories import local, write_dossiers_csv

pytestmark = pytest.mark.django_db


def row(world, **overrides):
    base = {
        "code": "OLD-210104-0001",
        "procedure_code": world.procedure.code,
        "unit_code": "XA01",
        "channel": "1",
        "status": "10",
        "received_at": "2026-03-02 08:00",
        "finished_at": "2026-03-04 09:00",
        "returned_at": "2026-03-04T10:00:00+07:00",
        "applicant_name": "Trần Văn Bình",
        "digitised": "1",
    }
    base.update(overrides)
    return base


def test_import_creates_then_updates_without_duplicates(world, tmp_path):
    """As a unit bringing its history, importing the same file twice creates each dossier once."""
    path = write_dossiers_csv(
        tmp_path / "hs.csv",
        [row(world), row(world, code="OLD-2", status="4", finished_at="", returned_at="")],
    )
    summary = import_dossiers(path)
    assert "2 hồ sơ mới" in summary
    d = Dossier.objects.get(code="OLD-210104-0001")
    assert d.due_at == local("2026-03-05 08:00") == d.original_due_at  # computed: 3d
    assert d.returned_at == local("2026-03-04 10:00") and d.digitised and d.imported
    assert d.handling_unit == world.commune
    assert "0 hồ sơ mới, 0 hồ sơ cập nhật, 2 hồ sơ không đổi" in import_dossiers(path)
    write_dossiers_csv(path, [row(world, code="OLD-2", status="9", finished_at="2026-03-03 08:00")])
    assert "1 hồ sơ cập nhật" in import_dossiers(path)
    assert Dossier.objects.count() == 2
    assert Dossier.objects.get(code="OLD-2").status == 9
    assert HistoryEntry.objects.filter(dossier__code="OLD-2").count() == 2


def test_bad_rows_refuse_the_whole_file_with_row_and_column(world, tmp_path):
    """As an operator, a file with a bad cell imports nothing and tells me where each problem is."""
    path = write_dossiers_csv(
        tmp_path / "hs.csv",
        [
            row(world, code="OK-1"),
            row(world, code="B-1", procedure_code="KHONGCO"),
            row(world, code="B-2", unit_code="XAKHAC"),
            row(world, code="B-3", received_at="02/03/2026"),
            row(world, code="B-4", returned_at=""),
            row(world, code="B-5", channel="4", status="11"),
            row(world, code="OK-1"),
            row(world, code="B-6", status="8", finished_at=""),
            row(world, code="B-7", status="2", received_at=""),
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_dossiers(path)
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {
        (3, "procedure_code"),
        (4, "unit_code"),
        (5, "received_at"),
        (6, "returned_at"),
        (7, "channel"),
        (7, "status"),
        (8, "code"),
        (9, "finished_at"),
        (10, "received_at"),
    }
    assert "dòng 3, cột procedure_code" in str(refused.value)
    assert "Trần Văn Bình" not in str(refused.value)
    assert Dossier.objects.count() == 0


def test_import_command_is_registered(world, tmp_path, capsys):
    """As an operator, `cchc import dossiers FILE` runs the dossier importer."""
    path = write_dossiers_csv(tmp_path / "hs.csv", [row(world)])
    call_command("import", "dossiers", str(path))
    assert Dossier.objects.filter(code="OLD-210104-0001").exists()
