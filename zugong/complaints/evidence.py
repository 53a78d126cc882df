"""Evidence files (证据材料) of a 12380 report: sniffed by content and images stripped of their metadata
(``core.filetypes``), within the report's own size limit."""

from django.core.files.base import ContentFile

from zugong.core.filetypes import Sniffed, stored_file
from zugong.core.filetypes import sniff as sniff_file
from zugong.core.policy import policy_int

from . import policies as P


def sniff(name: str, data: bytes) -> Sniffed:
    """The file's kind by content, images without metadata; a DomainError naming the file otherwise."""
    return sniff_file(name, data, limit=policy_int(P.EVIDENCE_MAX_BYTES.key), field="evidence")


def evidence_file(sniffed: Sniffed) -> tuple[str, ContentFile]:
    return stored_file(sniffed)
