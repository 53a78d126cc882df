"""Uploaded files people send in (evidence, reports, attachments): what a file is, decided by its content — never
by its name or the browser's word —, images re-drawn without their metadata (EXIF: camera, place, time) and, where
the caller asks, no larger than a side length, with Pillow.

Accepted: JPEG, PNG, GIF, WebP images; PDF; Word/Excel/PowerPoint (.docx .xlsx .pptx, and the old .doc .xls .ppt).
Office documents keep their properties (author) — removing them would need rewriting the package, not done here.
Each area passes its own size limit (a policy setting) and the form field its messages name.
"""

import io
import secrets
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from zugong.core.access import DomainError

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
OFFICE_PARTS = {"word/": ("Word文档", ".docx"), "xl/": ("Excel表格", ".xlsx"), "ppt/": ("PowerPoint演示文稿", ".pptx")}
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


@dataclass(frozen=True)
class Sniffed:
    kind: str
    extension: str
    content: bytes
    stripped: bool

    @property
    def is_image(self) -> bool:
        return self.extension in IMAGE_FORMATS.values()


def _image(data: bytes, max_side: int | None) -> Sniffed | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            if fmt not in IMAGE_FORMATS:
                return None
            image.load()
            if fmt == "GIF":
                return Sniffed("图片（GIF）", ".gif", data, False)
            upright = ImageOps.exif_transpose(image)  # the picture as seen, before its orientation tag goes
            clean = Image.new(upright.mode, upright.size)
            palette = upright.getpalette() if upright.mode == "P" else None
            if palette:
                clean.putpalette(palette)
            clean.paste(upright)
            if max_side and max(clean.size) > max_side:
                clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            clean.save(out, format=fmt, **({"quality": 92} if fmt in ("JPEG", "WEBP") else {}))
            return Sniffed(f"图片（{fmt}）", IMAGE_FORMATS[fmt], out.getvalue(), True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return None


def _office(data: bytes) -> Sniffed | None:
    if data.startswith(OLE_MAGIC):
        return Sniffed("Office文档（旧格式）", ".doc", data, False)
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, (kind, extension) in OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return Sniffed(kind, extension, data, False)
    return None


ALL_KINDS = "图片（JPG、PNG、GIF、WebP）、PDF和Office文档"


def sniff(name: str, data: bytes, *, limit: int, field: str, max_side: int | None = None,
          only: tuple[str, ...] = (), only_text: str = ALL_KINDS, what: str = "类型") -> Sniffed:
    """The file's kind by content, images without metadata (and within ``max_side`` pixels when given); a
    DomainError on ``field`` naming the file when it is empty, larger than ``limit`` bytes or of another kind
    (``only``: the extensions a caller takes, described as ``only_text``; ``what`` the file is meant to be)."""
    if not data:
        raise DomainError(f"文件「{name}」是空的或超过了上传大小上限", field=field)
    if len(data) > limit:
        raise DomainError(f"文件「{name}」超过{limit // 1_000_000}MB，请压缩或分开提交", field=field)
    if data.startswith(b"%PDF-") and (not only or ".pdf" in only):
        return Sniffed("PDF文档", ".pdf", data, False)
    found = _image(data, max_side) or _office(data)
    if found is None or (only and found.extension not in only):
        raise DomainError(f"文件「{name}」不是可接受的{what}：只接受{only_text}", field=field)
    return found


def stored_file(sniffed: Sniffed) -> tuple[str, ContentFile]:
    """A random name for the stored copy (the sender's file name is kept apart, never used as a path)."""
    token = secrets.token_hex(12)
    return token, ContentFile(sniffed.content, name=f"{token}{sniffed.extension}")
