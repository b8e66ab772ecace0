"""The pure rules of the evaluation (dossiers.md §7): what the records decide of the nine
indicators, totals, the grade bands held as data and the satisfaction rate — tested without
a database."""

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import access, grades, indicators
from ..indicators import DossierFacts, StepFacts, UnitFacts

MON = datetime(2026, 3, 2, 8, 0)
DUE = datetime(2026, 3, 5, 8, 0)  # Thursday


def facts(finish=MON, due=DUE, **extra) -> DossierFacts:
    return DossierFacts(finished_at=finish, due_at=due, **extra)


def test_total_time_is_classified_like_the_statistics():
    """As a citizen I see the system score indicator 1 from the dossier's times: finished
    before the due day 2, on the due day 1, after it 0 (day granularity)."""
    assert indicators.total_time(facts(MON)) == 2
    assert indicators.total_time(facts(datetime(2026, 3, 5, 16, 0))) == 1  # later that day
    assert indicators.total_time(facts(datetime(2026, 3, 6, 8, 0))) == 0
    strict = facts(datetime(2026, 3, 5, 16, 0), strict=True)
    assert indicators.total_time(strict) == 0  # strict timing: late after the due time
    assert indicators.total_time(facts(due=None)) is None


def test_each_unit_is_as_late_as_its_latest_step():
    """As the one-stop desk I see indicator 2 from every unit's steps against their budgets:
    all early 2, none late 1, one unit late 0; without steps the total time stands in."""
    early = StepFacts(1, "early")
    assert indicators.unit_times(facts(steps=(early, StepFacts(2, "early")))) == 2
    assert indicators.unit_times(facts(steps=(early, StepFacts(1, "on_time")))) == 1
    partner_late = (early, StepFacts(2, "late"), StepFacts(2, "early"))
    assert indicators.unit_times(facts(steps=partner_late)) == 0
    assert indicators.unit_times(facts(steps=(StepFacts(1, ""),))) == 2  # unfinished: total


def test_contacts_and_agencies():
    """As a citizen I am not asked what the records know: no supplement 2, one 1, more 0;
    online both ways 2, only the desk 1."""
    assert [indicators.contacts(facts(contacts=n)) for n in (0, 1, 2)] == [2, 1, 0]
    assert indicators.agencies(facts(in_person=False)) == 2
    assert indicators.agencies(facts(in_person=True)) == 1


def test_attitude_needs_time_and_no_complaint():
    """As a citizen whose complaint about staff stands, indicator 7 is 0 whatever the time."""
    assert indicators.attitude(facts()) == 2
    assert indicators.attitude(facts(datetime(2026, 3, 5, 9, 0))) == 1
    assert indicators.attitude(facts(complaint=True)) == 0
    assert indicators.attitude(facts(datetime(2026, 3, 9, 9, 0))) == 0  # late


def test_unit_level_indicators_only_where_the_data_allow():
    """As a reform officer I see 5, 6, 8, 9 computed only when the catalogue and the unit's
    figures decide them; otherwise the citizen answers."""
    unknown = UnitFacts()
    assert indicators.desk(unknown) is None
    assert indicators.publication(unknown) is None
    assert indicators.online(unknown) is None
    assert indicators.feedback_handling(unknown) == 2  # no feedback item due: 2
    commune = UnitFacts(level="commune", desk_share=1.0)
    assert indicators.desk(commune) == 2
    assert indicators.desk(UnitFacts(level="commune", desk_share=0.9)) == 1
    assert indicators.desk(UnitFacts(level="district", desk_share=0.5)) == 2
    assert indicators.publication(UnitFacts(procedure_published=False)) == 0
    assert indicators.publication(UnitFacts(procedure_published=True)) is None
    assert indicators.feedback_handling(UnitFacts(feedback_due=10, feedback_on_time=9)) == 1
    assert indicators.feedback_handling(UnitFacts(feedback_due=10, feedback_on_time=8)) == 0
    online = UnitFacts(procedure_online=True, online_share=0.35)
    assert indicators.online(online) == 2
    assert indicators.online(UnitFacts(procedure_online=False, online_share=0.35)) == 1
    assert indicators.online(UnitFacts(procedure_online=True, online_share=0.2)) == 1
    assert indicators.online(UnitFacts(procedure_online=True, online_share=0.1)) == 0
    late = UnitFacts(procedure_online=True, online_share=0.5, late_online=1)
    assert indicators.online(late) == 0


