"""Criteria-set files (pure: no database): a set is read from YAML or from a spreadsheet,
every problem is reported with its file, row and column and names the criterion, and a set
written back to YAML or XLSX reads back exactly the same."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cchc.core.errors import ImportRefused

from .. import criteria_files as cf

DATA = Path(__file__).parents[1] / "data"  # the sample sets shipped with the app
VOCABULARY = cf.Vocabulary(
    unit_kinds=frozenset({"province", "district", "commune", "department"}),
    plan_areas=frozenset({"direction", "procedures", "modernisation", "other"}),
    source_known=lambda s: s.partition("?")[0] in {"dossiers.on_time_rate", "plans.assigned"},
    rule_known=lambda r: r in {"", "has_postal_procedures"},
)

SMALL = """\
code: TEST-2021
name: Bộ tiêu chí thử
year: 2021
unit_kind: commune
decision_ref: "1/QĐ-UBND"
grades:
  - {name: Tốt, min: 80}
  - {name: Khá, min: 65}
  - {name: Yếu, min: 0}
items:
  - code: "1"
    name: Công tác chỉ đạo, điều hành
    plan_area: direction
    children:
      - code: "1.2"
        name: Báo cáo
        children:
          - code: "1.2.1"
            name: Báo cáo CCHC
            max: 0.25
            method: on_time
          - code: "1.2.2"
            name: Báo cáo tự chấm điểm
            max: 1
  - code: "2"
    name: Hiện đại hóa
    children:
      - code: "2.1"
        name: Hồ sơ đúng hạn
        max: 2
        method: proportional
        source: dossiers.on_time_rate?scope=all
"""


def read(text: str, name: str = "bo.yaml") -> cf.SetSpec:
    return cf.read_bytes(text.encode(), name, VOCABULARY)


def refused(text: str, name: str = "bo.yaml") -> list:
    with pytest.raises(ImportRefused) as caught:
        read(text, name)
    return caught.value.errors


def error_at(errors, row: int, column: str, *needles: str):
    """The one error at `row`/`column` whose reason contains every needle."""
    found = [
        e
        for e in errors
        if e.row == row and e.column == column and all(n in e.reason for n in needles)
    ]
    assert found, f"no error at {row}/{column} with {needles}: {[str(e) for e in errors]}"
    return found[0]


def test_a_yaml_set_reads_with_parent_maxima_derived_from_leaves():
    """As the reform officer of a district I write a criteria set in YAML with maxima on the
    leaves only, and every area and criterion gets the sum of its children."""
    spec = read(SMALL)
    assert (spec.code, spec.year, spec.unit_kind) == ("TEST-2021", 2021, "commune")
    assert [(g.name, g.min) for g in spec.grades] == [
        ("Tốt", Decimal(80)),
        ("Khá", Decimal(65)),
        ("Yếu", Decimal(0)),
    ]
    area = spec.find("1")
    assert area.max_points == Decimal("1.25") and area.plan_area == "direction"
    assert spec.find("1.2").max_points == Decimal("1.25")
    assert spec.find("1.2.2").method == "manual"  # a leaf without method is manual
    assert spec.find("2.1").source == "dossiers.on_time_rate?scope=all"
    assert spec.total_max == Decimal("3.25")


def test_the_seed_002_district_file_has_the_named_leaves_and_95_points():
    """As the lead of the Kon Rẫy seed I need the district set of Quyết định 609/QĐ-UBND with
    the leaves the analysis report names, 95 points in eight areas."""
    spec = cf.read_file(DATA / "seed002_district_set.yaml")
    assert spec.total_max == Decimal(95)
    assert [cf.derived_max(a) for a in spec.items] == [
        Decimal(x) for x in ("23", "9", "12", "8", "11", "10", "15", "7")
    ]
    leaf = spec.find("1.6.1")
    assert (leaf.max_points, leaf.method, leaf.source) == (
        Decimal(3),
        "deductions",
        "plans.assigned",
    )
    assert leaf.params == {"deductions": {"per_late": 0.04, "per_undone": 0.13, "floor": 0}}
    assert spec.find("7.1").is_leaf and spec.parent_of("7.1").code == "7"
    assert spec.find("7.3").applicability == "has_postal_procedures"


def test_a_stated_parent_maximum_must_equal_the_sum_of_its_children():
    """As the author of a set I typed 1,5 for criterion 1.2 whose children add up to 1,25; the
    file is refused at the line of that maximum, naming the criterion."""
    text = SMALL.replace("        name: Báo cáo\n", "        name: Báo cáo\n        max: 1.5\n")
    errors = refused(text)
    error = error_at(errors, 17, "max")
    assert error.reason == "Tiêu chí 1.2: điểm tối đa ghi 1,5 khác tổng các tiêu chí con 1,25"
    assert error.file == "bo.yaml"
    assert str(error) == (
        "bo.yaml: dòng 17, cột max: Tiêu chí 1.2: điểm tối đa ghi 1,5 khác tổng các tiêu chí "
        "con 1,25"
    )
    assert len(errors) == 1
    # The right sum is accepted.
    assert read(text.replace("max: 1.5", "max: 1.25")).find("1.2").max_points == Decimal("1.25")


BAD = """\
code: BAD SET
name: ""
year: hai nghìn
unit_kind: village
grades:
  - {name: Tốt, min: 80}
  - {name: "", min: 85}
  - {name: Yếu, min: 120}
