"""As a citizen whose form sat open too long I am told in Vietnamese why it was not sent and
what to do; nothing is written."""

import pytest
from django.test import Client

from cchc.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def test_a_post_without_its_csrf_token_gets_a_vietnamese_page():
    """The public petition form posted without the page's token: 403 and the way out."""
    answer = Client(enforce_csrf_checks=True).post(
        "/dvc/y-kien/", {"subject": "Giờ làm việc", "body": "Đề nghị mở cửa thứ Bảy."}
    )
    assert answer.status_code == 403
    text = answer.content.decode()
    assert "Không gửi được biểu mẫu" in text and "tải lại trang" in text
    assert not Feedback.objects.exists()


def test_the_health_endpoint_answers_without_the_database(django_assert_num_queries, client):
    """As the load balancer I get "ok" and the database is not touched."""
    with django_assert_num_queries(0):
        answer = client.get("/suc-khoe/")
    assert answer.status_code == 200 and answer.content == b"ok"
