"""`cchc demo` rates a share of Phú Lộc's returned dossiers and of Thạnh Trị's 2024 ones,
runs a survey campaign at Phú Lộc and leaves feedback items answered and published, in
progress and overdue — the same rows every time for the same day."""

from datetime import date

import pytest

from cchc.catalog.demo import load_demo_catalog
from cchc.demo.loader import CALENDAR_YEARS
from cchc.dossiers.demo import load_demo_dossiers
from cchc.dossiers.models import Status
from cchc.reporting import periods, sources
from cchc.units.demo import load_demo_units
from cchc.units.models import Unit
from cchc.workcal.services import seed_year

from ..demo import load_demo_feedback
from ..models import Feedback, FeedbackStatus, Rating, Survey

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 15)


@pytest.fixture
def demo():
    """What the feedback demo builds on (units, calendar, catalogue, 1 % of the dossier
    history), then the feedback demo itself."""
    load_demo_units()
    for year in CALENDAR_YEARS:
        seed_year(year)
    load_demo_catalog()
    load_demo_dossiers(today=TODAY, scale=0.01)
    load_demo_feedback(today=TODAY)


def test_ratings_of_returned_dossiers(demo):
    """As Phú Lộc's and Thạnh Trị's reform officers we find ratings of returned dossiers,
    each after the return, with the system's indicators computed."""
    phu_loc = Rating.objects.filter(unit__code="CT-PHULOC")
    thanh_tri = Rating.objects.filter(unit__code="TT")
    assert phu_loc.exists() and thanh_tri.exists()
    assert not thanh_tri.exclude(returned_at__year=2024).exists()
    for rating in Rating.objects.select_related("dossier")[:50]:
        assert rating.dossier.status == Status.RETURNED
        assert rating.rated_at >= rating.returned_at and len(rating.computed) >= 5
    assert set(Rating.objects.values_list("source", flat=True)) <= {"kiosk", "link", "paper"}
    context = sources.SourceContext(Unit.objects.get(code="TT"), periods.window("2024", "cutoff"))
    rate = sources.compute("feedback.satisfaction_rate", context)
    assert rate.parts["rated"] > 0 and rate.value is not None


def test_survey_and_feedback_items(demo):
    """As cchc.phuloc I find a running campaign with online and paper forms, and feedback
    answered and published, in progress, overdue and new."""
    survey = Survey.objects.get(unit__code="CT-PHULOC")
    assert survey.starts_on <= TODAY <= survey.ends_on
    assert set(survey.responses.values_list("source", flat=True)) == {"online", "paper"}
    items = Feedback.objects.filter(unit__code="CT-PHULOC")
    assert items.filter(published_at__isnull=False).count() == 1
    assert items.filter(status=FeedbackStatus.ANSWERED).count() == 2
    open_items = items.exclude(status=FeedbackStatus.ANSWERED)
    assert open_items.filter(due_on__lt=TODAY).count() == 1
    assert open_items.filter(due_on__gte=TODAY).count() == 2
    answered = items.filter(status=FeedbackStatus.ANSWERED)
    assert all(i.answered_at.date() <= i.due_on for i in answered)


def test_loading_again_adds_nothing(demo):
    """As an evaluator running the loader again I get no duplicates."""
    before = (Rating.objects.count(), Feedback.objects.count(), Survey.objects.count())
    assert load_demo_feedback(today=TODAY) == 0
    assert (Rating.objects.count(), Feedback.objects.count(), Survey.objects.count()) == before
