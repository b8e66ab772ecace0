"""Seed `001_c6653d30ca38dfbd.txt`: UBND huyện Trà Cú, quý I/2023 — the dossier-results figures
rebuilt from 26.202 dossiers, through the command line, the DOCX and the XLSX.

Seed §I.6: new 26.199 (online 4.049 = 15,5%; in person 22.150 = 84,5%), carried over 3;
resolved 26.188 (early 5.621 = 21,5%, on time 20.567 = 78,5%, late 0); pending 14 (in time
14, overdue 0). The data hides the edge cases of the counting rules among them.
"""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.dossiers.models import Channel, Status
from cchc.reporting.figures import COLUMNS
from cchc.reporting.periods import window
from cchc.reporting.results_documents import NUMBER_FORMAT, results_paragraphs
from cchc.reporting.statistics import dossier_results

from .factories import build_tree, docx_text, dossier, insert, local, spread, xlsx_row, xlsx_rows

pytestmark = pytest.mark.django_db

Q1 = window("2023-Q1")
FIRST, LAST = date(2022, 12, 15), date(2023, 3, 14)
ONLINE, COUNTER, POSTAL = Channel.ONLINE, Channel.COUNTER, Channel.POSTAL

SEED_TOTAL = {
    "received_total": 26202,
    "received_online": 4049,
    "received_offline": 22150,
    "carried_over": 3,
    "resolved_total": 26188,
    "resolved_early": 5621,
    "resolved_on_time": 20567,
    "resolved_late": 0,
    "pending_total": 14,
    "pending_in_time": 14,
    "pending_overdue": 0,
}

# Per sector: (received online, offline, carried, early, on time, late, in time, overdue).
SEED_ROWS = {
    "CHUNGTHUC": (200, 8500, 0, 500, 8200, 0, 0, 0),
    "DATDAI": (2024, 6010, 3, 4821, 3202, 0, 14, 0),
    "HOTICH": (1800, 7050, 0, 300, 8550, 0, 0, 0),
    "LDTBXH": (25, 590, 0, 0, 615, 0, 0, 0),
}

SEED_SENTENCES = [
    "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo, trong đó: Số mới tiếp nhận trong kỳ: "
    "26.199 (trực tuyến: 4.049, đạt 15,5% so với tổng số hồ sơ đã tiếp nhận; trực tiếp "
    "22.150, đạt 84,5% so với tổng số hồ sơ đã tiếp nhận); số từ kỳ trước chuyển qua: 3.",
    "Số lượng hồ sơ đã giải quyết: 26.188; trong đó, giải quyết trước hạn: 5.621, đạt 21,5%, "
    "đúng hạn: 20.567, đạt 78,5%, quá hạn: 0.",
    "Số lượng hồ sơ đang giải quyết: 14; trong đó, trong hạn: 14, quá hạn: 0.",
]


