"""The signed consent form: checks on the uploaded file (size and real type, read from its
first bytes rather than trusted from the browser)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FORM_SIZE = 10 * 1024 * 1024  # 10 MB: a scan or photo of a signed page

# Content type and file suffix by the file's first bytes.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
SUFFIXES = {content_type: suffix for _magic, content_type, suffix in SIGNATURES}


def sniff_content_type(upload) -> str | None:
    """The file's real type (PDF, JPEG or PNG), or None."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for magic, content_type, _suffix in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def check_form_file(upload) -> str:
    """Raise a ValidationError with a clear message unless `upload` is a PDF, JPEG or PNG of
    at most MAX_FORM_SIZE; return its content type."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Choose the scan or photo of the signed form."))
    if upload.size > MAX_FORM_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The maximum is %(max)s MB.")
            % {
                "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                "max": MAX_FORM_SIZE // 1024 // 1024,
            }
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("This file is not a PDF, JPEG or PNG. Scan the form as PDF or take a photo.")
        )
    return content_type
