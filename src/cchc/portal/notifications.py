"""Tell applicants what happened to the dossiers they submitted through the portal.

`on_dossier_event` is subscribed to `cchc.dossiers.events` (PortalConfig.ready) and runs
after the dossier's change is committed. For a dossier with an `OnlineApplication` and an
action listed in `SUBJECTS`, it sends an e-mail (Django's `send_mail`) when the applicant gave
an address, and an SMS or Zalo message (`core.messaging`) when that is the chosen channel.

Messages name the dossier (reference, code), the procedure, the unit and what the applicant
needs (appointment, what is missing, the reason, the lookup or rating link) — never the
applicant's name, ID number, phone or address. Logs carry the dossier id and the action only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from cchc.core import messaging
from cchc.dossiers.events import DossierEvent
from cchc.dossiers.models import ReturnChannel
from cchc.dossiers.printing import lookup_url

from .models import NotifyChannel, OnlineApplication

log = logging.getLogger("cchc.portal")

SUBJECTS = {
    "submit": "Đã nhận hồ sơ trực tuyến",
    "accept": "Hồ sơ đã được tiếp nhận",
    "intake_incomplete": "Hồ sơ cần bổ sung, hoàn thiện",
    "supplement_online": "Đã nhận hồ sơ bổ sung, hoàn thiện",
    "refuse_intake": "Hồ sơ không được tiếp nhận",
    "request_supplement": "Yêu cầu bổ sung giấy tờ",
    "request_payment": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "extend": "Hẹn lại ngày trả kết quả",
    "refuse": "Hồ sơ bị từ chối giải quyết",
    "stop": "Hồ sơ dừng giải quyết",
    "result_ready": "Hồ sơ đã có kết quả",
    "return": "Hồ sơ đã được trả kết quả",
}
COLLECT = {
    ReturnChannel.DESK: "Mời ông/bà đến nhận kết quả tại Bộ phận Một cửa – {unit}.",
    ReturnChannel.POST: "Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến địa chỉ đã đăng ký.",
    ReturnChannel.ONLINE: "Kết quả được trả trực tuyến; ông/bà nhận kết quả theo hướng dẫn "
    "của Bộ phận Một cửa – {unit}.",
}


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _items(note: str) -> str:
    parts = [p.strip() for line in (note or "").splitlines() for p in line.split(";")]
    return "; ".join(p for p in parts if p)


def _rating_url(dossier) -> str | None:
    try:
        from cchc.feedback.services import rating_url
    except (ImportError, AttributeError):
        return None
    try:
        return rating_url(dossier.pk)
    except Exception:
        log.exception("rating link failed for dossier %s", dossier.pk)
        return None


def compose(event: DossierEvent, application: OnlineApplication) -> tuple[str, str] | None:
    """(subject, text) of the message for `event`, or None when the action is not told."""
    subject = SUBJECTS.get(event.action)
    if subject is None:
        return None
    d = application.dossier
    name = d.code or application.reference
    unit, procedure = d.unit.name, d.procedure.name
    head = f"Hồ sơ {name} ({procedure}, {unit})"
    lookup = f"{settings.CCHC_PUBLIC_URL}/dvc/tra-cuu/"
    action, note = event.action, (event.note or "").strip()
    if action == "submit":
        text = (
            f"Đã nhận hồ sơ trực tuyến «{procedure}» nộp tại {unit}. Mã tra cứu: "
            f"{application.reference}. Bộ phận Một cửa sẽ kiểm tra và thông báo kết quả. "
            f"Tra cứu: {lookup}"
        )
    elif action == "accept":
        text = (
            f"Hồ sơ {application.reference} ({procedure}) đã được tiếp nhận tại {unit}. "
            f"Mã hồ sơ: {d.code}. Hẹn trả kết quả: {_when(d.due_at)}. "
            f"Tra cứu: {lookup_url(d)}"
        )
    elif action == "intake_incomplete":
        text = (
            f"{head} chưa đầy đủ. Cần bổ sung, hoàn thiện: {_items(note)}. "
            f"Gửi bổ sung trực tuyến tại trang tra cứu ({lookup}) hoặc liên hệ Bộ phận Một cửa "
            f"– {unit} để được hướng dẫn."
        )
    elif action == "supplement_online":
        text = (
            f"Đã nhận giấy tờ bổ sung, hoàn thiện của hồ sơ {name} ({procedure}, {unit}). "
            f"Bộ phận Một cửa sẽ kiểm tra lại và thông báo kết quả. Tra cứu: {lookup}"
        )
    elif action == "refuse_intake":
        text = f"{head} không được tiếp nhận. Lý do: {note}."
    elif action == "request_supplement":
        deadline = f" Hạn bổ sung: {_when(d.supplement_deadline)}." if d.supplement_deadline else ""
        text = (
            f"{head} cần bổ sung giấy tờ: {_items(note)}.{deadline} Thời gian chờ bổ sung "
            f"không tính vào thời hạn giải quyết. Tra cứu: {lookup}"
        )
    elif action == "request_payment":
        text = f"{head} đang chờ ông/bà thực hiện nghĩa vụ tài chính. {note}".strip()
    elif action == "extend":
        text = f"{head}: hẹn trả kết quả mới {_when(d.due_at)}. Lý do: {note}. Xin lỗi ông/bà."
    elif action in ("refuse", "stop"):
        text = f"{head} đã dừng giải quyết. Lý do: {note}."
    elif action == "result_ready":
        collect = COLLECT.get(d.return_channel, COLLECT[ReturnChannel.DESK]).format(unit=unit)
        text = f"{head} đã có kết quả. {collect}"
    else:  # return
        text = f"{head} đã được trả kết quả."
        rating = _rating_url(d)
        if rating:
            text += f" Mời ông/bà đánh giá mức độ hài lòng: {rating}"
    return f"{subject} – {name}", f"{settings.CCHC_PORTAL_NAME}: {text}"


def on_dossier_event(event: DossierEvent) -> None:
    if event.action not in SUBJECTS:
        return
    application = (
        OnlineApplication.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(dossier_id=event.dossier_id)
        .first()
    )
    if application is None:  # not submitted through the portal
        return
    message = compose(event, application)
    if message is None:
        return
    subject, text = message
    sent = []
    if application.email:
        send_mail(subject, text, None, [application.email])
        sent.append("email")
    channel = application.notify_channel
    if channel in (NotifyChannel.SMS, NotifyChannel.ZALO) and application.phone:
        messaging.send(channel, application.phone, text)
        sent.append(channel)
    log.info(
        "Applicant notified of %s on dossier %s via %s.",
        event.action,
        event.dossier_id,
        ", ".join(sent) or "nothing",
    )
