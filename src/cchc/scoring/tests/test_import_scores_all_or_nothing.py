"""As an operator I import last year's leaf scores from a spreadsheet; a file with one bad
cell is refused whole, each problem named by file, row and column, and re-importing the same
file changes nothing more."""

import csv
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from .. import services
from ..models import RoundEvent, Score, StatedTotal
from .factories import SMALL_SET, criteria_set, world

pytestmark = pytest.mark.django_db
HEADER = [
    "round",
    "unit_code",
    "criterion_code",
    "applicable",
    "self_points",
    "appraised_points",
    "note",
]


@pytest.fixture
def round_(db):
    w = world()
    return services.open_round(
        None,
        code="KR-2021",
        name="Chỉ số CCHC 2021",
        criteria_set=criteria_set("KR-XA-TEST", SMALL_SET),
        organiser=w.district,
        units=[w.a, w.b],
        year=2021,
        opens_on=date(2022, 1, 10),
        self_due_on=date(2022, 1, 31),
    )


def write(tmp_path, rows, name="diem.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


GOOD = [
    ["KR-2021", "KR-DTR", "1.1.1", "1", "0.5", "0,5", ""],
    ["KR-2021", "KR-DTR", "1.2", "1", "3", "2.5", "Thiếu hội thi"],
    ["KR-2021", "KR-DTR", "2.2", "0", "", "", ""],
    ["KR-2021", "KR-DTR", "1", "", "", "5", ""],
    ["KR-2021", "KR-DTR", "total", "", "", "9", ""],
]


def test_a_good_file_imports_and_reimports_idempotently(round_, tmp_path, capsys):
    """As an operator I import leaf points, applicability and stated totals; the same file
    twice leaves the same figures."""
    path = write(tmp_path, GOOD)
    call_command("index", "import-scores", path)
    assert "Đã nhập 3 điểm tiêu chí và 2 tổng điểm ghi sẵn của 1 đơn vị." in capsys.readouterr().out
    call_command("index", "import-scores", path)
    score = Score.objects.get(participation__unit__code="KR-DTR", criterion__code="1.2")
    assert (score.self_points, score.appraised_points, score.appraisal_note) == (
        D("3"),
        D("2.5"),
        "Thiếu hội thi",
    )
    assert not Score.objects.get(
        participation__unit__code="KR-DTR", criterion__code="2.2"
    ).applicable
    assert StatedTotal.objects.count() == 2
    assert RoundEvent.objects.filter(action="import").count() == 2


@pytest.mark.parametrize(
    "row, where",
    [
        (
            ["NOPE", "KR-DTR", "1.2", "1", "1", "", ""],
            "dòng 3, cột round: không có đợt đánh giá mã “NOPE”",
        ),
        (
            ["KR-2021", "KR-XX", "1.2", "1", "1", "", ""],
            "dòng 3, cột unit_code: đơn vị “KR-XX” không tham gia",
        ),
        (
            ["KR-2021", "KR-TL", "9.9", "1", "1", "", ""],
            "dòng 3, cột criterion_code: bộ tiêu chí KR-XA-TEST không có tiêu chí “9.9”",
        ),
        (
            ["KR-2021", "KR-TL", "1.2", "1", "3,5", "", ""],
            "dòng 3, cột self_points: tiêu chí 1.2: điểm 3,5 vượt điểm tối đa 3",
        ),
        (
            ["KR-2021", "KR-TL", "1.2", "1", "", "-1", ""],
            "dòng 3, cột appraised_points: tiêu chí 1.2: điểm không được âm",
        ),
        (
            ["KR-2021", "KR-TL", "1.2", "0", "1", "", ""],
            "dòng 3, cột self_points: tiêu chí 1.2 không áp dụng",
        ),
        (["KR-2021", "KR-TL", "1.2", "x", "1", "", ""], "dòng 3, cột applicable"),
        (
            ["KR-2021", "KR-TL", "1.2", "1", "một", "", ""],
            "dòng 3, cột self_points: “một” không phải số điểm",
        ),
    ],
)
def test_one_bad_cell_refuses_the_whole_file(round_, tmp_path, capsys, row, where):
    """As an operator I learn exactly where the file is wrong, and nothing is imported."""
    path = write(tmp_path, [GOOD[0], row])
    with pytest.raises(CommandError) as refused:
        call_command("index", "import-scores", path)
    assert refused.value.returncode == 2
    assert f"diem.csv: {where}" in capsys.readouterr().err
    assert not Score.objects.filter(self_points__isnull=False).exists()
    assert not RoundEvent.objects.filter(action="import").exists()


def test_a_published_round_takes_no_scores(round_, tmp_path, capsys):
    """As an operator I cannot rewrite a published result."""
    round_.status = "published"
    round_.save()
    with pytest.raises(CommandError):
        call_command("index", "import-scores", write(tmp_path, GOOD[:1]))
    assert "đã công bố kết quả" in capsys.readouterr().err
