"""`cchc report …` refuses bad input with a Vietnamese message naming the option, a non-zero
exit status and no file written (formats.md "Errors"); it warns about unconfirmed calendars."""

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import timezone

from cchc.dossiers.models import Status
from cchc.workcal.models import CalendarYear

from .factories import build_tree, docx_text, dossier, insert, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    t = build_tree()
    insert(
        [
            dossier(
                t.land,
                t.district,
                status=Status.PROCESSING,
                received_at=local("2023-01-05 08:00"),
                due_at=local("2023-04-05 17:00"),
            )
        ]
    )
    return t


def report(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        report(*args)
    assert error.value.returncode == 2
    return str(error.value)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--unit", "KHONGCO", "--period", "2023-Q1"], "--unit"),
        (["--unit", "TRACU", "--period", "2023-Q5"], "--period"),
        (["--unit", "TRACU", "--period", "2023-02-30..2023-03-01"], "--period"),
        (["--unit", "TRACU", "--period", "2023-Q1", "--by", "procedure"], "--by"),
        (["--unit", "TRACU", "--period", "2023-Q1", "--window", "fiscal"], "--window"),
        (["--unit", "TRACU", "--period", "2023-Q1", "--format", "pdf"], "--format"),
    ],
)
def test_bad_input_is_refused_naming_the_option_and_writes_no_file(tree, tmp_path, args, option):
    """As an operator a mistyped option gets a Vietnamese message naming it, and no file."""
    target = tmp_path / "bieu.json"
    message = refused("dossier-results", *args, "--out", str(target))
    assert message.startswith(f"{option}:")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_spreadsheet_or_document_needs_an_output_file(tree):
    """As an operator asking for XLSX without --out I am told to give a file."""
    assert "--out" in refused("dossier-results", "--unit", "TRACU", "--period", "2023-Q1",
                              "--format", "xlsx")  # fmt: skip


def test_an_unwritable_output_is_refused_before_any_work(tree, tmp_path):
    """As an operator a missing folder or a folder given as --out is refused, nothing written."""
    missing = tmp_path / "khong-co" / "bieu.xlsx"
    message = refused("dossier-results", "--unit", "TRACU", "--period", "2023-Q1",
                      "--out", str(missing))  # fmt: skip
    assert message.startswith("--out:") and "không tồn tại" in message
    assert refused("dossier-results", "--unit", "TRACU", "--period", "2023-Q1",
                   "--out", str(tmp_path)).startswith("--out:")  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_exits_with_status_2_and_the_message_on_stderr(tree, capsys, monkeypatch):
    """As an outside tool I see a non-zero exit status when the unit code is unknown."""
    # Django is set up already. Setting it up again would bind the log handler to this test's
    # captured stderr, which is closed after the test, and break logging in every later test.
    monkeypatch.setattr("django.setup", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(
            ["cchc", "report", "dossier-results", "--unit", "KHONGCO", "--period", "2023-Q1"]
        )
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert "--unit: không tìm thấy đơn vị có mã “KHONGCO”" in captured.err
    assert captured.out == ""


def test_an_unconfirmed_calendar_warns_but_the_report_is_made(tree):
    """As an operator I am warned when the window's years have no confirmed calendar, and I
    still get my figures; with both years confirmed there is no warning."""
    out, err = report("dossier-results", "--unit", "TRACU", "--period", "2023-Q1")
    assert "Cảnh báo: lịch làm việc năm 2022, 2023 chưa được xác nhận" in err
    assert json.loads(out)["total"]["pending_in_time"] == 1
    for year in (2022, 2023):
        CalendarYear.objects.create(
            year=year, notice_ref="Thông báo 9441/TB-BNV", confirmed_at=timezone.now()
        )
    out, err = report("dossier-results", "--unit", "TRACU", "--period", "2023-Q1")
    assert err == ""
    assert json.loads(out)["total"]["received_total"] == 1


def test_the_json_can_be_written_to_a_file_with_calendar_windows(tree, tmp_path):
    """As an operator I can write the JSON to a file and ask for a calendar-quarter window."""
    target = tmp_path / "bieu.json"
    report("dossier-results", "--unit", "TRACU", "--period", "2023-Q1", "--window", "calendar",
           "--by", "unit", "--include-children", "--out", str(target))  # fmt: skip
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["period"] == {"label": "2023-Q1", "start": "2023-01-01", "end": "2023-03-31"}
    assert [row["key"] for row in data["rows"]] == ["TRACU", "PTNMT", "XA01", "XA02"]
    assert "UBND huyện Trà Cú" in target.read_text(encoding="utf-8")  # not \\u-escaped


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["tthc-quarterly", "--unit", "KHONGCO", "--period", "2023-Q1"], "--unit"),
        (["tthc-quarterly", "--unit", "TRACU", "--period", "quy 1"], "--period"),
        (["reform-annual", "--unit", "TRACU", "--year", "21"], "--year"),
    ],
)
def test_the_report_documents_refuse_bad_input_too(tree, tmp_path, args, option):
    """As an operator the quarterly and annual reports check their options the same way."""
    target = tmp_path / "bao-cao.docx"
    assert refused(*args, "--out", str(target)).startswith(f"{option}:")
    assert not target.exists()


def test_the_quarterly_report_is_written_as_docx(tree, tmp_path):
    """As an operator `report tthc-quarterly` writes the quarterly TTHC-control report with
    its §I.6 figures."""
    target = tmp_path / "bao-cao-quy.docx"
    _out, err = report("tthc-quarterly", "--unit", "TRACU", "--period", "2023-Q1",
                       "--out", str(target))  # fmt: skip
    text = docx_text(target.read_bytes())
    assert "Số mới tiếp nhận trong kỳ: 1" in text
    assert "quý I năm 2023" in text
    assert "chưa được xác nhận" in err


def test_the_annual_report_is_written_as_docx(tree, tmp_path):
    """As an operator `report reform-annual --year 2022` writes the annual CCHC report."""
    target = tmp_path / "bao-cao-nam.docx"
    report("reform-annual", "--unit", "TRACU", "--year", "2022", "--out", str(target))
    assert "năm 2022" in docx_text(target.read_bytes())


def test_a_period_the_report_type_is_not_made_for_is_refused(tree, tmp_path):
    """As an operator asking for a monthly TTHC-control report is refused, no file written."""
    target = tmp_path / "bao-cao.docx"
    message = refused("tthc-quarterly", "--unit", "TRACU", "--period", "2023-03",
                      "--out", str(target))  # fmt: skip
    assert message.startswith("--period:")
    assert not target.exists()
