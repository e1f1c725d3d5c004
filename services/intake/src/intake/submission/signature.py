"""Verifying an organisation's digital signature on its declaration (R-ID-3, R-ID-5): a PAdES/CMS
signature checked with pyhanko against the configured trust anchors (the national root CA and the
licensed CAs of Vietnam in production; a CA the tests generate).

The organisation signs the declaration intake issued for this version of the dossier. Signing
tools add the signature as an incremental update, so the signed file starts with exactly the bytes
intake issued: that binds the signature to this dossier and version, and the signature must cover
the whole file (nothing added after signing).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import structlog
from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from servicekit.errors import ServiceError
from servicekit.i18n import Text

log = structlog.get_logger("intake.signature")


class SignatureRejected(ServiceError):
    """The signed declaration is refused; the subclass says why."""

    status = 422
    code = "signature_invalid"
    title = Text("Chữ ký số không hợp lệ", "Invalid digital signature")
    detail = Text(
        "Nội dung tệp đã bị thay đổi sau khi ký, hoặc chữ ký không khớp nội dung, hoặc tệp không đọc được.",
        "The file was changed after signing, the signature does not match it, or it cannot be read.",
    )


class SignatureMissing(SignatureRejected):
    code = "signature_missing"
    detail = Text("Tệp PDF không có chữ ký số.", "The PDF carries no digital signature.")


class SignatureDocumentMismatch(SignatureRejected):
    code = "signature_document_mismatch"
    detail = Text(
        "Tệp đã ký không phải tờ khai được cấp cho phiên bản hiện tại của hồ sơ; "
        "hãy tải tờ khai mới và ký lại.",
        "The signed file is not the declaration issued for the dossier's current version; sign the new one.",
    )


class SignatureUntrusted(SignatureRejected):
    code = "signature_untrusted"
    detail = Text(
        "Chứng thư số của người ký không do tổ chức chứng thực được tin cậy cấp, đã hết hạn hoặc bị thu hồi.",
        "The signer's certificate is not from a trusted certification authority, is expired or revoked.",
    )


@dataclass(frozen=True)
class VerifiedSignature:
    signer: str
    organisation: str | None
    tax_code: str | None
    serial_number: str
    issuer: str
    certificate_sha256: str
    signed_at: datetime | None


def load_trust_roots(paths: Sequence[str]) -> list[x509.Certificate]:
    """Certificates from PEM/DER files, or from every file in the directories given."""
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        files += sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    roots: list[x509.Certificate] = []
    for file in files:
        data = file.read_bytes()
        if pem.detect(data):
            roots += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def _tax_code(subject: x509.Name) -> str | None:
    """Vietnamese certificates carry the tax code as ``MST:0101234567`` in UID or serialNumber."""
    for name in ("user_id", "serial_number"):
        value = subject.native.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.upper().startswith("MST:"):
                return item.split(":", 1)[1].strip()
    return None


class SignatureVerifier:
    def __init__(self, trust_roots: Sequence[x509.Certificate]) -> None:
        self.trust_roots = list(trust_roots)

    def verify(self, signed: bytes, *, declaration: bytes) -> VerifiedSignature:
        """Check ``signed`` (CPU-bound: run it in a thread); ``SignatureRejected`` says why it fails."""
        if not signed.startswith(declaration):
            raise SignatureDocumentMismatch()
        try:
            reader = PdfFileReader(io.BytesIO(signed))
            signatures = reader.embedded_signatures
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            log.info("signature_unreadable", error=str(exc))
            raise SignatureRejected() from exc
        if not signatures:
            raise SignatureMissing()
        embedded = signatures[-1]
        context = ValidationContext(
            trust_roots=self.trust_roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception as exc:  # pyhanko raises many kinds on malformed CMS
            log.info("signature_unverifiable", error=str(exc))
            raise SignatureRejected() from exc
        if not (status.intact and status.valid) or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            raise SignatureRejected()
        if not status.trusted or status.revoked:
            raise SignatureUntrusted()
        cert = status.signing_cert
        subject = cert.subject
        return VerifiedSignature(
            signer=str(subject.native.get("common_name") or subject.human_friendly),
            organisation=subject.native.get("organization_name"),
            tax_code=_tax_code(subject),
            serial_number=format(cert.serial_number, "x"),
            issuer=cert.issuer.human_friendly,
            certificate_sha256=cert.sha256.hex(),
            signed_at=status.signer_reported_dt,
        )
