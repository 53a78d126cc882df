"""Environment-variable parsing that fails loudly on a bad value.

A typo in a deployment variable must stop the process at start, not be
silently replaced by a default.
"""

import os
import secrets
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"环境变量 {name} 未设置 (environment variable {name} is required)")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name}={raw!r} 不是布尔值 (expected one of {sorted(_TRUE | _FALSE)})"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 不是整数 (expected an integer)") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def private_file(path: Path, make: Callable[[], bytes], what: str) -> bytes:
    """The content of ``path``, written once by ``make()`` (file mode 0600) when it does not exist.

    The web server's workers, the task worker and the scheduler start at the same moment and must all read the
    same key: the file appears whole through a hard link (which fails if another process was first), never half
    written. A file that others may read is refused: whoever reads a key can use it.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")  # mkstemp makes it 0600
        try:
            os.write(descriptor, make())
            os.fsync(descriptor)
            os.close(descriptor)
            try:
                os.link(draft, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
        finally:
            os.unlink(draft)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ImproperlyConfigured(f"{what} {path} 的权限过宽，请执行 chmod 600 {path} "
                                   f"(the file must be readable by its owner only)")
    return path.read_bytes()


def secret_key_file(path: Path) -> str:
    """The secret key kept in ``path``, made once (64 random characters) when it does not exist: whoever reads it
    can forge a session."""
    key = private_file(path, lambda: secrets.token_urlsafe(48).encode(), "密钥文件").decode().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"密钥文件 {path} 的内容太短，请删除该文件后重新启动以生成新密钥 "
                                   f"(the secret key in {path} is too short)")
    return key
