"""Importing a criteria set: all-or-nothing, idempotent (the set matched by code, its nodes
by code), refused with every problem named; a set used by an assessment round is frozen.

`set_world()` (used by the other criteria-set tests too) builds UBND tỉnh Kon Tum with the
district Kon Rẫy and a commune, a second district, and the people: the district's reform
officer and specialist, and the other district's reform officer.
"""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cchc.core.errors import ImportRefused
from cchc.units.models import Role, UnitKind
from cchc.units.tests.factories import UnitFactory, staff_with_role

from .. import sets
from ..models import AssessmentRound, CriteriaSet, Criterion, Participation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"  # the sample sets shipped with the app

SET_YAML = """\
code: KR-XA-TEST
name: Bộ tiêu chí đánh giá công tác CCHC đối với UBND các xã
year: 2021
unit_kind: commune
decision_ref: "514/QĐ-UBND ngày 12/11/2021"
issuer: KONRAY
grades:
  - {name: Tốt, min: 80}
  - {name: Khá, min: 65}
  - {name: Yếu, min: 0}
items:
  - code: "1"
    name: Công tác chỉ đạo, điều hành CCHC
    plan_area: direction
    children:
      - code: "1.1"
        name: Kế hoạch CCHC năm
        max: 1
        method: yes_no
        responsible: NOIVU
      - code: "1.2"
        name: Thực hiện chế độ báo cáo
        children:
          - code: "1.2.1"
            name: Báo cáo CCHC quý, 6 tháng, năm
            max: 0.25
            method: on_time
            source: reporting.on_time?type=reform-annual
          - code: "1.2.2"
            name: Báo cáo tự chấm điểm
            max: 0.5
            method: on_time
  - code: "2"
    name: Hiện đại hóa nền hành chính
    plan_area: modernisation
    children:
      - code: "2.1"
        name: Tỷ lệ hồ sơ giải quyết đúng hạn
        max: 2
        method: proportional
        source: dossiers.on_time_rate?scope=self
      - code: "2.2"
        name: Tiếp nhận, trả kết quả qua bưu chính công ích
        max: 1
        method: manual
        applicability: has_postal_procedures
"""


