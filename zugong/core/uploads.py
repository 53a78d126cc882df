"""Uploaded files (上传文件): the size cap of a request, the checks every import form makes, keeping an upload
for its confirmation, and deleting it when the import is done or its keeping period (保存期限) has passed.

* Size cap (上传大小上限): ``CappedUploadHandler`` is the first upload handler (settings.FILE_UPLOAD_HANDLERS). It
  counts the bytes of every file in a request; past ``ZUGONG_UPLOAD_MAX_BYTES`` the rest is dropped — neither
  kept in memory nor written to disk — and the field receives a ``RefusedUpload`` (empty, so any form refuses it;
  ``UploadField`` names the limit in its message).
* Kept uploads (暂存的上传文件) live under ``MEDIA_ROOT/imports``; they hold ID numbers, so an import deletes its
  file when it ends (applied, failed, refused) and ``delete_expired`` — run nightly — deletes any file older
  than the policy ``core.upload_keep_days``.
* Reading a workbook safely is ``core.workbooks``.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction

from zugong.core.access import DomainError
from zugong.core.checks import checks_batched
from zugong.core.policy import define, policy_int
from zugong.core.submissions import claim_submission
from zugong.core.tasks import nightly
from zugong.core.workbooks import megabytes

log = logging.getLogger(__name__)

KEEP_DAYS = define(
    "core.upload_keep_days", label="导入文件保存期限", module="数据安全", kind=int, default=7, unit="天",
    source="本系统数据安全设置，参照《个人信息保护法》第十九条（保存期限应当为实现处理目的所必要的最短时间）："
           "上传待导入的文件含身份证号，导入结束即删除，未确认导入的至迟在此期限后删除",
    minimum=1, maximum=30,
)


def uploads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def limit_text() -> str:
    return megabytes(settings.ZUGONG_UPLOAD_MAX_BYTES)


class RefusedUpload(SimpleUploadedFile):
    """What a form receives for a file dropped by the size cap: empty (so any form refuses it) and saying why."""

    def __init__(self, name: str, received: int):
        super().__init__(name, b"")
        self.refusal = (f"文件「{name}」超过上传大小上限 {limit_text()}（已收到 {megabytes(received)} 时停止接收），"
                        "未读取；请拆分后分批上传")


class CappedUploadHandler(FileUploadHandler):
    """Counts the bytes of all files of a request; past the cap, the file's remaining chunks go nowhere."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.file_received += len(raw_data)
        if self.received > settings.ZUGONG_UPLOAD_MAX_BYTES:
            self.refused = True
        return None if self.refused else raw_data

    def file_complete(self, file_size):
        return RefusedUpload(self.file_name or "", self.file_received) if self.refused else None


def refusal(upload) -> str | None:
    """Why an uploaded file was not received whole, or None."""
    return getattr(upload, "refusal", None)


class UploadField(forms.FileField):
    """A file field that says when the size cap dropped the file, and checks the file's extension."""

    def __init__(self, *args, extensions: tuple[str, ...] = (".xlsx",), **kwargs):
        self.extensions = extensions
        kwargs.setdefault("error_messages", {"required": "请选择要上传的文件", "empty": "上传的文件为空"})
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if too_large := refusal(data):
            raise forms.ValidationError(too_large, code="too_large")
        upload = super().to_python(data)
        name = getattr(upload, "name", None) or ""
        if upload is not None and not name.lower().endswith(self.extensions):
            raise forms.ValidationError(f"请上传 {'、'.join(self.extensions)} 格式的文件（收到「{name[-40:]}」）",
                                        code="extension")
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(UploadField):
    """Several files in one field (an LRMX batch); each is checked as ``UploadField`` checks one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(UploadsField, self).clean(item, initial) for item in files]


class Applied(Protocol):
    applied: bool


def apply_once[R](token, apply: Callable[[], R], applied: Callable[[R], bool]) -> R:
    """Apply an import with its page's one-time token claimed in the same transaction: a second submit of the
    page (a double click, or a confirmation sent twice) waits for the first and is refused with
    ``ALREADY_SUBMITTED``; an apply that wrote nothing gives the token back, so a corrected file can follow.
    The checks the rows' changes ask for run once per subtree after the commit (``checks_batched``)."""
    with checks_batched(), transaction.atomic():
        claim_submission(token)
        result = apply()
        if not applied(result):
            transaction.set_rollback(True)
    return result


def check_or_apply[R: Applied](request, form, run: Callable[[bool], R]) -> R | None:
    """The "检查" / "导入" buttons of a one-page import (``action`` = check | apply) on a valid form with a
    one-time token: ``run(apply)`` returns the report (with ``applied``); a refusal goes onto the form."""
    try:
        if request.POST.get("action") == "apply":
            return apply_once(form.cleaned_data["submission_token"], lambda: run(True), lambda r: r.applied)
        return run(False)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def keep(upload, path: Path) -> Path:
    """Save an upload under ``path`` (inside ``uploads_root``) until its import is confirmed or it expires."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@nightly
def delete_expired(now: float | None = None) -> int:
    """Delete kept uploads (and their progress files) older than the keeping period; return how many."""
    root = uploads_root()
    if not root.exists():
        return 0
    cutoff = (now or time.time()) - dt.timedelta(days=policy_int(KEEP_DAYS.key)).total_seconds()
    deleted = 0
    for path in root.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except OSError:  # deleted meanwhile by its import
            continue
    if deleted:
        log.info("deleted %s expired uploads", deleted)
    return deleted
