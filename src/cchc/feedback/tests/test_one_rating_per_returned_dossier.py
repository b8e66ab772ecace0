"""A returned dossier is rated once — through its personal link, at the kiosk with its code
and check value, or from a paper form entered by the desk — never before it is returned; the
system's indicators are computed, the applicant's answers stored, the total derived."""

import pytest
from django.core.exceptions import PermissionDenied

from cchc.dossiers.models import Status

from .. import services
from ..models import Rating, RatingInvitation, RatingSource
from .factories import dossier_in, later

pytestmark = pytest.mark.django_db

ANSWERS = dict(answers={6: 1}, staff_satisfaction=2, result_satisfaction=1, comment="Tốt")


def test_returning_a_dossier_creates_its_personal_link(
    world, settings, django_capture_on_commit_callbacks
):
    """As the portal's lookup page I get an absolute rating address once the dossier is
    returned, and none before."""
    settings.CCHC_PUBLIC_URL = "https://dichvucong.example.vn"
    resolved = dossier_in(world, Status.RESOLVED)
    assert services.rating_url(resolved) is None
    assert not RatingInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        from cchc.dossiers import services as dossiers

        returned = dossiers.return_result(world.desk, resolved, at=later(40))
    invitation = RatingInvitation.objects.get(dossier=returned)  # made by the event listener
    assert len(invitation.token) >= 32
    url = services.rating_url(returned)
    assert url == f"https://dichvucong.example.vn/dvc/y-kien/danh-gia/{invitation.token}/"
    assert services.rating_url(returned.pk) == url  # the same link every time


def test_rating_through_the_link_stores_answers_and_derives_the_total(world):
    """As a citizen I rate through my link: the system's eight scores and my answer about
    publication are stored, the total is their sum; the officers who received and returned
    the dossier are remembered."""
    d = dossier_in(world, Status.RETURNED)
    token = services.invite(d).token
    rating = services.rate_by_link(token, at=later(60), **ANSWERS)
    assert rating.source == RatingSource.LINK
    assert rating.scores == {1: 2, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 0}
    assert rating.total == 12 and rating.computed == [1, 2, 3, 4, 5, 7, 8, 9]
    assert (rating.staff_satisfaction, rating.result_satisfaction) == (2, 1)
    assert rating.unit == world.commune and rating.procedure == world.procedure
    assert rating.received_by == world.desk and rating.returned_by == world.all_roles


def test_a_dossier_cannot_be_rated_twice(world):
    """As a citizen who already rated, a second rating through the link, the kiosk or on
    paper is refused and the first one stays as it was."""
    d = dossier_in(world, Status.RETURNED)
    token = services.invite(d).token
    first = services.rate_by_link(token, at=later(60), **ANSWERS)
    with pytest.raises(services.FeedbackRefused, match="đã được đánh giá"):
        services.rate_by_link(token, at=later(70), **{**ANSWERS, "staff_satisfaction": 0})
    with pytest.raises(services.FeedbackRefused, match="đã được đánh giá"):
        services.kiosk_invitation(d.code, "4567")
    with pytest.raises(services.FeedbackRefused, match="đã được đánh giá"):
        services.record_paper_rating(world.desk, d, **ANSWERS)
    assert list(Rating.objects.values_list("pk", "staff_satisfaction")) == [(first.pk, 2)]


def test_a_dossier_not_returned_cannot_be_rated(world):
    """As a citizen whose result is not returned yet I cannot rate, at the kiosk or on paper."""
    d = dossier_in(world, Status.RESOLVED)
    with pytest.raises(services.FeedbackRefused, match="đã trả kết quả"):
        services.kiosk_invitation(d.code, "4567")
    with pytest.raises(services.FeedbackRefused, match="đã trả kết quả"):
        services.record_paper_rating(world.desk, d, **ANSWERS)
    assert services.invite(d) is None
    assert not Rating.objects.exists()


def test_the_kiosk_opens_the_form_with_the_code_and_check_value(world):
    """As a citizen at the desk I type my dossier code and the last four digits of my phone
    (or ID); a wrong code or a wrong check value gets the same refusal."""
    d = dossier_in(world, Status.RETURNED)
    assert services.kiosk_invitation(f" {d.code.lower()} ", "4567").dossier_id == d.pk
    assert services.kiosk_invitation(d.code, "1234").dossier_id == d.pk  # ID number's tail
    refusals = set()
    for code, check in ((d.code, "0000"), (d.code[:-1] + "9", "4567"), ("", "4567")):
        with pytest.raises(services.FeedbackRefused) as caught:
            services.kiosk_invitation(code, check)
        refusals.add(caught.value.messages[0])
    assert refusals == {services.WRONG_CODE_OR_CHECK}
    rating = services.rate_by_link(services.invite(d).token, at_kiosk=True, **ANSWERS)
    assert rating.source == RatingSource.KIOSK


def test_the_desk_enters_a_paper_form(world):
    """As the one-stop officer I enter a paper form of my commune's dossier; an officer of
    another commune or a specialist may not, and nothing is written."""
    d = dossier_in(world, Status.RETURNED)
    for intruder in (world.outsider, world.specialist, world.reform):
        with pytest.raises(PermissionDenied):
            services.record_paper_rating(intruder, d, **ANSWERS)
    assert not Rating.objects.exists()
    rating = services.record_paper_rating(world.desk, d, **ANSWERS)
    assert (rating.source, rating.recorded_by) == (RatingSource.PAPER, world.desk)


def test_missing_answers_are_refused_and_nothing_is_written(world):
    """As a citizen who skipped a question I am told which one, in Vietnamese."""
    d = dossier_in(world, Status.RETURNED)
    token = services.invite(d).token
    with pytest.raises(services.FeedbackRefused) as caught:
        services.rate_by_link(token, answers={}, staff_satisfaction=None, result_satisfaction=3)
    errors = caught.value.message_dict
    assert errors["answers"] == ["Vui lòng chọn câu trả lời cho tiêu chí 6."]
    assert errors["staff_satisfaction"] == ["Vui lòng chọn mức độ hài lòng."]
    assert "result_satisfaction" in errors
    assert not Rating.objects.exists()
    with pytest.raises(services.FeedbackRefused, match="không đúng"):
        services.rate_by_link("khong-co", **ANSWERS)
