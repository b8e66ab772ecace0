"""The roll-up variant (Biểu 06b): a district's form with one row per unit of its subtree,
grouped by level, zeros for a unit that received nothing, the total the sum of the parts."""

from datetime import date

import pytest

from cchc.dossiers.models import Channel
from cchc.reporting.figures import COLUMNS, Counts, total
from cchc.reporting.periods import window
from cchc.reporting.results_documents import render_results_docx, results_form
from cchc.reporting.statistics import dossier_results

from .factories import build_tree, docx_rows, insert, spread

pytestmark = pytest.mark.django_db

Q1 = window("2023-Q1")
FIRST, LAST = date(2022, 12, 15), date(2023, 3, 14)


@pytest.fixture
def tree():
    t = build_tree()
    rows = []
    rows += spread(40, t.land, t.district, "early", first=FIRST, last=LAST)
    rows += spread(7, t.land, t.district, "pending_overdue", first=FIRST, last=LAST)
    rows += spread(12, t.land, t.department, "late", first=FIRST, last=date(2023, 3, 1))
    rows += spread(
        25, t.civil, t.commune, "on_time", first=FIRST, last=LAST, channel=Channel.ONLINE
    )
    rows += spread(
        3, t.civil, t.commune, "pending_in_time", first=FIRST, last=LAST, window_end=LAST
    )
    rows += spread(9, t.civil, t.other_district, "on_time", first=FIRST, last=LAST)  # elsewhere
    insert(rows)
    return t


def test_a_district_roll_up_has_a_row_per_unit_with_zeros_for_a_quiet_commune(tree):
    """As the district reform officer I see each of my units on its own row, the commune that
    received nothing with zeros, and not the neighbouring district."""
    results = dossier_results(tree.district, Q1, by="unit", include_children=True)
    by_code = {row.key: row.counts for row in results.rows}
    assert set(by_code) == {"TRACU", "PTNMT", "XA01", "XA02"}
    assert by_code["XA02"] == Counts()
    assert by_code["TRACU"].resolved_early == 40 and by_code["TRACU"].pending_overdue == 7
    assert by_code["PTNMT"].resolved_late == 12
    assert by_code["XA01"].received_online == 25 and by_code["XA01"].pending_in_time == 3
    assert results.total == total(by_code.values())
    assert results.total.received_total == 40 + 7 + 12 + 25 + 3


def test_the_roll_up_total_equals_the_sector_form_of_the_same_subtree(tree):
    """As the district reform officer the roll-up and the by-sector form of my whole subtree
    give the same totals: every dossier is counted once, by the unit that received it."""
    by_unit = dossier_results(tree.district, Q1, by="unit", include_children=True)
    by_sector = dossier_results(tree.district, Q1, by="sector", include_children=True)
    assert by_unit.total == by_sector.total
    assert {row.key for row in by_sector.rows} == {"DATDAI", "HOTICH"}


def test_the_roll_up_form_groups_units_by_level_under_numbered_headings(tree):
    """As the district reform officer the printed 06b form shows "I. Cấp huyện", "II. Sở, ban,
    ngành…", "III. Cấp xã" with the units numbered from 1 in each group."""
    results = dossier_results(tree.district, Q1, by="unit", include_children=True)
    form = results_form(results)
    assert form.code == "Biểu số 06b/VPCP/KSTT"
    assert form.first_column == "Đơn vị"
    assert [row[:2] for row in form.rows] == [
        ("I", "Cấp huyện"),
        ("1", "UBND huyện Trà Cú"),
        ("II", "Sở, ban, ngành, phòng chuyên môn"),
        ("1", "Phòng Tài nguyên và Môi trường huyện Trà Cú"),
        ("III", "Cấp xã"),
        ("1", "UBND xã Phước Hưng"),
        ("2", "UBND xã Tập Sơn"),
    ]
    assert form.rows[0][2:] == ("",) * len(COLUMNS)  # a heading has no figures
    assert form.rows[-1][2:] == ("0",) * len(COLUMNS)
    assert form.total[0] == "87"
    rows = docx_rows(render_results_docx(results))
    headers = next(row for row in rows if row and row[0] == "STT")
    assert headers[2:6] == ["Số hồ sơ nhận giải quyết"] * 4  # merged over columns 3–6
    assert ["III", "Cấp xã"] == next(row[:2] for row in rows if row[0] == "III")
    assert next(row for row in rows if row[1] == "Tổng cộng")[2] == "87"


def test_a_commune_form_by_sector_counts_only_its_own_dossiers(tree):
    """As a commune officer my form by sector lists the civil-status sector only."""
    results = dossier_results(tree.commune, Q1)
    assert [row.key for row in results.rows] == ["HOTICH"]
    assert results.total.received_total == 28
    form = results_form(results)
    assert form.code == "Biểu số 06a/VPCP/KSTT"
    assert form.receiving_unit == "UBND huyện Trà Cú"
    assert form.rows == (
        ("1", "Hộ tịch", "28", "25", "3", "0", "25", "0", "25", "0", "3", "3", "0"),
    )
