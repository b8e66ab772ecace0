"""The default picture guide and the "where to go" rules (pure functions of guides.py)."""

from hypothesis import given
from hypothesis import strategies as st

from cchc.dossiers.receiving import levels_received

from ..guides import (
    Facts,
    default_steps,
    desk_name,
    fee_text,
    generic_desk,
    join_choices,
    ways_to_submit,
    written_steps,
)

DESK = "Bộ phận Một cửa – UBND xã Phú Lộc"


def facts(**changes) -> Facts:
    base = {
        "online_mode": "none",
        "postal": False,
        "fee": None,
        "time_label": "3 ngày làm việc",
        "desk": DESK,
        "mandatory_papers": 2,
    }
    base.update(changes)
    return Facts(**base)


def titles(steps) -> list[str]:
    return [step.title for step in steps]


def test_fee_in_dong_or_free():
    """As a citizen I read "50.000 đồng" or "Không thu phí"."""
    assert fee_text(50000) == "50.000 đồng"
    assert fee_text(1200000) == "1.200.000 đồng"
    assert fee_text(None) == fee_text(0) == "Không thu phí"


@given(st.integers(min_value=1, max_value=10**12))
def test_every_fee_is_written_with_dot_groups(fee):
    """As a citizen every fee reads as whole đồng with dots between thousands."""
    text = fee_text(fee)
    assert text.endswith(" đồng")
    assert int(text.removesuffix(" đồng").replace(".", "")) == fee


def test_counter_only_procedure_sends_the_citizen_to_the_desk():
    """As a citizen of a procedure not offered online I am told to bring my papers to the
    desk, what it costs, how long it takes and how the result comes back."""
    steps = default_steps(facts(fee=75000, time_label="15 ngày làm việc"))
    assert titles(steps) == [
        "Chuẩn bị giấy tờ",
        "Đến nộp trực tiếp",
        "Nộp lệ phí",
        "Chờ giải quyết",
        "Nhận kết quả",
    ]
    assert [step.icon for step in steps] == ["papers", "desk", "money", "clock", "result"]
    assert steps[1].text == f"Mang giấy tờ đến {DESK}."
    assert steps[2].text == "75.000 đồng."
    assert steps[3].text.startswith("Thời hạn giải quyết: 15 ngày làm việc, tính từ khi")
    assert steps[4].text == "Nhận kết quả tại nơi nộp hồ sơ."


def test_fully_online_procedure_puts_online_first_and_offers_every_way_back():
    """As a citizen of a fully online procedure I see "submit online" before the desk, the
    blank form step, the post, and all the ways the result comes back."""
    steps = default_steps(facts(online_mode="full", postal=True, blank_forms=1))
    assert titles(steps) == [
        "Chuẩn bị giấy tờ",
        "Tải mẫu tờ khai",
        "Nộp trực tuyến",
        "Hoặc nộp trực tiếp",
        "Hoặc gửi qua bưu điện",
        "Không mất tiền",
        "Chờ giải quyết",
        "Nhận kết quả",
    ]
    assert steps[-1].text == (
        "Nhận kết quả tại nơi nộp hồ sơ, qua bưu điện tận nhà hoặc bản điện tử trên cổng."
    )


def test_partly_online_procedure_says_a_visit_is_still_needed():
    """As a citizen of a partly online procedure I know I will still go to the desk once."""
    steps = default_steps(facts(online_mode="partial"))
    assert "Nộp trực tuyến" in titles(steps) and "Hoặc nộp trực tiếp" not in titles(steps)
    online = next(step for step in steps if step.title == "Nộp trực tuyến")
    assert f"vẫn phải đến {DESK}" in online.text


def test_same_day_time_and_unknown_lists_read_naturally():
    """As a citizen I read "Thời hạn giải quyết: trong ngày (…)"; without a declared list or
    time the guide points to the desk and the appointment slip."""
    same_day = default_steps(
        facts(time_label="Trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)")
    )
    assert "Thời hạn giải quyết: trong ngày (nhận sau 15 giờ" in same_day[-2].text
    unknown = default_steps(facts(mandatory_papers=0, time_label=""))
    assert "hỏi cán bộ Một cửa" in unknown[0].text
    assert unknown[-2].text.startswith("Ngày trả kết quả ghi trên giấy hẹn")


def test_written_steps_keep_their_words_and_known_pictures():
    """As the portal I show a written guide as written; an unknown picture becomes "info"."""
    steps = written_steps(
        [{"title": "Đến xã", "text": "Mang căn cước.", "icon": "desk"}, {"title": "Xong"}],
        icons=["desk", "info"],
    )
    assert [(s.title, s.text, s.icon) for s in steps] == [
        ("Đến xã", "Mang căn cước.", "desk"),
        ("Xong", "", "info"),
    ]


def test_levels_a_unit_receives():
    """As a citizen choosing "my commune", the list shows what its desk receives: since
    01/07/2025 a commune under the province also takes the former district procedures."""
    assert levels_received("commune", "district") == ("commune",)
    assert levels_received("commune", "province") == ("commune", "district")
    assert levels_received("district", "province") == ("district",)
    assert levels_received("province", None) == ("province",)
    assert levels_received("service_centre", "province") == ("province",)
    assert levels_received("department", "district") == ("district",)
    assert levels_received("department", "province") == ("province",)


def test_desk_names_and_general_phrases():
    """As a citizen I read where to go: the chosen unit's desk, or a general phrase."""
    assert desk_name("UBND xã Phú Lộc", "commune", "Bộ phận Một cửa") == DESK
    assert desk_name("UBND xã Phú Lộc", "commune", None) == DESK
    assert desk_name("Trung tâm PVHCC", "service_centre", None) == "Trung tâm PVHCC"
    assert generic_desk(["commune", "commune"]) == (
        "Bộ phận Một cửa của UBND xã, phường nơi bạn cư trú"
    )
    assert generic_desk(["service_centre", "department"]) == "Trung tâm Phục vụ hành chính công"
    assert generic_desk([]) == "Bộ phận Một cửa của cơ quan giải quyết thủ tục"
    assert ways_to_submit("full", True) == [
        "Nộp trực tuyến toàn trình",
        "Nộp trực tiếp",
        "Qua bưu chính công ích",
    ]
    assert join_choices(["a", "b", "c"]) == "a, b hoặc c"
