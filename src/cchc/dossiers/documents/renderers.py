"""The one-stop forms Mẫu 01–06 of Thông tư 03/2025/TT-VPCP as DOCX bytes.

Numbering follows Thông tư 03/2025/TT-VPCP (Phụ lục I); the forms it replaces in Thông tư
01/2018/TT-VPCP are: Mẫu 01 (01), 02 (02), 03 (03), 04 (04), 05 (new), 06 (05), 07 (06).
Mẫu 07, the register, is a spreadsheet: see ``register.py``.

Each renderer takes a context from ``contexts.py`` and returns the .docx file's bytes.
"""

from __future__ import annotations

from datetime import date

from cchc.core.documents import (
    CENTER,
    JUSTIFY,
    Letterhead,
    Signature,
    add_image,
    add_labelled,
    add_letterhead,
    add_paragraph,
    add_recipients_and_signature,
    add_signatures,
    add_table,
    add_title,
    clock_and_date,
    layout_table,
    local_time,
    new_document,
    qr_png,
    style_run,
    text_width_mm,
    to_bytes,
)
from cchc.core.vnformat import date_in_words, short_date

from .contexts import (
    COPY_KIND_LABELS,
    TIMELINESS_LABELS,
    ExtensionContext,
    Issuer,
    ProcessTrailContext,
    ReceiptContext,
    RefusalContext,
    StopNoticeContext,
    SupplementRequestContext,
    label,
)

FORM_TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
}

SIGN_HINT = "(Ký và ghi rõ họ tên)"
HEAD_SIGN_HINT = "(Ký, ghi rõ họ tên và đóng dấu)"
DEFAULT_RECIPIENTS = ["Như trên", "Lưu: VT"]


def _start(form: str, issuer: Issuer, number: str | None, day: date | None):
    """A new document with the letterhead and the form's title."""
    document = new_document(title=f"Mẫu {form}. {FORM_TITLES[form]}")
    add_letterhead(
        document,
        Letterhead(
            issuer=issuer.name,
            parent_body=issuer.parent_body,
            number=number,
            place=issuer.place,
            day=day,
        ),
    )
    return document


def unit_phrase(issuer: Issuer) -> str:
    """ "Bộ phận Một cửa UBND xã An Phú" — the unit as it reads inside a sentence."""
    return f"{issuer.name} {issuer.parent_body}" if issuer.parent_body else issuer.name


def _body(document, text: str, **options):
    options.setdefault("space_after", 4)
    return add_paragraph(document, text, align=JUSTIFY, first_line_indent_mm=10, **options)


def _contact_lines(container, applicant) -> None:
    if applicant.id_number:
        add_labelled(container, "Số định danh cá nhân/Mã số doanh nghiệp", applicant.id_number)
    add_labelled(container, "Địa chỉ", applicant.address)
    paragraph = add_labelled(container, "Số điện thoại", applicant.phone)
    if applicant.email:
        style_run(paragraph.add_run("; Email: "))
        style_run(paragraph.add_run(applicant.email), bold=True)


def _single_signature(document, signature: Signature) -> None:
    add_recipients_and_signature(document, [], signature)


# ---------------------------------------------------------------------------- Mẫu 01


def receipt_qr_payload(context: ReceiptContext) -> str:
    """What the receipt's QR code encodes: the lookup URL if given, else the dossier code."""
    return context.lookup_url or context.dossier_code


def receipt_issued_on(context: ReceiptContext) -> date:
    """The day on the receipt's dateline: the issue day, else the day received."""
    return context.issued_on or local_time(context.received_at).date()


