"""Writes of the public portal: an online application, and its supplement.

`submit_application` creates it; `supplement_dossier` sends what the desk asked for when it
found the dossier incomplete. There is no signed-in actor: the permission check is
that the procedure is offered online and the chosen unit takes it in (`queries`); the dossier
is created through `dossiers.services.submit_online` (status 1, no code, no clock), whose
history line is the record of the submission. One transaction; any refusal (a missing
mandatory component, a file refused by `core.uploads.check_upload`) writes nothing and
stores no file.

Repeated submission: the form carries a one-time token (`new_token`, signed, valid
`TOKEN_MAX_AGE`); the application keeps it (unique). The same token posted again returns the
application it created, and creates nothing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cchc.catalog.models import Procedure
from cchc.dossiers import services as dossier_services
from cchc.dossiers.models import Attachment, ComponentForm, Dossier, ReturnChannel
from cchc.units.models import Unit

from . import queries, rules
from .models import NotifyChannel, OnlineApplication

log = logging.getLogger("cchc.portal")

TOKEN_SALT = "cchc.portal.submit"
TOKEN_MAX_AGE = 24 * 3600
EXPIRED = (
    "Phiên nộp hồ sơ đã hết hạn hoặc không hợp lệ. Trang đã được tải lại; vui lòng chọn lại "
    "các tệp và gửi hồ sơ."
)
SUPPLEMENT_EXPIRED = (
    "Phiên bổ sung hồ sơ đã hết hạn hoặc không hợp lệ. Vui lòng tra cứu lại hồ sơ (mã hồ sơ và "
    "4 số kiểm tra) rồi gửi giấy tờ bổ sung."
)


@dataclass
class Submission:
    """What the applicant typed (already cleaned by the form)."""

    unit: Unit
    name: str
    id_number: str
    phone: str
    address: str
    email: str = ""
    notify_channel: str = NotifyChannel.EMAIL
    return_channel: str = ReturnChannel.ONLINE
    postal_address: str = ""
    request: str = ""


def new_token() -> str:
    return signing.dumps(secrets.token_urlsafe(18), salt=TOKEN_SALT)


def token_is_valid(token: str) -> bool:
    try:
        signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return False
    return True


def _request_text(procedure: Procedure, submission: Submission) -> str:
    text = (submission.request or "").strip() or procedure.name
    if submission.return_channel == ReturnChannel.POST:
        text += f"\nĐịa chỉ nhận kết quả qua bưu chính: {submission.postal_address.strip()}"
    return text


def _check(procedure: Procedure, submission: Submission, files: dict, components) -> None:
    if procedure.online_mode not in queries.ONLINE_MODES or not procedure.active:
        raise PermissionDenied("Thủ tục này chưa được cung cấp trực tuyến.")
    if submission.unit.pk not in {u.pk for u in queries.receiving_units(procedure)}:
        raise ValidationError({"unit": "Đơn vị này không tiếp nhận thủ tục này trực tuyến."})
    if submission.notify_channel not in NotifyChannel.values:
        raise ValidationError({"notify_channel": "Vui lòng chọn cách nhận thông báo."})
    if submission.notify_channel == NotifyChannel.EMAIL and not submission.email:
        raise ValidationError({"email": "Vui lòng nhập thư điện tử để nhận thông báo."})
    if submission.return_channel == ReturnChannel.POST and not submission.postal_address.strip():
        raise ValidationError({"postal_address": "Vui lòng nhập địa chỉ nhận kết quả."})
    known = {c.pk for c in components}
    if set(files) - known - {None}:
        raise ValidationError({"files": "Tệp không thuộc thành phần hồ sơ của thủ tục."})
    missing = [c.name for c in components if c.mandatory and not files.get(c.pk)]
    if missing:
        raise ValidationError({"files": "Còn thiếu thành phần bắt buộc: " + "; ".join(missing)})


def submit_application(
    procedure: Procedure,
    submission: Submission,
    files: dict,
    token: str,
    *,
    at: datetime | None = None,
) -> tuple[OnlineApplication, bool]:
    """Create the online dossier and its application; (application, created).

    `files` maps a required component's id (None: a paper outside the list) to the uploaded
    file. A token already used returns its application with created=False."""
    existing = queries.application_for_token(token)
    if existing is not None:
        return existing, False
    if not token_is_valid(token):
        raise ValidationError({"token": EXPIRED})
    components = queries.required_components(procedure)
    _check(procedure, submission, files, components)
    inputs = [
        dossier_services.ComponentInput(
            c.name,
            sets=c.sets,
            form=ComponentForm.ELECTRONIC.value,
            submitted=bool(files.get(c.pk)),
        )
        for c in components
    ]
    position = {c.pk: i for i, c in enumerate(components)}
    uploads = [(position.get(pk), f) for pk, f in files.items() if f]
    applicant = dossier_services.Applicant(
        name=submission.name,
        id_number=submission.id_number,
        phone=submission.phone,
        email=submission.email,
        address=submission.address,
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = dossier_services.submit_online(
                procedure,
                submission.unit,
                applicant,
                inputs,
                submission.return_channel,
                submitted_at=at,
                request=_request_text(procedure, submission),
                files=uploads,
            )
            stored = list(Attachment.objects.filter(dossier=dossier).values_list("file", flat=True))
            application = OnlineApplication.objects.create(
                dossier=dossier,
                reference=rules.new_reference(),
                token=token,
                email=submission.email,
                phone=submission.phone,
                notify_channel=submission.notify_channel,
                postal_address=submission.postal_address.strip()
                if submission.return_channel == ReturnChannel.POST
                else "",
            )
    except IntegrityError:
        # The same form posted twice at once: the other request created the application.
        storage = Attachment._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        existing = queries.application_for_token(token)
        if existing is None:
            raise
        return existing, False
    log.info("Online application %s for dossier %s.", application.reference, dossier.pk)
    return application, True


def supplement_dossier(token: str, files: list, note: str, *, at: datetime | None = None):
    """Send the applicant's files and note for an online dossier the desk found incomplete
    (`dossiers.services.supplement_online`); the token (`queries.supplement_token`, from the
    lookup answer) names the dossier and the revision the applicant saw. ValidationError on
    "token" for a forged or expired token; the dossiers services refuse the rest (nothing
    pending: TransitionRefused; the desk acted since: DossierConflict)."""
    target = queries.supplement_target(token)
    if target is None:
        raise ValidationError({"token": SUPPLEMENT_EXPIRED})
    pk, revision = target
    try:
        dossier = dossier_services.supplement_online(
            pk, files, note, expected_revision=revision, at=at
        )
    except Dossier.DoesNotExist:
        raise ValidationError({"token": SUPPLEMENT_EXPIRED}) from None
    log.info("Online supplement of dossier %s.", dossier.pk)
    return dossier