def build_seed_001():
    """26.202 counted dossiers of TRACU in four sectors, the edge cases among them, and seven
    dossiers that must not count."""
    t = build_tree()
    d = t.district

    def many(n, procedure, outcome, channel=COUNTER):
        return spread(n, procedure, d, outcome, first=FIRST, last=LAST, channel=channel,
                      window_end=LAST)  # fmt: skip

    rows = []
    # Chứng thực: 8.700 new.
    rows += many(7999, t.certify, "on_time")
    rows += many(500, t.certify, "early")
    rows += many(200, t.certify, "on_time", ONLINE)
    rows.append(  # finished at 23:30 on its due date, after the 17:00 appointment: on time
        dossier(t.certify, d, received_at=local("2023-02-10 08:00"),
                due_at=local("2023-02-10 17:00"), finished_at=local("2023-02-10 23:30"))
    )  # fmt: skip
    # Hộ tịch: 8.850 new.
    rows += many(6999, t.civil, "on_time")
    rows.append(  # withdrawn in the window, long after its due date: on time
        dossier(t.civil, d, status=Status.WITHDRAWN, received_at=local("2023-01-03 08:00"),
                due_at=local("2023-01-03 15:00"), finished_at=local("2023-02-20 09:00"))
    )  # fmt: skip
    rows += many(1500, t.civil, "on_time", ONLINE)
    rows += many(300, t.civil, "early", ONLINE)
    rows += many(50, t.civil, "on_time", POSTAL)
    # Đất đai: 8.034 new and the 3 carried over.
    rows += many(3998, t.land, "early")
    rows.append(  # stopped before its due date: resolved early
        dossier(t.land, d, status=Status.STOPPED, received_at=local("2023-01-09 08:00"),
                due_at=local("2023-01-20 17:00"), finished_at=local("2023-01-12 10:00"))
    )  # fmt: skip
    rows.append(  # extended, but finished before even the original appointment: early
        dossier(t.land, d, received_at=local("2023-01-09 08:00"),
                original_due_at=local("2023-01-20 17:00"), due_at=local("2023-01-31 17:00"),
                extension_used=True, finished_at=local("2023-01-19 10:00"))
    )  # fmt: skip
    rows += many(2000, t.land, "on_time")
    rows += many(820, t.land, "early", ONLINE)
    rows += many(1199, t.land, "on_time", ONLINE)
    rows.append(  # waiting for a supplement at the window end, past its due time: on time
        dossier(t.land, d, channel=ONLINE, status=Status.AWAITING_SUPPLEMENT,
                submitted_at=local("2023-02-27 21:00"), received_at=local("2023-02-28 08:00"),
                due_at=local("2023-03-10 17:00"), supplement_requested_at=local("2023-03-01 09:00"))
    )  # fmt: skip
    rows += spread(10, t.land, d, "pending_in_time", first=date(2023, 3, 6), last=LAST,
                   window_end=LAST)  # fmt: skip
    rows += spread(4, t.land, d, "pending_in_time", first=date(2023, 3, 6), last=LAST,
                   channel=ONLINE, window_end=LAST)  # fmt: skip
    carried = {"received_at": local("2022-12-05 08:00"), "due_at": local("2022-12-19 17:00")}
    rows.append(dossier(t.land, d, finished_at=local("2022-12-16 10:00"), **carried))  # early
    rows.append(dossier(t.land, d, finished_at=local("2022-12-19 16:00"), **carried))  # on time
    rows.append(dossier(t.land, d, finished_at=local("2022-12-19 20:00"), **carried))  # on time
    # Lao động - Thương binh và Xã hội: 615 new.
    rows += many(25, t.social, "on_time", ONLINE)
    rows += many(590, t.social, "on_time")
    # Not counted.
    rows += [
        dossier(t.civil, d, channel=ONLINE, status=Status.REFUSED, received_at=None,
                submitted_at=local("2023-01-04 20:00"), finished_at=local("2023-01-05 09:00")),
        dossier(t.civil, d, status=Status.REFUSED, received_at=local("2023-01-05 09:00"),
                finished_at=local("2023-01-05 09:10")),
        dossier(t.civil, d, channel=ONLINE, status=Status.SUBMITTED, received_at=None,
                submitted_at=local("2023-03-01 20:00")),
        dossier(t.land, d, received_at=local("2022-11-20 08:00"),
                due_at=local("2022-12-05 17:00"), finished_at=local("2022-12-10 10:00")),
        dossier(t.land, d, received_at=local("2022-12-14 16:00"), due_at=local("2022-12-14 17:00"),
                finished_at=local("2022-12-14 23:59")),
        dossier(t.land, d, status=Status.PROCESSING, received_at=local("2023-03-15 08:00"),
                due_at=local("2023-03-29 17:00")),
        dossier(t.civil, t.commune, received_at=local("2023-02-01 08:00"),
                due_at=local("2023-02-01 15:00"), finished_at=local("2023-02-01 10:00")),
    ]  # fmt: skip
    insert(rows)
    return t


@pytest.fixture
def seed():
    return build_seed_001()


