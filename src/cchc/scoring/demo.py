"""Demo data of the reform index (loaded by `cchc demo`), everything through the services:

- the criteria sets, adapted from the sample sets shipped in `data/` (seed 002): Sóc Trăng's
  set for its districts and Thạnh Trị's set for its communes (2024), Cần Thơ's set for its
  post-2025 communes;
- the 2024 round of UBND tỉnh Sóc Trăng's Sở Nội vụ for UBND huyện Thạnh Trị and Thạnh Trị's
  own round for its ten communes, both published, with the district's responsibility
  report — so `cchc` reads results, ranking, heat map and the seed-002-style report;
- the current round of Cần Thơ's Sở Nội vụ for its communes, alive: Phú Lộc still
  self-assessing (the officer `cchc.phuloc` finds auto leaves pre-filled from its desk),
  Hưng Lợi submitted, Lâm Tân waiting to explain, Vĩnh Lợi final with its remediation tasks.

Manual leaves get deterministic points (a random generator seeded with the round and unit
codes); auto leaves take what the demo's dossiers and reports say.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from cchc.units.models import Unit, User
from cchc.workcal import services as workcal

from . import emulation_services as emulation
from . import services, sets
from .models import AppraisalDecision, AwardKind, Part, Score
from .services import AppraisalEntry, SelfEntry

SAMPLES = Path(__file__).parent / "data"
REASONS = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện.",
    "Báo cáo gửi trễ hạn so với quy định.",
    "Chưa hoàn thành 100% chỉ tiêu kế hoạch đề ra.",
    "Chưa có văn bản chỉ đạo, triển khai cụ thể trong năm đánh giá.",
]
SELF_NOTES = [
    "Đã thực hiện đầy đủ, có văn bản kèm theo.",
    "Thực hiện theo kế hoạch của UBND, có báo cáo kết quả.",
    "Một số nội dung chưa hoàn thành do điều kiện thực tế của địa phương.",
]


def _set(sample: str, code: str, name: str, year: int, decision: str, issuer: str):
    data = yaml.safe_load((SAMPLES / sample).read_text(encoding="utf-8"))
    data |= {"code": code, "name": name, "year": year, "decision_ref": decision}
    data["issuer"] = issuer
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return sets.import_set_bytes(text.encode("utf-8"), f"{code}.yaml")[0]


def _own_points(rng: random.Random, score: Score) -> tuple[Decimal, str]:
    leaf = score.criterion
    if score.auto_points is not None:
        return score.auto_points, ""
    top = leaf.max_points
    if rng.random() < 0.82:
        return top, rng.choice(SELF_NOTES[:2])
    if leaf.method in ("yes_no", "on_time", "threshold"):
        return Decimal(0), SELF_NOTES[2]
    share = Decimal(rng.randint(50, 90)) / 100
    return (top * share).quantize(Decimal("0.01")), SELF_NOTES[2]


def _self_assess(round_, participation, actor, *, partial: bool = False):
    rng = random.Random(f"{round_.code}:{participation.unit.code}")
    entries = {}
    scores = Score.objects.filter(participation=participation).select_related("criterion")
    for score in scores.order_by("criterion__sort_key"):
        if score.criterion.part != Part.SELF or not score.applicable:
            continue
        if partial and rng.random() < 0.6:
            continue
        points, note = _own_points(rng, score)
        entries[score.criterion.code] = SelfEntry(points, note)
    return services.save_self_assessment(actor, participation, entries)


def _appraise(round_, participation, appraiser):
    """Accept the unit's points, except two or three leaves the council lowers."""
    rng = random.Random(f"appraise:{round_.code}:{participation.unit.code}")
    entries = {}
    scores = Score.objects.filter(
        participation=participation, applicable=True, criterion__part=Part.SELF
    ).select_related("criterion")
    changed = 0
    for score in scores.order_by("criterion__sort_key"):
        lower = score.self_points and score.auto_points is None and rng.random() < 0.06
        if lower and changed < 3:
            changed += 1
            points = (score.self_points * Decimal("0.5")).quantize(Decimal("0.01"))
            entries[score.criterion.code] = AppraisalEntry(
                AppraisalDecision.CHANGE, points, rng.choice(REASONS)
            )
        else:
            entries[score.criterion.code] = AppraisalEntry(AppraisalDecision.ACCEPT)
    return services.appraise(appraiser, participation, entries)