def set_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.province = UnitFactory(code="KONTUM", name="UBND tỉnh Kon Tum", kind=UnitKind.PROVINCE)
    w.district = UnitFactory(
        code="KONRAY", name="UBND huyện Kon Rẫy", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.commune = UnitFactory(
        code="DAKTORE", name="UBND xã Đắk Tô Re", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.other_district = UnitFactory(
        code="DAKHA", name="UBND huyện Đăk Hà", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.officer = staff_with_role(Role.REFORM_OFFICER, w.district, full_name="Nguyễn Thị Hoa")
    w.specialist = staff_with_role(Role.SPECIALIST, w.district)
    w.outsider = staff_with_role(Role.REFORM_OFFICER, w.other_district)
    return w


@pytest.fixture
def world():
    return set_world()


def write(tmp_path, text: str, name: str = "bo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def open_round(criteria_set: CriteriaSet, organiser, *units) -> AssessmentRound:
    assessment = AssessmentRound.objects.create(
        code=f"R-{criteria_set.code}",
        name=f"Đánh giá Chỉ số CCHC năm {criteria_set.year}",
        year=criteria_set.year,
        criteria_set=criteria_set,
        organiser=organiser,
        opens_on=date(2021, 12, 1),
        self_due_on=date(2021, 12, 15),
    )
    for unit in units:
        Participation.objects.create(round=assessment, unit=unit)
    return assessment


def tree(criteria_set: CriteriaSet) -> list[tuple]:
    return list(
        criteria_set.criteria.order_by("sort_key").values_list(
            "pk", "code", "parent__code", "name", "max_points", "method", "part"
        )
    )


def test_importing_a_yaml_file_creates_the_set_with_leaves_carrying_the_maxima(world, tmp_path):
    """As the reform officer of Kon Rẫy I import our commune criteria set from YAML and find
    the whole tree stored, maxima on the leaves only."""
    criteria_set, summary = sets.import_set_file(write(tmp_path, SET_YAML), world.officer)
    assert summary == (
        "Đã tạo bộ tiêu chí KR-XA-TEST – Bộ tiêu chí đánh giá công tác CCHC đối với UBND các xã: "
        "2 lĩnh vực, 5 tiêu chí chấm điểm, tổng điểm tối đa 4,75."
    )
    assert criteria_set.issuer == world.district and criteria_set.revision == 0
    assert criteria_set.grades == [
        {"name": "Tốt", "min": "80"},
        {"name": "Khá", "min": "65"},
        {"name": "Yếu", "min": "0"},
    ]
    stored = {c.code: c for c in criteria_set.criteria.all()}
    assert sorted(stored) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2"]
    assert stored["1.2"].max_points is None and stored["1"].max_points is None
    assert stored["1.2.1"].max_points == Decimal("0.25")
    assert stored["1.2.1"].parent == stored["1.2"] and stored["1.2"].parent == stored["1"]
    assert stored["2.2"].applicability == "has_postal_procedures"
    assert stored["1"].plan_area == "direction" and stored["1.1"].responsible == "NOIVU"


def test_importing_a_workbook_gives_the_same_set(world, tmp_path):
    """As a reform officer who keeps the set in Excel I import the workbook of the documented
    layout (sheets “Thông tin” and “Tiêu chí”)."""
    book = Workbook()
    info = book.active
    info.title = "Thông tin"
    for row in [
        ["code", "KR-XA-XLSX"],
        ["name", "Bộ tiêu chí từ Excel"],
        ["year", 2021],
        ["unit_kind", "commune"],
        ["issuer", "KONRAY"],
        ["grade", "Tốt", 80],
        ["grade", "Yếu", 0],
    ]:
        info.append(row)
    nodes = book.create_sheet("Tiêu chí")
    for row in [
        ["code", "parent_code", "name", "max", "method", "params", "plan_area"],
        ["1", None, "Công tác chỉ đạo, điều hành CCHC", None, None, None, "direction"],
        ["1.1", None, "Kế hoạch CCHC năm", 1, "yes_no", None, None],
        ["1.2", None, "Nhiệm vụ được giao", 3, "deductions",
         '{"deductions": {"per_late": 0.04, "per_undone": 0.13, "floor": 0}}', None],
    ]:  # fmt: skip
        nodes.append(row)
    path = tmp_path / "bo.xlsx"
    book.save(path)
    criteria_set, summary = sets.import_set_file(path, world.officer)
    assert "2 tiêu chí chấm điểm, tổng điểm tối đa 4" in summary
    deductions = criteria_set.criteria.get(code="1.2")
    assert deductions.params == {"deductions": {"per_late": 0.04, "per_undone": 0.13, "floor": 0}}
    assert deductions.parent.code == "1" and deductions.max_points == Decimal(3)


def test_a_bad_file_is_refused_whole_with_every_problem_and_nothing_is_written(world, tmp_path):
    """As the reform officer I import a file with several mistakes: nothing is created and I
    get every mistake with its line and key."""
    bad = SET_YAML.replace("max: 0.25", "max: 0.255").replace("method: yes_no", "method: guess")
    with pytest.raises(ImportRefused) as caught:
        sets.import_set_file(write(tmp_path, bad), world.officer)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(19, "method"), (26, "max")}
    assert all(e.file.endswith("bo.yaml") for e in caught.value.errors)
    assert not CriteriaSet.objects.exists() and not Criterion.objects.exists()


def test_an_unknown_issuer_is_refused_at_its_line(world, tmp_path):
    """As the reform officer I typed an issuer code that does not exist: refused at line 6."""
    with pytest.raises(ImportRefused) as caught:
        sets.import_set_file(write(tmp_path, SET_YAML.replace("KONRAY", "NOWHERE")))
    [error] = caught.value.errors
    assert (error.row, error.column) == (6, "issuer") and "“NOWHERE”" in error.reason
    assert not CriteriaSet.objects.exists()


def test_a_bad_file_changes_nothing_in_an_existing_set(world, tmp_path):
    """As the reform officer I re-import our set with a new criterion and a mistake: the set
    stays exactly as it was."""
    criteria_set, _ = sets.import_set_file(write(tmp_path, SET_YAML), world.officer)
    before = tree(criteria_set)
    bad = SET_YAML.replace("name: Hiện đại hóa nền hành chính", "name: Đổi tên").replace(
        "        max: 1\n        method: manual", "        max: -1\n        method: manual"
    )
    with pytest.raises(ImportRefused):
        sets.import_set_file(write(tmp_path, bad), world.officer)
    criteria_set.refresh_from_db()
    assert tree(criteria_set) == before and criteria_set.revision == 0


def test_reimporting_the_same_file_changes_nothing(world, tmp_path):
    """As the reform officer I import the same file twice: the second time nothing changes."""
    path = write(tmp_path, SET_YAML)
    criteria_set, _ = sets.import_set_file(path, world.officer)
    before = tree(criteria_set)
    again, summary = sets.import_set_file(path, world.officer)
    assert again.pk == criteria_set.pk and "không thay đổi" in summary
    again.refresh_from_db()
    assert tree(again) == before and again.revision == 0
    assert CriteriaSet.objects.count() == 1


def test_reimporting_a_changed_file_updates_the_set_in_place(world, tmp_path):
    """As the reform officer I correct our set and import it again under the same code: kept
    criteria keep their identity, removed ones go, new ones come."""
    criteria_set, _ = sets.import_set_file(write(tmp_path, SET_YAML), world.officer)
    ids = {code: pk for pk, code, *_ in tree(criteria_set)}
    changed = SET_YAML.replace(
        '      - code: "2.2"\n        name: Tiếp nhận, trả kết quả qua bưu chính công ích\n'
        "        max: 1\n        method: manual\n        applicability: has_postal_procedures\n",
        '      - code: "2.3"\n        name: Số hóa hồ sơ\n        max: 1.5\n',
    ).replace("max: 0.5", "max: 0.75")
    again, summary = sets.import_set_file(write(tmp_path, changed), world.officer)
    assert summary.startswith(
        "Đã cập nhật bộ tiêu chí KR-XA-TEST: 1 tiêu chí mới, 1 tiêu chí sửa, 1 tiêu chí xóa;"
    )
    assert "tổng điểm tối đa 5,5" in summary
    after = {code: (pk, top) for pk, code, _p, _n, top, *_ in tree(again)}
    assert "2.2" not in after and after["2.3"][1] == Decimal("1.5")
    assert after["1.2.2"] == (ids["1.2.2"], Decimal("0.75"))
    assert all(after[code][0] == ids[code] for code in ids if code != "2.2")
    again.refresh_from_db()
    assert again.revision == 1


def test_a_set_used_by_a_round_cannot_be_changed_by_import(world, tmp_path):
    """As the reform officer I try to change a set our 2021 round already uses: refused with
    the advice to import under a new code; the identical file is still accepted."""
    path = write(tmp_path, SET_YAML)
    criteria_set, _ = sets.import_set_file(path, world.officer)
    open_round(criteria_set, world.district, world.commune)
    before = tree(criteria_set)
    changed = write(tmp_path, SET_YAML.replace("max: 0.5", "max: 0.75"), "moi.yaml")
    with pytest.raises(ImportRefused) as caught:
        sets.import_set_file(changed, world.officer)
    [error] = caught.value.errors
    assert (error.row, error.column) == (1, "code")
    assert "đã được dùng trong đợt đánh giá" in error.reason and "mã mới" in error.reason
    assert tree(criteria_set) == before
    _same, summary = sets.import_set_file(path, world.officer)
    assert "không thay đổi" in summary


def test_export_then_import_gives_back_the_same_set(world, tmp_path):
    """As the reform officer I download our set as YAML and as Excel; importing either file
    gives back the same set, and into an empty system the same tree."""
    criteria_set, _ = sets.import_set_file(DATA / "seed002_district_set.yaml")
    before = sets.spec_from_set(criteria_set)
    for fmt in ("yaml", "xlsx"):
        name, content = sets.export_set(criteria_set, fmt)
        assert name == f"KT-HUYEN-2021.{fmt}"
        path = tmp_path / name
        path.write_bytes(content)
        _same, summary = sets.import_set_file(path)
        assert "không thay đổi" in summary, fmt
    criteria_set.delete()
    recreated, _ = sets.import_set_file(tmp_path / "KT-HUYEN-2021.xlsx")
    assert sets.spec_from_set(recreated) == before


def test_uploading_needs_a_writer_role_reaching_the_issuer(world):
    """As the reform officer of Kon Rẫy I upload our set; the officer of Đăk Hà and our
    specialist may not, and nothing is written for them."""

    def upload():
        return SimpleUploadedFile("bo.yaml", SET_YAML.encode(), "application/yaml")

    with pytest.raises(PermissionDenied):
        sets.import_set_upload(world.outsider, upload())
    with pytest.raises(PermissionDenied):
        sets.import_set_upload(world.specialist, upload())
    assert not CriteriaSet.objects.exists()
    criteria_set, _ = sets.import_set_upload(world.officer, upload())
    assert criteria_set.code == "KR-XA-TEST"


def test_an_upload_of_another_type_is_refused(world):
    """As the reform officer I picked a PDF by mistake: told which files are accepted."""
    upload = SimpleUploadedFile("bo.pdf", b"%PDF-1.4", "application/pdf")
    with pytest.raises(sets.SetRefused) as caught:
        sets.import_set_upload(world.officer, upload)
    assert "YAML" in caught.value.message_dict["file"][0]
    fake = SimpleUploadedFile("bo.xlsx", io.BytesIO(b"not a workbook").getvalue())
    with pytest.raises(Exception) as caught:
        sets.import_set_upload(world.officer, fake)
    assert "không đúng với định dạng" in str(caught.value)
