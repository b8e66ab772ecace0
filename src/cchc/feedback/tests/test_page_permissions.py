"""Every staff page and action under /y-kien/ is unit-scoped: a user of another commune gets
404 (a record or unit they cannot see), a user without the role for it gets 403 — and a
refused action changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from cchc.dossiers.models import Status
from cchc.dossiers.tests.factories import user_with
from cchc.units.models import Role

from .. import services
from ..models import Feedback, FeedbackEvent, Rating, SurveyQuestion, SurveyResponse
from .factories import dossier_in, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world):
    world.appraiser = user_with([Role.APPRAISER], world.commune, username="thamdinh")
    world.dossier = dossier_in(world, Status.RETURNED)
    world.survey = services.create_survey(
        world.reform,
        world.commune,
        title="Khảo sát mức độ hài lòng",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        template="satisfaction",
    )
    world.item = item(world)
    return world


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def post(client, user, name, *args, **data):
    client.force_login(user)
    return client.post(reverse(name, args=args), data)


def test_results_pages(client, w):
    """As an officer of another commune I get 404 for this commune's results, surveys and
    statistics; as a specialist (no reading role) I get 403."""
    for name in ("rating-results", "survey-list", "feedback-stats", "feedback-inbox"):
        assert get(client, w.other_reform, name, don_vi=w.commune.pk).status_code == 404, name
        assert get(client, w.reform, name, don_vi=w.commune.pk).status_code == 200, name
    for name in ("rating-results", "survey-list", "feedback-stats"):
        assert get(client, w.specialist, name).status_code == 403, name
    assert get(client, w.appraiser, "feedback-inbox").status_code == 403
    assert get(client, w.appraiser, "feedback-home").status_code == 403
    assert get(client, w.reform, "feedback-home").status_code == 200


def test_paper_rating_pages(client, w):
    """As the desk officer of another commune I cannot find this commune's dossier (404); as
    its reform officer I have no desk role (403)."""
    assert get(client, w.outsider, "rating-paper", ma=w.dossier.code).status_code == 404
    assert get(client, w.outsider, "rating-paper-form", w.dossier.pk).status_code == 404
    assert get(client, w.reform, "rating-paper").status_code == 403
    assert get(client, w.reform, "rating-paper-form", w.dossier.pk).status_code == 403
    answers = {"i6": "2", "staff_satisfaction": "2", "result_satisfaction": "2"}
    assert post(client, w.outsider, "rating-paper-form", w.dossier.pk, **answers).status_code == 404
    assert post(client, w.reform, "rating-paper-form", w.dossier.pk, **answers).status_code == 403
    assert not Rating.objects.exists()
    found = get(client, w.desk, "rating-paper", ma=w.dossier.code.lower())
    assert found.status_code == 302 and found["Location"].endswith(f"/{w.dossier.pk}/")


def test_survey_pages(client, w):
    """As another commune's reform officer the campaign is 404 on every page; the desk
    officer may enter paper forms but not change the questions (403); an office head reads
    the results but does not enter forms (403)."""
    pk = w.survey.pk
    question = w.survey.questions.first().pk
    for name in ("survey-detail", "survey-paper"):
        assert get(client, w.other_reform, name, pk).status_code == 404, name
    assert get(client, w.other_reform, "survey-create", don_vi=w.commune.pk).status_code == 404
    assert get(client, w.desk, "survey-create", don_vi=w.commune.pk).status_code == 403
    assert get(client, w.specialist, "survey-detail", pk).status_code == 403
    assert get(client, w.head, "survey-paper", pk).status_code == 403
    assert get(client, w.desk, "survey-paper", pk).status_code == 200
    add = {"text": "Góp ý", "kind": "text", "revision": "0"}
    assert post(client, w.other_reform, "survey-question-add", pk, **add).status_code == 404
    assert post(client, w.desk, "survey-question-add", pk, **add).status_code == 403
    remove = ("survey-question-remove", pk, question)
    assert post(client, w.other_reform, *remove, revision="0").status_code == 404
    assert post(client, w.desk, *remove, revision="0").status_code == 403
    assert post(client, w.outsider, "survey-paper", pk, answered_on="2026-03-02").status_code == 404
    assert SurveyQuestion.objects.filter(survey=w.survey).count() == 6
    assert not SurveyResponse.objects.exists()


def test_feedback_pages_and_actions(client, w):
    """As another commune's officer I cannot see, route, answer or publish this commune's
    feedback (404); the desk officer records but does not route or publish, an office head
    without an office does not answer (403)."""
    pk = w.item.pk
    assert get(client, w.outsider, "feedback-detail", pk).status_code == 404
    assert get(client, w.head, "feedback-detail", pk).status_code == 403
    assert get(client, w.desk, "feedback-detail", pk).status_code == 200
    route = {"office": w.spec_office.pk, "content": "service", "revision": "0"}
    assert post(client, w.outsider, "feedback-route", pk, **route).status_code == 404
    assert post(client, w.desk, "feedback-route", pk, **route).status_code == 403
    answer = {"text": "Trả lời", "revision": "0"}
    assert post(client, w.other_reform, "feedback-answer", pk, **answer).status_code == 404
    assert post(client, w.desk, "feedback-answer", pk, **answer).status_code == 403
    publish = {"public_question": "Câu hỏi", "revision": "0"}
    assert post(client, w.other_reform, "feedback-publish", pk, **publish).status_code == 404
    assert post(client, w.desk, "feedback-publish", pk, **publish).status_code == 403
    new = {"unit": w.commune.pk, "channel": "phone", "content": "other", "subject": "S",
           "body": "B", "sender_name": "N"}  # fmt: skip
    assert post(client, w.other_reform, "feedback-create", **new).status_code == 404
    assert post(client, w.specialist, "feedback-create", **new).status_code == 403
    assert Feedback.objects.count() == 1 and FeedbackEvent.objects.count() == 1
    w.item.refresh_from_db()
    assert w.item.status == "received" and w.item.revision == 0