def _through(round_, participation, actor, appraiser, *, to: str):
    """Drive one unit's sheet to `to`: submitted, appraised, explained or final."""
    participation = _self_assess(round_, participation, actor)
    participation = services.submit_self_assessment(actor, participation)
    if to == "submitted":
        return participation
    participation = _appraise(round_, participation, appraiser)
    participation = services.send_appraisal(appraiser, participation)
    if to == "appraised":
        return participation
    return services.finalise(appraiser, participation)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _sheets(round_):
    return {p.unit.code: p for p in round_.participations.select_related("unit")}


def load_demo_scoring(today: date | None = None) -> None:
    today = today or timezone.localdate()
    units = {u.code: u for u in Unit.objects.all()}
    district_set = _set(
        "seed002_district_set.yaml",
        "ST-HUYEN-2024",
        "Bộ tiêu chí xác định Chỉ số CCHC của UBND các huyện, thị xã, thành phố tỉnh Sóc Trăng",
        2024,
        "2345/QĐ-UBND ngày 15/11/2024",
        "ST",
    )
    commune_set = _set(
        "seed002_commune_set.yaml",
        "TT-XA-2024",
        "Bộ tiêu chí đánh giá công tác CCHC đối với UBND các xã, thị trấn huyện Thạnh Trị",
        2024,
        "412/QĐ-UBND ngày 20/11/2024",
        "TT",
    )
    cchc, thamdinh, quantri = _user("cchc"), _user("thamdinh"), _user("quantri")
    communes = [u for u in units.values() if u.parent_id == units["TT"].pk and u.kind == "commune"]

    # 2023, Thạnh Trị's communes: last year's ranking, for the changes shown in 2024.
    earlier = services.open_round(
        None,
        code="TT-XA-2023",
        name="Đánh giá công tác CCHC năm 2023 của UBND các xã, thị trấn",
        criteria_set=_set(
            "seed002_commune_set.yaml",
            "TT-XA-2023",
            "Bộ tiêu chí đánh giá công tác CCHC đối với UBND các xã, thị trấn huyện Thạnh Trị",
            2023,
            "398/QĐ-UBND ngày 17/11/2023",
            "TT",
        ),
        organiser=units["TT"],
        units=communes,
        year=2023,
        opens_on=date(2024, 1, 8),
        self_due_on=date(2024, 1, 22),
    )
    for participation in _sheets(earlier).values():
        _through(earlier, participation, None, quantri, to="final")
    services.publish(cchc, earlier)

    # 2024, Sóc Trăng: the district round and the district's commune round, published.
    district_round = services.open_round(
        None,
        code="ST-HUYEN-2024",
        name="Đánh giá, xác định Chỉ số CCHC năm 2024 của UBND các huyện",
        criteria_set=district_set,
        organiser=units["ST-SNV"],
        units=[units["TT"]],
        year=2024,
        opens_on=date(2025, 1, 6),
        self_due_on=date(2025, 1, 24),
        appraisal_due_on=date(2025, 2, 28),
    )
    tt = _sheets(district_round)["TT"]
    _through(district_round, tt, cchc, thamdinh, to="final")
    services.publish(thamdinh, district_round)

    commune_round = services.open_round(
        None,
        code="TT-XA-2024",
        name="Đánh giá công tác CCHC năm 2024 của UBND các xã, thị trấn",
        criteria_set=commune_set,
        organiser=units["TT"],
        units=communes,
        year=2024,
        opens_on=date(2025, 1, 6),
        self_due_on=date(2025, 1, 20),
        appraisal_due_on=date(2025, 2, 14),
    )
    for participation in _sheets(commune_round).values():
        _through(commune_round, participation, None, quantri, to="final")
    services.publish(cchc, commune_round)
    services.save_analysis(
        cchc,
        tt,
        fields={
            "number": "58/BC-UBND",
            "place": "Thạnh Trị",
            "issued_on": date(2025, 3, 14),
            "remediation_due_on": date(2025, 4, 15),
            "signer_name": "Phạm Minh Tuấn",
            "subordinate_round": commune_round,
        },
    )

    _movement(cchc, units["TT"], commune_round)

    # Now, Cần Thơ: the round of the year, alive.
    year = today.year if today.month >= 7 else today.year - 1
    opens_on = today - timedelta(days=14)
    ct_set = _set(
        "seed002_commune_set.yaml",
        f"CT-XA-{year}",
        "Bộ tiêu chí đánh giá công tác CCHC đối với UBND xã, phường thành phố Cần Thơ",
        year,
        f"156/QĐ-UBND ngày 05/11/{year}",
        "CT",
    )
    ct_round = services.open_round(
        None,
        code=f"CT-XA-{year}",
        name=f"Đánh giá công tác CCHC năm {year} của UBND các xã, phường",
        criteria_set=ct_set,
        organiser=units["CT-SNV"],
        units=[units[c] for c in ("CT-PHULOC", "CT-HUNGLOI", "CT-LAMTAN", "CT-VINHLOI")],
        year=year,
        opens_on=opens_on,
        self_due_on=workcal.due_date(today, "5d", units["CT"]),
    )
    sheets = _sheets(ct_round)
    _self_assess(ct_round, sheets["CT-PHULOC"], _user("cchc.phuloc"), partial=True)
    _through(ct_round, sheets["CT-HUNGLOI"], None, quantri, to="submitted")
    _through(ct_round, sheets["CT-LAMTAN"], None, quantri, to="appraised")
    final = _through(ct_round, sheets["CT-VINHLOI"], None, quantri, to="final")
    services.create_remediation_tasks(None, final, workcal.due_date(today, "30d", units["CT"]))