def test_the_applicant_answers_only_what_is_unknown():
    """As a citizen I answer the indicators the records do not decide; my answer to a known
    one is ignored and a missing answer is refused in Vietnamese."""
    known = {1: 2, 2: 1, 3: 2, 4: 1, 7: 2, 8: 2}
    assert [i.number for i in indicators.asked(known)] == [5, 6, 9]
    scores = indicators.merge(known, {1: 0, 5: 2, 6: 1, 9: 0})
    assert scores == {1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1, 7: 2, 8: 2, 9: 0}
    assert indicators.total(scores) == 13
    with pytest.raises(ValueError, match="tiêu chí 6"):
        indicators.merge(known, {5: 2, 9: 1})
    with pytest.raises(ValueError, match="tiêu chí 5"):
        indicators.merge(known, {5: 3, 6: 1, 9: 1})


def test_default_grade_bands():
    """As a reform officer I read the default bands: Xuất sắc ≥ 15, Tốt 12–<15, Khá 9–<12,
    Trung bình 6–<9, Yếu < 6."""
    cases = {18: "Xuất sắc", 15: "Xuất sắc", Decimal("14.99"): "Tốt", 12: "Tốt", 11.5: "Khá"}
    cases |= {9: "Khá", Decimal("8.99"): "Trung bình", 6: "Trung bình", 5.99: "Yếu", 0: "Yếu"}
    for score, label in cases.items():
        assert grades.grade(score) == label, score
    assert grades.grade(None) == ""
    assert grades.problems(grades.DEFAULT_BANDS) == []


def test_bands_are_data_and_checked():
    """As an administrator I can change the bands; a set that leaves scores ungraded is
    named for what is wrong."""
    two = (grades.Band("Đạt", Decimal(10)), grades.Band("Chưa đạt", Decimal(0)))
    assert grades.grade(Decimal("9.99"), two) == "Chưa đạt"
    assert grades.grade(10, two) == "Đạt"
    assert "Mức thấp nhất phải bắt đầu từ 0 điểm." in grades.problems(two[:1])
    clash = (grades.Band("A", Decimal(5)), grades.Band("B", Decimal(5)), grades.Band("C", 0))
    assert "Hai mức xếp loại không được có cùng điểm tối thiểu." in grades.problems(clash)


@given(st.lists(st.integers(min_value=0, max_value=18), min_size=1, max_size=60))
def test_the_average_is_graded_into_exactly_one_band(totals):
    """Every average of totals 0–18 falls in one default band, the right one."""
    average = grades.average(sum(totals), len(totals))
    label = grades.grade(average)
    holding = [
        b.label
        for b, upper in zip(
            grades.DEFAULT_BANDS, (None, *[b.minimum for b in grades.DEFAULT_BANDS]), strict=False
        )
        if average >= b.minimum and (upper is None or average < upper)
    ]
    assert holding == [label]
    assert Decimal(0) <= average <= Decimal(18)


@given(st.lists(st.tuples(st.sampled_from([0, 1, 2]), st.sampled_from([0, 1, 2])), max_size=40))
def test_satisfaction_rate_counts_forms_with_no_unhappy_answer(forms):
    """The rate is the share of forms whose two answers are both satisfied or very satisfied."""
    satisfied = sum(1 for pair in forms if grades.is_satisfied(pair))
    rate = grades.rate(satisfied, len(forms))
    if not forms:
        assert rate is None
    else:
        expected = Decimal(100 * sum(1 for a, b in forms if a and b)) / len(forms)
        assert abs(rate - expected) <= Decimal("0.005")
    assert grades.is_satisfied([None, None]) is None
    assert grades.rate(1130, 1130) == Decimal("100.00")
    assert grades.rate(2, 3) == Decimal("66.67")


def test_check_value_is_the_last_four_digits_of_phone_or_id():
    """As a citizen at the kiosk I type the last four digits of my phone or ID number."""
    assert access.check_matches("4567", "0901234567", "084190001234")
    assert access.check_matches("1234", "0901234567", "084190001234")
    assert not access.check_matches("4568", "0901234567", "084190001234")
    assert not access.check_matches("", "", "")
    assert not access.check_matches("567", "0901234567", "")  # three digits are not enough
    assert not access.check_matches("0000", "", "")  # no number on file: never matches


def test_feedback_codes_cannot_be_guessed_from_one_another():
    """As a sender I get a code like PA-260302-XXXXXXXX; two codes of the same day differ in
    their random part."""
    day = datetime(2026, 3, 2).date()
    codes = {access.new_feedback_code(day) for _ in range(50)}
    assert len(codes) == 50
    assert all(access.looks_like_feedback_code(c) and c.startswith("PA-260302-") for c in codes)
    assert access.normalise_code(" pa-260302-abcd efgh ") == "PA-260302-ABCDEFGH"
