"""An operator brings a unit tree from a spreadsheet with `cchc import units FILE`."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cchc.units.models import Unit

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,parent_code,identifier,valid_from,valid_to,successor_code\n"
GOOD = HEADER + (
    # a child before its parent, and a successor defined later in the file
    "TT-XA1,UBND xã Thạnh Tân,commune,TT,000.04.29.H55,,2025-06-30,CT-XA1\n"
    "ST,UBND tỉnh Sóc Trăng,province,,000.00.00.H55,,2025-06-30,\n"
    "TT,UBND huyện Thạnh Trị,district,ST,000.00.29.H55,,2025-06-30,\n"
    "CT,UBND thành phố Cần Thơ,province,,,2025-07-01,,\n"
    "CT-XA1,UBND xã Phú Lộc,commune,CT,,2025-07-01,,\n"
)


def write(tmp_path, text, name="units.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "units", path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_builds_the_tree_with_validity_and_successors(tmp_path):
    """As an operator I import a units file in any row order and get the tree with its history links."""
    run_import(write(tmp_path, GOOD))
    commune = Unit.objects.get(code="TT-XA1")
    assert commune.parent.code == "TT"
    assert commune.path == "/ST/TT/TT-XA1/"
    assert str(commune.valid_to) == "2025-06-30"
    assert [u.code for u in commune.successors.all()] == ["CT-XA1"]
    assert Unit.objects.get(code="CT-XA1").predecessors.get().code == "TT-XA1"


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    """As an operator I can run the same import twice without duplicates."""
    path = write(tmp_path, GOOD)
    run_import(path)
    out, _ = run_import(path)
    assert Unit.objects.count() == 5
    assert "0 đơn vị mới, 0 đơn vị cập nhật" in out


def test_reimport_updates_a_renamed_unit_matched_by_code(tmp_path):
    """As an operator I correct a unit's name by importing the file again."""
    run_import(write(tmp_path, GOOD))
    run_import(write(tmp_path, GOOD.replace("UBND xã Phú Lộc", "UBND xã Phú Lộc mới")))
    assert Unit.objects.get(code="CT-XA1").name == "UBND xã Phú Lộc mới"
    assert Unit.objects.count() == 5


def test_xlsx_file_is_accepted_like_csv(tmp_path):
    """As an operator I import the same columns from an Excel workbook."""
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    path = tmp_path / "units.xlsx"
    book.save(path)
    run_import(str(path))
    assert Unit.objects.get(code="TT").parent.code == "ST"


@pytest.mark.parametrize(
    ("bad_line", "column", "reason"),
    [
        (
            "XA9,UBND xã Chín,commune,KHONGCO,,,,",
            "parent_code",
            "không tìm thấy đơn vị cấp trên 'KHONGCO'",
        ),
        (
            "XA9,UBND xã Chín,commune,ST,,2025-13-01,,",
            "valid_from",
            "ngày '2025-13-01' không hợp lệ",
        ),
        ("XA9,UBND xã Chín,thon,ST,,,,", "kind", "loại 'thon' không hợp lệ"),
        ("TT,UBND huyện trùng,district,ST,,,,", "code", "mã 'TT' trùng với dòng 4"),
        (
            "XA9,UBND xã Chín,commune,ST,,,,KHONGCO",
            "successor_code",
            "không tìm thấy đơn vị kế thừa",
        ),
        ("XA9,,commune,ST,,,,", "name", "không được để trống"),
        ("XA9,UBND xã Chín,commune,ST,,2025-07-01,2025-06-30,", "valid_to", "trước ngày bắt đầu"),
    ],
)
def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    tmp_path, bad_line, column, reason
):
    """As an operator I learn exactly which cell is wrong, and a bad file changes nothing."""
    path = write(tmp_path, GOOD + bad_line + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "units", path, stdout=io.StringIO(), stderr=err)
    assert f"{path}: dòng 7, cột {column}: " in err.getvalue()
    assert reason in err.getvalue()
    assert Unit.objects.count() == 0


def test_a_parent_loop_is_refused(tmp_path):
    """As an operator I cannot make a unit its own ancestor."""
    path = write(tmp_path, HEADER + "A,Đơn vị A,other,B,,,,\nB,Đơn vị B,other,A,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "units", path, stdout=io.StringIO(), stderr=err)
    assert "vòng lặp" in err.getvalue()
    assert not Unit.objects.exists()


def test_a_missing_column_or_file_is_refused(tmp_path):
    """As an operator I am told when the file lacks a required column or does not exist."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", "units", write(tmp_path, "code,name\nA,B\n"), stdout=io.StringIO(), stderr=err
        )
    assert "dòng 1, cột kind: thiếu cột bắt buộc" in err.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import",
            "units",
            str(tmp_path / "none.csv"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_unknown_import_kind_is_refused():
    """As an operator a typo in the import kind gives the list of known kinds."""
    with pytest.raises(CommandError, match="unknown import kind 'unit'"):
        call_command("import", "unit", "x.csv")
