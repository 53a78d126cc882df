"""Sealing (加密保存) of a reporter's identity and hashing of receipt codes.

The key is a Fernet key (AES-128-CBC with HMAC-SHA256, ``cryptography``) from the environment variable
``ZUGONG_SEALING_KEY`` or the file ``var/sealing_key`` (``ZUGONG_SEALING_KEY_FILE`` names another), made once with
mode 0600 on first use. It is never in the database: a copy of the database alone reads no identity. Losing the key
loses every sealed identity and every receipt (the receipt salt is derived from it) — back it up apart from the
database (docs/decisions/0022-12380-reports.md).
"""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import private_file

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
RECEIPT_LENGTH = 20  # 100 bits
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def key_file() -> Path:
    return Path(os.environ.get("ZUGONG_SEALING_KEY_FILE", "") or settings.BASE_DIR / "var" / "sealing_key")


def _file_key(path: Path) -> bytes:
    return private_file(path, Fernet.generate_key, "加密密钥文件").strip()


def sealing_key() -> bytes:
    key = os.environ.get("ZUGONG_SEALING_KEY", "").strip().encode() or _file_key(key_file())
    try:
        Fernet(key)
    except ValueError as exc:
        raise ImproperlyConfigured("举报人身份加密密钥格式不正确（应为 Fernet 密钥，44个字符）") from exc
    return key


def seal(values: dict[str, str]) -> str:
    return Fernet(sealing_key()).encrypt(json.dumps(values, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    try:
        return json.loads(Fernet(sealing_key()).decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured("举报人身份无法解密：加密密钥与加密时所用的不一致（密钥丢失或被更换）") from exc


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalized_code(typed: str) -> str:
    """What a reporter typed, without spaces and dashes, upper case (the code is shown in groups of four)."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:64]


def receipt_digest(code: str) -> str:
    """scrypt of the code with the installation's salt (derived from the sealing key): the same code gives the same
    digest, so a lookup is one query on the unique digest, and a copy of the database alone cannot test codes."""
    salt = hmac.new(sealing_key(), b"zugong-12380-receipt-salt", hashlib.sha256).digest()
    return hashlib.scrypt(normalized_code(code).encode(), salt=salt, **SCRYPT).hex()


def grouped(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