def _movement(officer, district: Unit, index_round) -> None:
    """Thạnh Trị's 2024 emulation movement: its communes in two clusters, scored on the
    reform index, on dossiers resolved on time and on initiatives; an award and the 6-month
    report (seed 004's outline)."""
    movement = emulation.create_movement(
        officer,
        district,
        {
            "name": "Phong trào thi đua cải cách hành chính năm 2024",
            "plan_number": "30/KH-UBND",
            "plan_date": date(2024, 2, 28),
            "year": 2024,
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2024, 12, 31),
            "goals": "Nâng cao Chỉ số CCHC của huyện và của các xã, thị trấn.",
        },
    )
    communes = list(district.children.filter(kind="commune").order_by("path"))
    for number, unit in enumerate(communes):
        emulation.add_participant(
            officer,
            movement,
            unit,
            {
                "cluster": "Cụm thi đua số 1" if number % 2 == 0 else "Cụm thi đua số 2",
                "registered_on": date(2024, 3, 8),
                "pledge_signed_on": date(2024, 3, 15),
            },
        )
    for order, (code, name, top, source) in enumerate(
        [
            ("1", "Kết quả Chỉ số CCHC năm 2024", "60", f"index:{index_round.code}"),
            ("2", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "20", "dossiers.on_time_rate?scope=self"),
            ("3", "Sáng kiến, mô hình cải cách hành chính", "20", ""),
        ],
        start=1,
    ):
        emulation.add_criterion(
            officer,
            movement,
            {
                "code": code,
                "name": name,
                "max_points": Decimal(top),
                "order": order,
                "source": source,
            },
        )
    manual = movement.criteria.get(code="3")
    rng = random.Random(f"movement:{movement.year}")
    emulation.enter_points(
        officer,
        movement,
        {
            (p.pk, manual.pk): (Decimal(rng.choice(["20", "15", "12", "10"])), "")
            for p in movement.participants.all()
        },
    )
    best = movement.participants.order_by("unit__path").first()
    emulation.record_award(
        officer,
        movement,
        {
            "kind": AwardKind.CERTIFICATE,
            "participant": best,
            "decision_ref": "Quyết định số 25/QĐ-UBND ngày 20/01/2025 của UBND huyện",
            "awarded_on": date(2025, 1, 20),
            "reason": "Có thành tích xuất sắc trong phong trào thi đua cải cách hành chính",
        },
    )
    texts = emulation.default_texts(movement, "H1")
    emulation.save_report(
        officer,
        movement,
        "H1",
        texts
        | {
            "number": "138",
            "place": "Thạnh Trị",
            "issued_on": date(2024, 6, 21),
            "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_position": "CHỦ TỊCH",
            "signer_name": "Phạm Minh Tuấn",
        },
    )
