"""What each one-stop form prints: plain dataclasses, filled by the caller from the models.

Nothing here imports the dossier models, so the renderers stay testable without a database.
Datetimes may be aware (shown in Vietnam time) or naive (taken as local time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cchc.core.documents import Signature

# Timeliness of a step or a dossier, glossary code names → the words on the forms.
TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

# Kind of a submitted component → the words on the receipt.
COPY_KIND_LABELS = {
    "original": "Bản chính",
    "copy": "Bản sao",
    "certified_copy": "Bản sao có chứng thực",
    "electronic": "Bản điện tử",
}

# Channel code names (national codes 1, 2, 3) → how the result was returned.
RETURN_METHOD_LABELS = {
    "counter": "Trực tiếp",
    "online": "Trực tuyến",
    "postal": "Qua bưu chính công ích",
    1: "Trực tiếp",
    2: "Trực tuyến",
    3: "Qua bưu chính công ích",
}


def label(mapping: dict, value) -> str:
    """The Vietnamese words for a code name; anything else is printed as given."""
    if value is None:
        return ""
    return mapping.get(value, str(value))


@dataclass(frozen=True)
class Issuer:
    """The unit whose name heads the form: e.g. name "Bộ phận Một cửa", parent body
    "UBND xã An Phú", place "An Phú" (the địa danh of the dateline)."""

    name: str
    place: str
    parent_body: str | None = None


@dataclass(frozen=True)
class Applicant:
    """The citizen or organisation; ``id_number`` is the số định danh cá nhân / mã số thuế."""

    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ReceiptComponent:
    """One submitted paper: ``copy_kind`` is a key of COPY_KIND_LABELS or free text."""

    name: str
    sets: int = 1
    copy_kind: str = "original"


@dataclass(frozen=True)
class ReceiptContext:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    issuer: Issuer
    number: str
    dossier_code: str
    applicant: Applicant
    request: str
    components: list[ReceiptComponent]
    processing_time: str  # "3 ngày làm việc"
    received_at: datetime
    due_at: datetime
    return_place: str
    receiving_officer: str
    register_book: str = ""
    register_entry: str = ""
    authorised_person: str | None = None
    procedure_code: str | None = None
    dossier_sets: int = 1
    lookup_url: str | None = None  # full public lookup URL for this dossier, put in the QR
    copy_label: str | None = None  # "Liên 1: Lưu tại Bộ phận Một cửa"
    issued_on: date | None = None  # defaults to the day received


@dataclass(frozen=True)
class SupplementItem:
    """One thing to complete and why."""

    content: str
    reason: str = ""


@dataclass(frozen=True)
class SupplementRequestContext:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    issuer: Issuer
    number: str
    issued_on: date
    applicant: Applicant
    request: str
    items: list[SupplementItem]
    guiding_officer: str
    contact: str  # "Bộ phận Một cửa UBND xã An Phú, điện thoại 0294 3871 234"
    dossier_code: str | None = None
    received_at: datetime | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class RefusalContext:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    issuer: Issuer
    number: str
    issued_on: date
    applicant: Applicant
    request: str
    reason: str
    receiving_officer: str
    dossier_code: str | None = None


@dataclass(frozen=True)
class ExtensionContext:
    """Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (đề nghị gia hạn)."""

    issuer: Issuer
    number: str
    issued_on: date
    addressee: str  # "Ông Nguyễn Văn An"
    received_on: date
    procedure: str
    dossier_code: str
    original_due_at: datetime
    reason: str
    new_due_at: datetime
    signer: Signature  # head of the office responsible
    recipients: list[str] = field(default_factory=list)
    apology: str | None = None  # replaces the standard apology sentence


@dataclass(frozen=True)
class StopNoticeContext:
    """Mẫu 05 — Thông báo dừng giải quyết hồ sơ."""

    issuer: Issuer
    number: str
    issued_on: date
    addressee: str
    applicant: str
    procedure: str
    dossier_code: str
    received_on: date
    reason: str
    stopped_on: date
    signer: Signature
    requested_by_applicant: bool = False
    request_date: date | None = None  # date of the applicant's written request to stop
    recipients: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HandOverRow:
    """One hand-over on the process-control slip; ``result`` is early / on_time / late
    (or Vietnamese text, or None while the step is running)."""

    giver_unit: str
    giver_name: str
    receiver_unit: str
    receiver_name: str
    handed_at: datetime
    result: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ProcessTrailContext:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    issuer: Issuer
    dossier_code: str
    handling_unit: str
    received_at: datetime
    due_at: datetime
    rows: list[HandOverRow]
    coordinating_units: list[str] = field(default_factory=list)
    receipt_number: str | None = None  # "Kèm theo Giấy tiếp nhận … số: …"


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the register; ``return_method`` is counter / online / postal (or text)."""

    dossier_code: str
    procedure: str
    applicant: str
    address: str
    phone: str
    handling_unit: str
    received_at: datetime
    due_at: datetime
    returned_at: datetime | None = None
    return_method: str | int | None = None
    signed_by: str = ""


@dataclass(frozen=True)
class RegisterContext:
    """Mẫu 07 — Sổ theo dõi hồ sơ, for one sector and one period."""

    issuer: Issuer
    sector: str
    period_start: date
    period_end: date
    rows: list[RegisterRow]
    book: str = ""  # "Quyển số 01"
