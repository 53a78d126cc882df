"""Files given with a task report (报送材料): what a file is, decided by its content (the 12380 evidence's sniffing:
images re-drawn without their metadata, PDF, Office documents), within this app's own size limit."""

import secrets

from django.core.files.base import ContentFile

from zugong.complaints.evidence import Sniffed, _image, _office
from zugong.core.access import DomainError
from zugong.core.policy import policy_int

from . import policies as P


def sniff(name: str, data: bytes) -> Sniffed:
    """The file's kind by content; a DomainError naming the file when it is empty, too big or of another kind."""
    limit = policy_int(P.REPORT_MAX_BYTES.key)
    if not data:
        raise DomainError(f"文件「{name}」是空的或超过了上传大小上限", field="files")
    if len(data) > limit:
        raise DomainError(f"文件「{name}」超过{limit // 1_000_000}MB，请压缩或分开提交", field="files")
    if data.startswith(b"%PDF-"):
        return Sniffed("PDF文档", ".pdf", data, False)
    found = _image(data) or _office(data)
    if found is None:
        raise DomainError(f"文件「{name}」不是可接受的类型：只接受图片（JPG、PNG、GIF、WebP）、PDF和Office文档",
                          field="files")
    return found


def report_file(sniffed: Sniffed) -> tuple[str, ContentFile]:
    token = secrets.token_hex(12)
    return token, ContentFile(sniffed.content, name=f"{token}{sniffed.extension}")