def render_receipt(context: ReceiptContext) -> bytes:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code for the lookup."""
    issued_on = receipt_issued_on(context)
    document = _start("01", context.issuer, context.number, issued_on)
    add_title(document, FORM_TITLES["01"])
    add_paragraph(
        document, f"Mã hồ sơ: {context.dossier_code}", align=CENTER, bold=True, space_after=0
    )
    if context.copy_label:
        add_paragraph(document, f"({context.copy_label})", align=CENTER, italic=True)

    width = text_width_mm(document)
    side = layout_table(document, [width - 38, 38])
    info, qr = side.rows[0].cells
    add_paragraph(
        info, f"{unit_phrase(context.issuer)} tiếp nhận hồ sơ của:", space_before=8, space_after=3
    )
    add_labelled(info, "Ông/Bà (tổ chức)", context.applicant.name)
    _contact_lines(info, context.applicant)
    if context.authorised_person:
        add_labelled(info, "Người được ủy quyền", context.authorised_person)
    request = context.request
    if context.procedure_code:
        request = f"{request} (mã thủ tục: {context.procedure_code})"
    add_labelled(info, "Nội dung yêu cầu giải quyết", request)
    add_image(qr, qr_png(receipt_qr_payload(context)), width_mm=32)
    add_paragraph(qr, "Quét mã để tra cứu hồ sơ", align=CENTER, italic=True, size=10)

    add_paragraph(document, "1. Thành phần hồ sơ nộp gồm:", space_before=6, space_after=3)
    add_table(
        document,
        ["STT", "Tên giấy tờ", "Hình thức", "Số lượng"],
        [
            (index, item.name, label(COPY_KIND_LABELS, item.copy_kind), f"{item.sets:02d}")
            for index, item in enumerate(context.components, start=1)
        ],
        widths_mm=[12, width - 12 - 38 - 20, 38, 20],
        align=[CENTER, None, CENTER, CENTER],
        font_size=12,
    )
    lines = [
        ("2. Số lượng hồ sơ", f"{context.dossier_sets:02d} (bộ)"),
        ("3. Thời gian giải quyết hồ sơ theo quy định", context.processing_time),
        ("4. Thời gian nhận hồ sơ", clock_and_date(context.received_at)),
        ("5. Thời gian trả kết quả giải quyết hồ sơ", clock_and_date(context.due_at)),
        ("6. Đăng ký nhận kết quả tại", context.return_place),
    ]
    add_paragraph(document, space_after=3)
    for name, value in lines:
        add_labelled(document, name, value)
    add_paragraph(
        document,
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {context.register_book or '…'}, "
        f"Số thứ tự: {context.register_entry or '…'}",
        italic=True,
        space_before=3,
    )
    add_signatures(
        document,
        [
            Signature(
                "Người nộp hồ sơ",
                context.authorised_person or context.applicant.name,
                hint=SIGN_HINT,
            ),
            Signature("Người tiếp nhận hồ sơ", context.receiving_officer, hint=SIGN_HINT),
        ],
    )
    return to_bytes(document)


# ---------------------------------------------------------------------------- Mẫu 02


def render_supplement_request(context: SupplementRequestContext) -> bytes:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what to complete and why."""
    document = _start("02", context.issuer, context.number, context.issued_on)
    add_title(document, FORM_TITLES["02"])
    if context.dossier_code:
        add_paragraph(document, f"Mã hồ sơ: {context.dossier_code}", align=CENTER, bold=True)
    add_paragraph(document, space_after=6)
    add_labelled(document, "Hồ sơ của", context.applicant.name)
    _contact_lines(document, context.applicant)
    add_labelled(document, "Nội dung yêu cầu giải quyết", context.request)
    if context.received_at:
        add_labelled(document, "Thời gian tiếp nhận", clock_and_date(context.received_at))
    _body(
        document,
        f"Sau khi xem xét, {unit_phrase(context.issuer)} đề nghị ông/bà (tổ chức) bổ sung, "
        "hoàn thiện hồ sơ gồm những nội dung sau:",
        space_before=6,
    )
    width = text_width_mm(document)
    add_table(
        document,
        ["STT", "Nội dung cần bổ sung, hoàn thiện", "Lý do"],
        [(index, item.content, item.reason) for index, item in enumerate(context.items, 1)],
        widths_mm=[12, (width - 12) * 0.55, (width - 12) * 0.45],
        align=[CENTER, None, None],
        font_size=12,
    )
    if context.deadline:
        _body(
            document,
            f"Thời hạn bổ sung, hoàn thiện hồ sơ: trước ngày {short_date(context.deadline)}.",
            space_before=6,
        )
    _body(
        document,
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà (tổ chức) liên hệ với "
        f"{context.guiding_officer}, {context.contact} để được hướng dẫn./.",
        space_before=6,
    )
    _single_signature(
        document, Signature("Người hướng dẫn", context.guiding_officer, hint=SIGN_HINT)
    )
    return to_bytes(document)


# ---------------------------------------------------------------------------- Mẫu 03


