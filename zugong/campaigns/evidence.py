"""Files given with a task report (报送材料): what a file is, decided by its content (``core.filetypes``: images
re-drawn without their metadata, PDF, Office documents), within this app's own size limit."""

from django.core.files.base import ContentFile

from zugong.core.filetypes import Sniffed, stored_file
from zugong.core.filetypes import sniff as sniff_file
from zugong.core.policy import policy_int

from . import policies as P


def sniff(name: str, data: bytes) -> Sniffed:
    """The file's kind by content; a DomainError naming the file when it is empty, too big or of another kind."""
    return sniff_file(name, data, limit=policy_int(P.REPORT_MAX_BYTES.key), field="files")


def report_file(sniffed: Sniffed) -> tuple[str, ContentFile]:
    return stored_file(sniffed)
