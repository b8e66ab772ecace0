"""Applying a review that cuts the processing time (rà soát, đơn giản hóa TTHC)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ..models import Review, ReviewKind, ReviewStatus
from ..services import apply_review, create_review
from .factories import ProcedureFactory, ReviewFactory


@pytest.mark.django_db
def test_applying_a_time_cut_adds_a_version_from_the_applied_date(reform_officer):
    """As a reform officer, when the 3 → 2 working-day cut of "Đăng ký nhận cha, mẹ, con" is
    applied on 01/07/2021, dossiers from that day get 2 days and earlier ones keep 3."""
    procedure = ProcedureFactory(
        name="Đăng ký nhận cha, mẹ, con", processing_time="3d", published_on=date(2020, 6, 29)
    )
    review = create_review(
        reform_officer,
        procedure,
        year=2021,
        kind=ReviewKind.CUT_TIME,
        plan_ref="Kế hoạch số 07/KH-UBND ngày 22/01/2021",
        new_processing_time="2d",
        proposed_on=date(2021, 1, 22),
    )
    assert review.old_processing_time == "3d"  # taken from the version in force
    apply_review(reform_officer, review, date(2021, 7, 1))
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPLIED
    assert review.created_version.effective_from == date(2021, 7, 1)
    assert "Kế hoạch số 07/KH-UBND" in review.created_version.legal_basis
    assert procedure.versions.count() == 2
    assert procedure.processing_time_on(date(2021, 6, 30)) == "3d"
    assert procedure.processing_time_on(date(2021, 7, 1)) == "2d"
    with pytest.raises(ValidationError, match="đã được áp dụng"):
        apply_review(reform_officer, review, date(2021, 8, 1))


@pytest.mark.django_db
def test_a_time_cut_needs_the_new_time(reform_officer):
    """As a reform officer, a time-cut proposal without the proposed time is refused."""
    with pytest.raises(ValidationError) as refused:
        create_review(reform_officer, ProcedureFactory(), year=2023, kind=ReviewKind.CUT_TIME)
    assert "new_processing_time" in refused.value.error_dict


@pytest.mark.django_db
def test_review_list_shows_the_seed_example_and_applies_from_the_page(client, reform_officer):
    """As a reform officer, the review list shows the plan, the old and new times, and lets me
    apply a proposal with its date."""
    review = ReviewFactory(procedure__name="Đăng ký nhận cha, mẹ, con")
    client.force_login(reform_officer)
    page = client.get(reverse("review-list")).content.decode()
    assert "Đăng ký nhận cha, mẹ, con" in page
    assert "Kế hoạch số 07/KH-UBND ngày 22/01/2021" in page
    assert "3 ngày làm việc" in page and "2 ngày làm việc" in page
    response = client.post(reverse("review-apply", args=[review.pk]), {"applied_on": "2021-07-01"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPLIED
    assert review.procedure.processing_time_on(date(2021, 7, 1)) == "2d"


@pytest.mark.django_db
def test_review_can_be_proposed_from_the_form(client, reform_officer):
    """As a reform officer, I record a proposal on a form; errors are shown next to fields."""
    procedure = ProcedureFactory(processing_time="5d")
    client.force_login(reform_officer)
    url = reverse("review-create")
    response = client.post(
        url,
        {"procedure": procedure.pk, "year": 2024, "kind": "cut_time", "new_processing_time": "bốn"},
    )
    assert response.status_code == 400
    assert "Thời hạn &#x27;bốn&#x27; không hợp lệ" in response.content.decode()
    response = client.post(
        url,
        {"procedure": procedure.pk, "year": 2024, "kind": "cut_time", "new_processing_time": "4d"},
    )
    assert response.status_code == 302
    assert Review.objects.get().old_processing_time == "5d"