def render_refusal(context: RefusalContext) -> bytes:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason."""
    document = _start("03", context.issuer, context.number, context.issued_on)
    add_title(document, FORM_TITLES["03"])
    if context.dossier_code:
        add_paragraph(document, f"Mã hồ sơ: {context.dossier_code}", align=CENTER, bold=True)
    add_paragraph(
        document,
        f"{unit_phrase(context.issuer)} tiếp nhận hồ sơ của:",
        space_before=12,
        space_after=3,
    )
    add_labelled(document, "Ông/Bà (tổ chức)", context.applicant.name)
    _contact_lines(document, context.applicant)
    add_labelled(document, "Nội dung yêu cầu giải quyết", context.request)
    _body(
        document,
        f"Qua xem xét, {unit_phrase(context.issuer)} thông báo không tiếp nhận, giải quyết hồ "
        "sơ này với lý do cụ thể như sau:",
        space_before=6,
    )
    _body(document, context.reason, italic=True)
    _body(document, "Xin thông báo để ông/bà (tổ chức) được biết và thực hiện./.")
    add_signatures(
        document,
        [
            Signature("Người nộp hồ sơ", context.applicant.name, hint=SIGN_HINT),
            Signature("Người tiếp nhận hồ sơ", context.receiving_officer, hint=SIGN_HINT),
        ],
    )
    return to_bytes(document)


# ---------------------------------------------------------------------------- Mẫu 04


def render_extension(context: ExtensionContext) -> bytes:
    """Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả, signed by the head of the office."""
    document = _start("04", context.issuer, context.number, context.issued_on)
    add_title(document, FORM_TITLES["04"])
    add_paragraph(
        document, f"Kính gửi: {context.addressee}.", align=CENTER, space_before=12, space_after=6
    )
    unit = context.issuer.name
    received = date_in_words(context.received_on)
    _body(
        document,
        f"{received[0].upper()}{received[1:]}, {unit} tiếp nhận giải quyết hồ sơ đề nghị "
        f"{context.procedure} của ông/bà (tổ chức). Mã hồ sơ: {context.dossier_code}.",
    )
    _body(
        document,
        f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {clock_and_date(context.original_due_at)}.",
    )
    _body(
        document,
        f"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ của ông/bà (tổ chức) "
        f"đúng thời hạn được hẹn vì lý do: {context.reason.rstrip('.')}.",
    )
    apology = context.apology or (
        f"{unit} xin lỗi ông/bà (tổ chức) và sẽ trả kết quả giải quyết hồ sơ cho ông/bà "
        f"(tổ chức) vào {clock_and_date(context.new_due_at)}."
    )
    _body(document, apology)
    _body(document, "Mong nhận được sự thông cảm của ông/bà (tổ chức) vì sự chậm trễ này./.")
    add_recipients_and_signature(
        document, context.recipients or DEFAULT_RECIPIENTS, with_signing_hint(context.signer)
    )
    return to_bytes(document)


def with_signing_hint(signature: Signature) -> Signature:
    if signature.hint is not None:
        return signature
    return Signature(signature.position, signature.name, signature.authority, HEAD_SIGN_HINT)


# ---------------------------------------------------------------------------- Mẫu 05


def render_stop_notice(context: StopNoticeContext) -> bytes:
    """Mẫu 05 (new in TT 03/2025) — Thông báo dừng giải quyết hồ sơ."""
    document = _start("05", context.issuer, context.number, context.issued_on)
    add_title(document, "Thông báo", "Dừng giải quyết hồ sơ")
    add_paragraph(
        document, f"Kính gửi: {context.addressee}.", align=CENTER, space_before=12, space_after=6
    )
    unit = context.issuer.name
    received = date_in_words(context.received_on)
    _body(
        document,
        f"{received[0].upper()}{received[1:]}, {unit} đã tiếp nhận hồ sơ đề nghị "
        f"{context.procedure} của {context.applicant}, mã hồ sơ: {context.dossier_code}.",
    )
    reason = context.reason.rstrip(".")
    if context.requested_by_applicant:
        when = f" {date_in_words(context.request_date)}" if context.request_date else ""
        _body(
            document,
            f"Căn cứ đề nghị dừng giải quyết hồ sơ của ông/bà (tổ chức){when}; lý do: {reason}.",
        )
    else:
        _body(document, f"Lý do dừng giải quyết hồ sơ: {reason}.")
    _body(
        document,
        f"{unit} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
        f"{date_in_words(context.stopped_on)}.",
    )
    _body(document, "Xin thông báo để ông/bà (tổ chức) được biết./.")
    add_recipients_and_signature(
        document, context.recipients or DEFAULT_RECIPIENTS, with_signing_hint(context.signer)
    )
    return to_bytes(document)


# ---------------------------------------------------------------------------- Mẫu 06

TRAIL_HEADERS = [
    "STT",
    "Bên giao\n(đơn vị, người giao)",
    "Bên nhận\n(đơn vị, người nhận)",
    "Thời gian giao, nhận hồ sơ",
    "Người giao\n(ký)",
    "Người nhận\n(ký)",
    "Kết quả giải quyết\n(Trước hạn/ Đúng hạn/ Quá hạn)",
    "Ghi chú",
]


def render_process_trail(context: ProcessTrailContext) -> bytes:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over."""
    document = _start("06", context.issuer, None, None)
    add_title(document, FORM_TITLES["06"])
    add_paragraph(document, f"Mã hồ sơ: {context.dossier_code}", align=CENTER, bold=True)
    if context.receipt_number:
        add_paragraph(
            document,
            f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: {context.receipt_number})",
            align=CENTER,
            italic=True,
        )
    add_paragraph(document, space_after=6)
    add_labelled(document, "Cơ quan (bộ phận) giải quyết hồ sơ", context.handling_unit)
    add_labelled(
        document,
        "Cơ quan phối hợp giải quyết hồ sơ",
        "; ".join(context.coordinating_units) or "Không",
    )
    add_labelled(document, "Thời gian nhận hồ sơ", clock_and_date(context.received_at))
    add_labelled(document, "Thời gian hẹn trả kết quả", clock_and_date(context.due_at))
    add_paragraph(document, space_after=6)
    add_table(
        document,
        TRAIL_HEADERS,
        [
            (
                index,
                f"{row.giver_unit}\n{row.giver_name}",
                f"{row.receiver_unit}\n{row.receiver_name}",
                clock_and_date(row.handed_at),
                "",
                "",
                label(TIMELINESS_LABELS, row.result),
                row.note,
            )
            for index, row in enumerate(context.rows, start=1)
        ],
        widths_mm=[9, 30, 30, 27, 17, 17, 20, 15],
        align=[CENTER, None, None, CENTER, None, None, CENTER, None],
        font_size=11,
    )
    return to_bytes(document)
