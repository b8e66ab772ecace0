"""Uploaded files: the one check every upload goes through (dossier attachments, evidence
documents, later the portal). Limits: a size cap and PDF, JPG, PNG, DOCX, XLSX whose content
matches the extension — the browser's content type is never trusted. Files are stored by
the caller under MEDIA_ROOT (outside the web root) with random names and never executed."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes, suffix: str, upload) -> bool:
    """Does the content match the extension?"""
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    marker = "word/" if suffix == ".docx" else "xl/"
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(marker) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def check_upload(upload, max_bytes: int = MAX_UPLOAD_BYTES, field: str = "file") -> CheckedUpload:
    """The upload's safe name, content type, size and digest; ValidationError (Vietnamese,
    on `field`) for a wrong type, an empty or too large file, or content that does not match
    the extension."""
    name = PurePath(getattr(upload, "name", "") or "tep").name[:255]
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError({field: "Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX."})
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > max_bytes:
        raise ValidationError(
            {field: f"Tệp quá lớn; dung lượng tối đa {max_bytes // (1024 * 1024)} MB."}
        )
    if size == 0:
        raise ValidationError({field: "Tệp rỗng."})
    upload.seek(0)
    head = upload.read(16)
    if not _sniff(head, suffix, upload):
        raise ValidationError({field: "Nội dung tệp không đúng với định dạng của tên tệp."})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name, ALLOWED_TYPES[suffix], size, digest.hexdigest())
