"""Survey campaigns: a questionnaire of a unit over a period (satisfaction, informal costs),
answered online through its link while it runs or entered from paper, with results per
answer and the satisfied share; the questionnaire is frozen once answered."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cchc.reporting import periods

from .. import queries, services
from ..models import QuestionKind, SurveyResponse

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 2), date(2026, 3, 31)


@pytest.fixture
def survey(world):
    return services.create_survey(
        world.reform,
        world.commune,
        title="Khảo sát chi phí không chính thức quý I/2026",
        starts_on=START,
        ends_on=END,
        template="informal_costs",
    )


def answers(survey, *values):
    return {q.pk: v for q, v in zip(survey.questions.all(), values, strict=False)}


def test_a_campaign_from_a_template(world, survey):
    """As the commune's reform officer I create the informal-costs campaign and find its
    three questions; another commune's officer or the desk officer cannot create one."""
    kinds = list(survey.questions.values_list("kind", "required"))
    assert kinds == [("choice", True), ("choice", False), ("satisfaction", True)]
    for intruder in (world.other_reform, world.desk):
        with pytest.raises(PermissionDenied):
            services.create_survey(intruder, world.commune, title="X", starts_on=START, ends_on=END)
    with pytest.raises(services.FeedbackRefused) as caught:
        services.create_survey(world.reform, world.commune, title=" ", starts_on=END, ends_on=START)
    assert set(caught.value.message_dict) == {"title", "ends_on"}


def test_questions_can_change_until_the_first_answer(world, survey):
    """As the reform officer I add a free-text question; after the first answer the
    questionnaire is frozen (adding or removing is refused)."""
    question = services.add_question(
        world.reform, survey, text="Góp ý khác", kind=QuestionKind.TEXT, required=False
    )
    assert question.order == 4
    survey.refresh_from_db()
    with pytest.raises(services.FeedbackConflict):
        services.add_question(
            world.reform, survey, text="Cũ", kind=QuestionKind.TEXT, expected_revision=0
        )
    with pytest.raises(services.FeedbackRefused, match="ít nhất 2 phương án"):
        services.add_question(
            world.reform, survey, text="Chọn", kind=QuestionKind.CHOICE, options=["Một"]
        )
    survey.refresh_from_db()
    services.answer_survey(survey.token, answers(survey, 0, "", 2), today=date(2026, 3, 5))
    survey.refresh_from_db()
    with pytest.raises(services.FeedbackRefused, match="đã có phiếu"):
        services.remove_question(world.reform, survey, question)
    assert survey.questions.count() == 4


def test_online_answers_only_while_the_campaign_runs(survey):
    """As a citizen following the campaign's link I answer during the campaign; before or
    after it my answer is refused; a required question must be answered."""
    with pytest.raises(services.FeedbackRefused, match="hiện không nhận"):
        services.answer_survey(survey.token, answers(survey, 0, "", 2), today=date(2026, 4, 1))
    with pytest.raises(services.FeedbackRefused) as caught:
        services.answer_survey(survey.token, answers(survey, "", "", 2), today=START)
    assert list(caught.value.message_dict) == [f"q{survey.questions.first().pk}"]
    with pytest.raises(services.FeedbackRefused, match="không hợp lệ"):
        services.answer_survey(survey.token, answers(survey, 5, "", 2), today=START)
    response = services.answer_survey(survey.token, answers(survey, 0, "", 2), today=START)
    assert (response.source, response.answered_on) == ("online", START)
    assert SurveyResponse.objects.count() == 1


def test_paper_answers_need_a_date_in_the_campaign(world, survey):
    """As the desk officer I enter paper forms dated within the campaign and not in the
    future; an officer of another commune cannot."""
    with pytest.raises(PermissionDenied):
        services.record_paper_response(
            world.outsider, survey, answers(survey, 0, "", 2), answered_on=START
        )
    with pytest.raises(services.FeedbackRefused, match="trong thời gian khảo sát"):
        services.record_paper_response(
            world.desk, survey, answers(survey, 0, "", 2), answered_on=date(2026, 2, 27)
        )
    with pytest.raises(services.FeedbackRefused, match="không được sau hôm nay"):
        services.record_paper_response(
            world.desk, survey, answers(survey, 0, "", 2), answered_on=END, today=START
        )
    response = services.record_paper_response(
        world.desk, survey, answers(survey, 0, "", 2), answered_on=START, today=END
    )
    assert (response.source, response.recorded_by) == ("paper", world.desk)


def test_results_count_each_answer_and_the_satisfied_share(world, survey):
    """As the reform officer I read, for 10 forms: 9 "Không" and 1 "Có" informal costs, and
    8 of 10 satisfied (80%); the first week alone has its own figures."""
    given = [(0, "", 2)] * 5 + [(0, "", 1)] * 3 + [(0, "", 0), (1, 1, 0)]
    for n, values in enumerate(given):
        day = date(2026, 3, 2 + n)
        if n % 2:
            services.answer_survey(survey.token, answers(survey, *values), today=day)
        else:
            services.record_paper_response(
                world.desk, survey, answers(survey, *values), answered_on=day, today=END
            )
    results = queries.survey_results(survey)
    assert (results.responses, results.online, results.paper) == (10, 5, 5)
    assert (results.rated, results.satisfied, results.satisfied_rate) == (10, 8, Decimal(80))
    costs, source, satisfaction = results.questions
    assert [(o.label, o.count) for o in costs.options] == [("Không", 9), ("Có", 1)]
    assert costs.options[1].share == Decimal(10)
    assert source.answered == 1 and source.options[1].count == 1
    assert [o.count for o in satisfaction.options] == [5, 3, 2]  # 2, 1, 0
    assert satisfaction.satisfied_rate == Decimal(80)
    week = queries.survey_results(survey, START, date(2026, 3, 8))
    assert (week.responses, week.satisfied) == (7, 7)
    window = periods.window("2026-03-01..2026-03-05")
    assert queries.response_counts(queries.responses_in([world.commune.pk], window)) == (4, 4, 4)