items:
  - code: "1"
    name: Một
    plan_area: nowhere
    method: manual
    children:
      - code: "1.1"
        name: Thiếu điểm
        plan_area: other
      - code: "1.2"
        name: Ba chữ số thập phân
        max: 0.255
      - code: "1.3"
        name: Không điểm
        max: 0
        method: bands
      - code: "1.4"
        name: Phương pháp lạ
        max: 1
        method: guess
      - code: "1.5"
        name: Trừ điểm thiếu tham số
        max: 3
        method: deductions
        params: {floor: 0}
      - code: "2.6"
        name: Sai mã cha
        max: 1
        source: nowhere.to_be_found
        applicability: has_no_such_rule
        part: extra
      - code: "1.4"
        name: Trùng mã
        max: 1
      - code: "1.x"
        name: Mã lạ
        max: 1
  - code: "3.1"
    name: Lĩnh vực mã hai cấp
    max: chín
"""


def test_every_problem_of_a_yaml_file_is_reported_with_its_line_and_key():
    """As the author of a set with many mistakes I see all of them at once, each at its line
    and key and naming the criterion, so I fix the file in one pass."""
    errors = refused(BAD)
    error_at(errors, 1, "code", "mã bộ tiêu chí “BAD SET”")
    error_at(errors, 2, "name", "chưa ghi tên bộ tiêu chí")
    error_at(errors, 3, "year", "“hai nghìn” không phải số năm")
    error_at(errors, 4, "unit_kind", "“village” không có", "commune")
    error_at(errors, 7, "grades", "xếp loại thứ 2 chưa có tên")
    error_at(errors, 7, "grades", "85 phải nhỏ hơn của xếp loại trước (80)")
    error_at(errors, 8, "grades", "120 phải từ 0 đến 100")
    error_at(errors, 12, "plan_area", "Tiêu chí 1:", "“nowhere” không có")
    error_at(errors, 13, "method", "Tiêu chí 1:", "chỉ ghi ở tiêu chí cuối")
    error_at(errors, 15, "max", "Tiêu chí 1.1:", "phải ghi điểm tối đa")
    error_at(errors, 17, "plan_area", "Tiêu chí 1.1:", "chỉ ghi ở cấp lĩnh vực")
    error_at(errors, 20, "max", "Tiêu chí 1.2:", "0,255", "hai chữ số thập phân")
    error_at(errors, 23, "max", "Tiêu chí 1.3:", "0 phải lớn hơn 0")
    error_at(errors, 28, "method", "Tiêu chí 1.4:", "“guess” không có")
    error_at(errors, 33, "params", "Tiêu chí 1.5:", "deductions", "per_late")
    error_at(errors, 34, "code", "Tiêu chí 2.6:", "bắt đầu bằng mã tiêu chí cha “1”")
    error_at(errors, 37, "source", "Tiêu chí 2.6:", "“nowhere.to_be_found” chưa có")
    error_at(errors, 38, "applicability", "Tiêu chí 2.6:", "“has_no_such_rule” không có")
    error_at(errors, 39, "part", "Tiêu chí 2.6:", "“extra” không có")
    error_at(errors, 40, "code", "Tiêu chí 1.4:", "trùng với tiêu chí ở dòng 25")
    error_at(errors, 43, "code", "Tiêu chí 1.x:", "các số cách nhau bởi dấu chấm")
    error_at(errors, 46, "code", "Tiêu chí 3.1:", "lĩnh vực (cấp cao nhất) phải có mã là một số")
    error_at(errors, 48, "max", "Tiêu chí 3.1:", "“chín” không phải số")
    # A value already refused while reading is not reported a second time.
    assert len([e for e in errors if e.row == 48]) == 1


def test_bands_without_bands_and_missing_sections_are_refused():
    """As the author of a set I forgot the bands of a bands leaf, the grades and the items:
    the file says what each needs."""
    text = SMALL.replace("method: on_time", "method: bands")
    error_at(refused(text), 21, "params", "Tiêu chí 1.2.1:", "cần tham số bands")
    bare = "code: X\nname: Bộ\nyear: 2021\nunit_kind: district\n"
    errors = refused(bare)
    assert {e.column for e in errors} == {"grades", "items"}
    assert any("chưa ghi xếp loại" in e.reason for e in errors)
    assert any("chưa có lĩnh vực" in e.reason for e in errors)


def test_a_yaml_syntax_error_names_its_line():
    """As the author of a broken YAML file I am told the line where it breaks."""
    errors = refused("code: X\nname: [unclosed\nyear: 2021\n")
    assert len(errors) == 1 and errors[0].row >= 2
    assert "không đọc được tệp YAML" in errors[0].reason


def test_unquoted_codes_keep_their_trailing_zero():
    """As the author of a set I wrote code: 1.10 without quotes; it stays 1.10, not 1.1."""
    text = SMALL.replace('code: "1.2.2"', "code: 1.2.10")
    assert read(text).find("1.2.10") is not None


# -- spreadsheets ---------------------------------------------------------------------------

NODE_ROWS = [
    ["code", "parent_code", "name", "max", "method", "params", "source", "part", "plan_area"],
    ["1", "", "Công tác chỉ đạo, điều hành", None, "", "", "", "", "direction"],
    ["1.1", "", "Báo cáo CCHC", 0.25, "on_time", "", "", "", ""],
    ["1.2", "", "Nhiệm vụ được giao", 3, "deductions",
     '{"deductions": {"per_late": 0.04, "per_undone": 0.13, "floor": 0}}',
     "plans.assigned", "", ""],
    ["2", "", "Điểm thưởng", None, "", "", "", "bonus", ""],
    ["2.1", "2", "Sáng kiến", 1, "manual", "", "", "", ""],
]  # fmt: skip
INFO_ROWS = [
    ["key", "value", "min"],
    ["code", "XLSX-2021"],
    ["name", "Bộ tiêu chí từ Excel"],
    ["year", 2021],
    ["unit_kind", "district"],
    ["grade", "Tốt", 80],
    ["grade", "Yếu", 0],
]


def workbook(info_rows, node_rows) -> bytes:
    book = Workbook()
    info = book.active
    info.title = "Thông tin"
    for row in info_rows:
        info.append(row)
    nodes = book.create_sheet("Tiêu chí")
    for row in node_rows:
        nodes.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_reads_one_node_a_row_with_parents_from_the_codes():
    """As a reform officer who keeps the set in Excel I fill one row per node; parent_code
    may stay empty, and a bonus area marks all its leaves as bonus points."""
    spec = cf.read_bytes(workbook(INFO_ROWS, NODE_ROWS), "bo.xlsx", VOCABULARY)
    assert (spec.code, spec.year, [g.name for g in spec.grades]) == (
        "XLSX-2021",
        2021,
        ["Tốt", "Yếu"],
    )
    assert [c.code for c in spec.find("1").children] == ["1.1", "1.2"]
    assert spec.find("1.2").params["deductions"]["per_undone"] == 0.13
    assert spec.find("2.1").part == "bonus"
    # Bonus points stay outside the maximum.
    assert spec.total_max == Decimal("3.25") and cf.derived_max(spec.find("2")) == Decimal(1)


def test_spreadsheet_problems_name_the_sheet_row_and_column():
    """As the author of a workbook with mistakes I see the sheet, row and column of each."""
    info = INFO_ROWS[:4] + [["unit_kind", "hamlet"], ["grade", "Tốt", "tám mươi"]]
    nodes = NODE_ROWS[:3] + [
        ["1.3", "", "Không có phương pháp này", 1, "guess", "", "", "", ""],
        ["1.4", "", "Tham số hỏng", 1, "threshold", "{at: [", "", "", ""],
        ["3.1", "", "Không có cha", 1, "manual", "", "", "", ""],
        ["1.1", "", "Trùng", 1, "manual", "", "", "", ""],
    ]
    errors = refused_bytes(workbook(info, nodes), "bo.xlsx")
    error_at(errors, 5, "unit_kind", "“hamlet” không có")
    error_at(errors, 6, "grade", "“tám mươi” không phải số")
    assert {e.file for e in errors if e.column in ("unit_kind", "grade")} == {
        "bo.xlsx, trang “Thông tin”"
    }
    error_at(errors, 4, "method", "Tiêu chí 1.3:", "“guess” không có")
    error_at(errors, 5, "params", "Tiêu chí 1.4:", "không đọc được")
    error_at(errors, 6, "code", "Tiêu chí 3.1:", "không tìm thấy tiêu chí cha “3”")
    error_at(errors, 7, "code", "Tiêu chí 1.1:", "trùng với dòng 3")
    assert {e.file for e in errors if e.column in ("method", "params", "code")} == {
        "bo.xlsx, trang “Tiêu chí”"
    }


def refused_bytes(data: bytes, name: str) -> list:
    with pytest.raises(ImportRefused) as caught:
        cf.read_bytes(data, name, VOCABULARY)
    return caught.value.errors


def test_a_csv_file_has_the_set_fields_first_then_the_node_table():
    """As a user of a plain CSV file I put the key/value rows first, then the node header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in INFO_ROWS[1:]:
        writer.writerow(row)
    writer.writerow([])
    for row in NODE_ROWS:
        writer.writerow(["" if v is None else v for v in row])
    writer.writerow(["1.3", "", "Sai", "1,255", "manual", "", "", "", ""])
    errors = refused_bytes(buffer.getvalue().encode("utf-8-sig"), "bo.csv")
    assert [(e.file, e.row, e.column) for e in errors] == [("bo.csv", 14, "max")]
    assert "Tiêu chí 1.3: điểm tối đa 1,255" in errors[0].reason
    ok = buffer.getvalue().rsplit("1.3,", 1)[0]
    spec = cf.read_bytes(ok.encode("utf-8-sig"), "bo.csv", VOCABULARY)
    assert spec.code == "XLSX-2021" and spec.total_max == Decimal("3.25")


