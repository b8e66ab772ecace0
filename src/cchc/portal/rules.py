"""Pure rules of the public lookup and submission (no Django imports; tested directly).

- `initials`: the only trace of the applicant's name a public page shows ("N. T. L.").
- `check_value_matches`: the last 4 digits of the phone number or the ID number, compared in
  constant time, both candidates always compared (no early exit).
- `parse_key`: what the citizen typed in the lookup box: an online application's reference
  ("DVC-XXXX-XXXX-XXXX", dashes and case optional) or a dossier code.
- `new_reference`: 12 random characters of a 32-letter alphabet without 0/O/1/I (60 bits).
- `parse_rate`: "20/600" = 20 requests per 600 seconds; "0" (or empty) = no limit.
- The plain words of the statuses and of the public steps of the timeline.
"""

from __future__ import annotations

import hmac
import re
import secrets
import unicodedata

REFERENCE_PREFIX = "DVC"
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_REFERENCE = re.compile(
    rf"^{REFERENCE_PREFIX}-?([{REFERENCE_ALPHABET}]{{4}})-?([{REFERENCE_ALPHABET}]{{4}})"
    rf"-?([{REFERENCE_ALPHABET}]{{4}})$"
)
KEY_MAX_LENGTH = 60
# Compared against when a candidate has fewer than 4 digits: never equal to 4 typed digits.
_NO_MATCH = "----"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{REFERENCE_PREFIX}-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def parse_key(text: str) -> tuple[str, str] | None:
    """("reference", "DVC-…") or ("code", text) for what was typed; None when empty or too long."""
    key = "".join((text or "").split())
    if not key or len(key) > KEY_MAX_LENGTH:
        return None
    match = _REFERENCE.match(key.upper())
    if match:
        return "reference", f"{REFERENCE_PREFIX}-" + "-".join(match.groups())
    return "code", key


def digits(text: str) -> str:
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def last4(text: str) -> str:
    found = digits(text)
    return found[-4:] if len(found) >= 4 else _NO_MATCH


def check_value_matches(typed: str, phone: str, id_number: str) -> bool:
    """Are the 4 typed digits the last 4 of the phone number or of the ID number?

    Both comparisons always run, in constant time (`hmac.compare_digest`)."""
    value = digits(typed)
    if len(value) != 4:
        value = "????"  # still compared: the same work whatever was typed
    by_phone = hmac.compare_digest(value.encode(), last4(phone).encode())
    by_id = hmac.compare_digest(value.encode(), last4(id_number).encode())
    return by_phone | by_id


def initials(name: str) -> str:
    """ "Nguyễn Thị Lan" → "N. T. L."; "Công ty TNHH Ánh Dương" → "C. T. T. Á. D."."""
    letters = []
    for word in (name or "").split():
        first = next((ch for ch in word if ch.isalnum()), "")
        if first:
            letters.append(unicodedata.normalize("NFC", first.upper()) + ".")
    return " ".join(letters)


def parse_rate(text: str | None, default: str = "0") -> tuple[int, int]:
    """(limit, window seconds); limit 0 means no limit. "20/600" → (20, 600); "20" → 20 per
    minute; a malformed value raises ValueError (a settings mistake must not pass silently)."""
    text = (text if text is not None else default).strip()
    if text in ("", "0"):
        return 0, 1
    count, _, window = text.partition("/")
    limit, seconds = int(count), int(window or 60)
    if limit < 0 or seconds <= 0:
        raise ValueError(f"rate {text!r}: expected 'requests/seconds', e.g. '20/600'")
    return limit, seconds


# National status code → what the applicant reads (dossiers.md §2, in plain words).
STATUS_WORDS = {
    1: "Đã nộp trực tuyến, đang chờ Bộ phận Một cửa kiểm tra",
    2: "Đang giải quyết",
    3: "Không được tiếp nhận",
    4: "Đang giải quyết",
    5: "Đang chờ bổ sung giấy tờ",
    6: "Đang chờ thực hiện nghĩa vụ tài chính",
    7: "Đã rút hồ sơ",
    8: "Đã dừng giải quyết",
    9: "Đã có kết quả",
    10: "Đã trả kết quả",
}
INCOMPLETE_WORDS = "Cần bổ sung, hoàn thiện hồ sơ"

# History action → the public step it shows; actions not listed (assignments, hand-overs
# between officers, approvals, attachments, imports) are internal and not shown.
TIMELINE_WORDS = {
    "submit": "Nộp hồ sơ trực tuyến",
    "receive": "Hồ sơ được tiếp nhận",
    "accept": "Hồ sơ được tiếp nhận",
    "intake_incomplete": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "supplement_online": "Đã gửi giấy tờ bổ sung, hoàn thiện hồ sơ trực tuyến",
    "refuse_intake": "Từ chối tiếp nhận hồ sơ",
    "start": "Chuyển cơ quan chuyên môn giải quyết",
    "request_supplement": "Yêu cầu bổ sung giấy tờ",
    "receive_supplement": "Đã nhận giấy tờ bổ sung, tiếp tục giải quyết",
    "request_payment": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "record_payment": "Đã hoàn thành nghĩa vụ tài chính, tiếp tục giải quyết",
    "extend": "Xin lỗi và hẹn lại ngày trả kết quả",
    "refuse": "Từ chối giải quyết",
    "withdraw": "Rút hồ sơ",
    "stop": "Dừng giải quyết",
    "result_ready": "Đã có kết quả",
    "return": "Đã trả kết quả",
}
PUBLIC_ACTIONS = tuple(TIMELINE_WORDS)
