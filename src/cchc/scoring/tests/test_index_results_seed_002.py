"""As the Sở Nội vụ of Kon Tum and as UBND huyện Kon Rẫy I import the 2021 criteria sets and
the leaf scores of seed 002, and `cchc index results` gives the seed's indices, grades and
ranks — with Đăk Ruồng's stated total flagged, because its own area scores add up to less."""

import csv
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from cchc.units.models import UnitKind
from cchc.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"  # the sample sets shipped with the app

# The leaves of the district that lost points (seed 002, section I), with the points kept.
DISTRICT_LOST = {
    "1.2.1": "0",
    "1.2.4": "0",
    "1.2.6": "0",
    "1.2.8": "0",
    "1.4.2": "4",
    "1.6.1": "1.91",
    "1.6.2": "0.83",
    "3.2.4": "0.25",
    "3.2.5": "0.25",
    "3.4.1": "1.98",
    "4.2.2": "0",
    "5.6.2": "0",
    "6.1.2": "0",
    "6.1.3": "0.5",
    "6.3.1": "0",
    "7.1": "1.7",
    "7.2": "6.78",
    "7.3": "0",
}

# Seed 002, section II: each commune's points per area, and its non-applicable leaves.
COMMUNES = {
    "KR-DTR": ("UBND xã Đắk Tô Re", "23.5 8.5 16.5 5 5 5.3 8.5 7", []),
    "KR-DTL": ("UBND xã Đắk Tô Lung", "24.1 9 17.5 5 5 5 8.8 7", ["3.5", "3.6.1"]),
    "KR-TL": (
        "UBND xã Tân Lập",
        "25.39 6.93 15.55 4 5 5.95 8.95 7",
        ["3.5", "3.6.1", "3.6.2", "4.3"],
    ),
    "KR-DK": ("UBND xã Đăk Kôi", "24 7.4 17.5 5 5 4.5 7.5 7", ["3.5"]),
    "KR-DR": ("UBND xã Đăk Ruồng", "22.1 9 15.75 5 5 4.5 8.3 7", ["3.5", "3.6.1", "3.6.2"]),
    "KR-DRVE": (
        "UBND thị trấn Đắk Rve",
        "20.77 5 11.25 4 5 5.7 6.4 4",
        ["3.5", "3.6.1", "3.6.2", "4.3"],
    ),
    "KR-DPNE": ("UBND xã Đắk Pnè", "24.5 8 17 5 4 6 7 6", ["2.3"]),
}
STATED_TOTALS = {"KR-DR": "78.15"}  # the seed's total for Đăk Ruồng; its areas add up to 76,65

EXPECTED = {
    # code: (points, max, index, grade, rank)
    "KR-DTL": (81.4, 95.5, 85.24, "Tốt", 1),
    "KR-TL": (78.77, 94, 83.80, "Tốt", 2),
    "KR-DTR": (79.3, 97, 81.75, "Tốt", 3),
    "KR-DK": (77.9, 96, 81.15, "Tốt", 4),
    "KR-DPNE": (77.5, 96, 80.73, "Tốt", 5),
    "KR-DR": (76.65, 95, 80.68, "Tốt", 6),
    "KR-DRVE": (62.12, 94, 66.09, "Khá", 7),
}


def leaves_by_area(path: Path) -> dict[str, list[tuple[str, D]]]:
    """The set file's leaves, in order, under their area code."""
    found: dict[str, list[tuple[str, D]]] = {}

    def walk(items, area):
        for item in items:
            if item.get("children"):
                walk(item["children"], area or item["code"])
            else:
                found.setdefault(area or item["code"], []).append(
                    (item["code"], D(str(item["max"])))
                )

    walk(yaml.safe_load(path.read_text(encoding="utf-8"))["items"], None)
    return found


def spread(total: D, leaves: list[tuple[str, D]], excluded: list[str]) -> dict[str, D]:
    """Leaf points adding up to `total`: full marks in order, the rest on the next leaf."""
    points, left = {}, total
    for code, top in leaves:
        if code in excluded:
            continue
        points[code] = min(top, left)
        left -= points[code]
    assert left == 0, "the area total is above the applicable leaves' maximum"
    return points