def test_an_unknown_file_type_is_refused():
    """As a user who picked a Word file by mistake I am told which files are accepted."""
    errors = refused_bytes(b"PK", "bo.docx")
    assert "YAML" in errors[0].reason and errors[0].row == 0


# -- writing and reading back -----------------------------------------------------------------


def test_the_exported_workbook_has_the_documented_layout():
    """As a reform officer I download a set as Excel and find the sheets the import reads."""
    spec = read(SMALL)
    book = load_workbook(io.BytesIO(cf.to_xlsx(spec)))
    assert book.sheetnames == ["Thông tin", "Tiêu chí"]
    info = [list(r) for r in book["Thông tin"].iter_rows(values_only=True)]
    assert info[1][:2] == ["code", "TEST-2021"] and ["grade", "Khá", 65] in info
    nodes = list(book["Tiêu chí"].iter_rows(values_only=True))
    assert list(nodes[0]) == cf.COLUMNS
    assert nodes[1][:4] == ("1", None, "Công tác chỉ đạo, điều hành", 1.25)
    assert nodes[3][:5] == ("1.2.1", "1.2", "Báo cáo CCHC", 0.25, "on_time")


TEXT = (
    st.text(alphabet="abcdeđêôơưăâáàạảãĐÁÀ ABCXYZ0123456789,.-()/:%", min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
OFFICE = st.sampled_from(["", "NOIVU", "VP", "TCKH"])
POINTS = st.integers(min_value=1, max_value=5000).map(lambda n: Decimal(n) / 100)


@st.composite
def leaf_setup(draw):
    top = draw(POINTS)
    method = draw(st.sampled_from(cf.methods.METHODS))
    params = {}
    if method == "bands":
        params = {"bands": [{"min": 1.0, "points": float(top)}, {"min": 0.5, "points": 0}]}
    elif method == "deductions":
        params = {"deductions": {"per_late": 0.05, "per_undone": 0.2, "floor": 0}}
    elif method == "threshold" and draw(st.booleans()):
        params = {"at": 0.9}
    return top, method, params


@st.composite
def nodes(draw, prefix: str, depth: int):
    count = draw(st.integers(min_value=1, max_value=3))
    result = []
    for number in range(1, count + 1):
        code = f"{prefix}.{number}" if prefix else str(number)
        node = cf.NodeSpec(code=code, name=draw(TEXT), responsible=draw(OFFICE))
        node.evidence = draw(st.one_of(st.just(""), TEXT))
        node.responsible_text = draw(st.one_of(st.just(""), TEXT))
        if depth < 2 and draw(st.booleans()) or not prefix:
            node.children = draw(nodes(code, depth + 1))
            if not prefix:
                node.plan_area = draw(st.sampled_from(["", "direction", "other"]))
        else:
            node.max_points, node.method, node.params = draw(leaf_setup())
            node.source = draw(st.sampled_from(["", "dossiers.on_time_rate?scope=all"]))
            node.applicability = draw(st.sampled_from(["", "has_postal_procedures"]))
            node.part = draw(st.sampled_from(["self", "self", "survey", "bonus", "penalty"]))
        result.append(node)
    return result


@st.composite
def specs(draw):
    mins = sorted(draw(st.sets(st.integers(0, 10000), min_size=1, max_size=5)), reverse=True)
    return cf.SetSpec(
        code=draw(st.from_regex(r"[A-Z][A-Z0-9\-]{0,10}", fullmatch=True)),
        name=draw(TEXT),
        year=draw(st.integers(1990, 2100)),
        unit_kind=draw(st.sampled_from(sorted(VOCABULARY.unit_kinds))),
        decision_ref=draw(st.one_of(st.just(""), TEXT)),
        issuer=draw(st.sampled_from(["", "KONRAY"])),
        grades=[cf.GradeSpec(f"Mức {i}", Decimal(m) / 100) for i, m in enumerate(mins)],
        items=draw(nodes("", 0)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_export_then_import_gives_back_the_same_set(spec):
    """As a reform officer I download a set as YAML or Excel and import it again: it is the
    same set, node for node."""
    assert cf.check(spec, VOCABULARY) == []
    expected = cf.normalise(spec)
    from_yaml = cf.read_bytes(cf.to_yaml(spec).encode(), "bo.yaml", VOCABULARY)
    assert from_yaml == expected
    from_xlsx = cf.read_bytes(cf.to_xlsx(spec), "bo.xlsx", VOCABULARY)
    assert from_xlsx == expected
    assert from_xlsx.total_max == expected.total_max
