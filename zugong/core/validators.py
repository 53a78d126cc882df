"""Validators for national identifiers: 身份证号 (GB 11643) and 统一社会信用代码 (GB 32100).

Both check digits are computed from the weights in RULES.md.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class IdentityNumber:
    number: str
    birth_date: dt.date
    is_male: bool


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def parse_identity_number(raw: str) -> IdentityNumber:
    """Normalize and check a 身份证号; 15-digit legacy numbers become 18 digits.

    Raises ValidationError with a Chinese message naming the problem.
    """
    value = (raw or "").strip().upper()
    if len(value) == 15:
        if not value.isdigit():
            raise ValidationError("15位身份证号只能由数字组成")
        first17 = value[:6] + "19" + value[6:]
        value = first17 + id_check_char(first17)
    if len(value) != 18:
        raise ValidationError(f"身份证号应为18位（或15位旧号），现为{len(value)}位")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError("身份证号前17位须为数字，末位为数字或X")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError(f"身份证号中的出生日期 {value[6:14]} 不是有效日期") from exc
    today = timezone.localdate()
    if birth > today:
        raise ValidationError(f"身份证号中的出生日期 {birth:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），请核对身份证号")
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(f"身份证号校验位错误：末位应为 {expected}")
    return IdentityNumber(number=value, birth_date=birth, is_male=int(value[16]) % 2 == 1)


def validate_identity_number(value: str) -> None:
    parse_identity_number(value)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    check = 31 - total % 31
    return USCC_ALPHABET[0 if check == 31 else check]


def uscc_problem(raw: str) -> str | None:
    """Return a Chinese description of what is wrong with a 统一社会信用代码, or None.

    Some old, real codes fail the check digit, so callers warn rather than block.
    """
    value = (raw or "").strip().upper()
    if len(value) != 18:
        return f"统一社会信用代码应为18位，现为{len(value)}位"
    bad = sorted({c for c in value if c not in USCC_ALPHABET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}"
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        return f"统一社会信用代码校验位不符（按 GB 32100 应为 {expected}），请核对"
    return None