@pytest.fixture
def kon_ray(tmp_path):
    province = UnitFactory(code="KT", name="UBND tỉnh Kon Tum", kind=UnitKind.PROVINCE)
    UnitFactory(
        code="KT-SNV", name="Sở Nội vụ tỉnh Kon Tum", kind=UnitKind.DEPARTMENT, parent=province
    )
    district = UnitFactory(
        code="KR", name="UBND huyện Kon Rẫy", kind=UnitKind.DISTRICT, parent=province
    )
    for code, (name, _, _) in COMMUNES.items():
        UnitFactory(code=code, name=name, kind=UnitKind.COMMUNE, parent=district)

    call_command("index", "import-set", str(DATA / "seed002_district_set.yaml"))
    call_command("index", "import-set", str(DATA / "seed002_commune_set.yaml"))
    call_command(
        "index", "open-round", "--code", "KT-HUYEN-2021", "--set", "KT-HUYEN-2021",
        "--units", "KR", "--organiser", "KT-SNV", "--year", "2021",
    )  # fmt: skip
    call_command(
        "index", "open-round", "--code", "KR-XA-2021", "--set", "KR-XA-2021",
        "--children-of", "KR", "--year", "2021",
    )  # fmt: skip

    rows = []
    for leaves in leaves_by_area(DATA / "seed002_district_set.yaml").values():
        for code, top in leaves:
            rows.append(("KT-HUYEN-2021", "KR", code, "1", "", DISTRICT_LOST.get(code, str(top))))
    commune_leaves = leaves_by_area(DATA / "seed002_commune_set.yaml")
    for unit, (_, areas, excluded) in COMMUNES.items():
        for area, total in zip(commune_leaves, areas.split(), strict=True):
            points = spread(D(total), commune_leaves[area], excluded)
            for code, _ in commune_leaves[area]:
                if code in excluded:
                    rows.append(("KR-XA-2021", unit, code, "0", "", ""))
                else:
                    rows.append(
                        ("KR-XA-2021", unit, code, "1", str(points[code]), str(points[code]))
                    )
            rows.append(("KR-XA-2021", unit, area, "", "", total))  # a stated area total
        if unit in STATED_TOTALS:
            rows.append(("KR-XA-2021", unit, "total", "", "", STATED_TOTALS[unit]))
    scores = tmp_path / "diem-2021.csv"
    with scores.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "round",
                "unit_code",
                "criterion_code",
                "applicable",
                "self_points",
                "appraised_points",
                "note",
            ]
        )
        writer.writerows(row + ("",) for row in rows)
    call_command("index", "import-scores", str(scores))


def results(round_code, capsys) -> dict:
    call_command("index", "results", "--round", round_code, "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_the_district_gets_85_74_good(kon_ray, capsys):
    """As UBND huyện Kon Rẫy I read 81,45/95 points, index 85,74, Tốt, and my area scores."""
    capsys.readouterr()
    [unit] = results("KT-HUYEN-2021", capsys)["units"]
    assert (
        unit["code"],
        unit["points"],
        unit["max"],
        unit["index"],
        unit["grade"],
        unit["rank"],
    ) == (
        "KR",
        81.45,
        95,
        85.74,
        "Tốt",
        1,
    )
    areas = {a["code"]: (a["points"], a["max"]) for a in unit["areas"]}
    assert areas == {
        "1": (19.49, 23),
        "2": (9, 9),
        "3": (11.48, 12),
        "4": (7, 8),
        "5": (10.5, 11),
        "6": (6.5, 10),
        "7": (10.48, 15),
        "8": (7, 7),
    }


def test_the_communes_get_the_seeds_indices_grades_and_ranks(kon_ray, capsys):
    """As the district I rank my seven communes; Đăk Ruồng's stated 78,15 is not used."""
    capsys.readouterr()
    data = results("KR-XA-2021", capsys)
    found = {
        u["code"]: (u["points"], u["max"], u["index"], u["grade"], u["rank"]) for u in data["units"]
    }
    assert found == EXPECTED
    assert [u["code"] for u in data["units"]] == list(EXPECTED)  # best first
    by_code = {u["code"]: u for u in data["units"]}
    assert by_code["KR-DR"]["stated_totals"] == [{"code": None, "stated": 78.15, "derived": 76.65}]
    assert all(not u["stated_totals"] for code, u in by_code.items() if code != "KR-DR")
    assert [a["points"] for a in by_code["KR-DTR"]["areas"]] == [23.5, 8.5, 16.5, 5, 5, 5.3, 8.5, 7]
    assert [a["max"] for a in by_code["KR-DTR"]["areas"]] == [33.5, 9, 19.5, 5, 5, 6, 12, 7]


def test_the_results_page_shows_the_derived_total_and_flags_the_stated_one(kon_ray, client):
    """As the district's reform officer I see 76,65 for Đăk Ruồng and the stated 78,15
    flagged on the results page."""
    from cchc.units.models import Role, RoleGrant, Unit
    from cchc.units.tests.factories import UserFactory

    from ..models import AssessmentRound

    officer = UserFactory()
    RoleGrant.objects.create(
        user=officer, unit=Unit.objects.get(code="KR"), role=Role.REFORM_OFFICER
    )
    client.force_login(officer)
    round_ = AssessmentRound.objects.get(code="KR-XA-2021")
    page = client.get(f"/chi-so-cchc/dot/{round_.pk}/ket-qua/").content.decode()
    row = page[page.index('data-unit="KR-DR"') :]
    row = row[: row.index("</tr>")]
    assert "76,65" in row and "80,68" in row
    assert "Tổng điểm ghi trong tệp 78,15 khác tổng các phần 76,65" in row