def run_report(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "dossier-results", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_json_report_reproduces_the_seed_figures_per_sector_and_in_total(seed):
    """As the Trà Cú reform officer I get the Q1/2023 figures of my report from the records,
    as JSON with the keys of formats.md, one row per sector adding up to the seed totals."""
    out, err = run_report("--unit", "TRACU", "--period", "2023-Q1")
    data = json.loads(out)
    assert data["report"] == "dossier-results"
    assert data["unit"] == {"code": "TRACU", "name": "UBND huyện Trà Cú"}
    assert data["period"] == {"label": "2023-Q1", "start": "2022-12-15", "end": "2023-03-14"}
    assert data["total"] == SEED_TOTAL
    assert [row["key"] for row in data["rows"]] == list(SEED_ROWS)
    for row in data["rows"]:
        assert list(row) == ["key", "label", *COLUMNS]
        online, offline, carried, early, on_time, late, in_time, overdue = SEED_ROWS[row["key"]]
        assert row["received_online"] == online and row["received_offline"] == offline
        assert row["carried_over"] == carried
        assert (row["resolved_early"], row["resolved_on_time"], row["resolved_late"]) == (
            early,
            on_time,
            late,
        )
        assert (row["pending_in_time"], row["pending_overdue"]) == (in_time, overdue)
        assert row["received_total"] == row["resolved_total"] + row["pending_total"]
    assert {row["label"] for row in data["rows"]} >= {"Hộ tịch", "Đất đai", "Chứng thực"}
    assert "chưa được xác nhận" in err  # no confirmed 2022/2023 calendar in this database
    assert "2022, 2023" in err


def test_the_narrative_sentences_read_as_the_seed(seed):
    """As the Trà Cú reform officer the §I.6 sentences of my quarterly report come out in the
    seed's words, with the seed's percentages."""
    results = dossier_results(seed.district, Q1)
    assert results_paragraphs(results) == SEED_SENTENCES
    assert results_paragraphs(results.total) == SEED_SENTENCES


def test_the_docx_form_shows_the_seed_figures_and_shares(seed, tmp_path):
    """As the Trà Cú reform officer the DOCX appendix prints 26.199, 4.049 and the shares."""
    target = tmp_path / "bieu-06a.docx"
    run_report("--unit", "TRACU", "--period", "2023-Q1", "--format", "docx", "--out", str(target))
    text = docx_text(target.read_bytes())
    for figure in ("26.199", "4.049", "22.150", "26.188", "5.621", "20.567", "26.202"):
        assert figure in text
    for percentage in ("15,5%", "84,5%", "21,5%", "78,5%"):
        assert percentage in text
    for sentence in SEED_SENTENCES:
        assert f"- {sentence}" in text
    assert "Biểu số 06a/VPCP/KSTT" in text
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI UBND HUYỆN TRÀ CÚ" in text
    assert "(Kỳ báo cáo: quý I năm 2023; từ ngày 15/12/2022 đến ngày 14/03/2023)" in text
    assert "Đơn vị nhận báo cáo: UBND tỉnh Trà Vinh" in text
    assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text


def test_the_xlsx_form_holds_the_totals_in_their_columns(seed, tmp_path):
    """As the Trà Cú reform officer the spreadsheet has the 13 columns with real numbers, the
    total row in columns 3–13, and the signature lines."""
    target = tmp_path / "bieu-06a.xlsx"
    run_report("--unit", "TRACU", "--period", "2023-Q1", "--out", str(target))  # format from name
    content = target.read_bytes()
    total = xlsx_row(content, "Tổng cộng")
    assert list(total[2:13]) == [SEED_TOTAL[key] for key in COLUMNS]
    land = xlsx_row(content, "Đất đai")
    assert land[0] == "2" and land[2:6] == (8037, 2024, 6010, 3)
    rows = xlsx_rows(content)
    numbers_row = next(row for row in rows if row[0] == "(1)")
    assert numbers_row[:13] == tuple(f"({n})" for n in range(1, 14))
    cells = {value for row in rows for value in row if value}
    assert {"Biểu số 06a/VPCP/KSTT", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"} <= cells
    assert {"Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"} <= (
        cells
    )
    assert "Đơn vị tính: Số hồ sơ TTHC" in cells
    assert any(isinstance(v, str) and v.startswith("Trà Cú, ngày") for v in cells)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    total_cell = next(c for c in sheet["C"] if c.value == SEED_TOTAL["received_total"])
    assert total_cell.number_format == NUMBER_FORMAT
