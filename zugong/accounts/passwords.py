"""Passwords (密码): the validator against guessable ones and the administrator's temporary password.

Django's validators refuse short, common and name-like passwords (settings.AUTH_PASSWORD_VALIDATORS);
``GuessablePasswordValidator`` adds what an attacker of *this* system tries first: its own name
(zugong, 组工, 组织部 …) with a year or ``@123``, keyboard runs and digits-and-symbols only.
"""

import re
import secrets

from django.core.exceptions import ValidationError

# What an attacker of a 组工 system types first, lowercase.
SYSTEM_WORDS = (
    "zugong", "组工", "zuzhibu", "组织部", "zuzhi", "组织", "dangjian", "党建", "dangyuan", "党员",
    "dangwei", "党委", "gongchandang", "共产党", "zhongguo", "中国", "admin", "administrator", "password",
    "passwd", "mima", "密码", "welcome", "login", "root", "test", "user", "guest", "china",
)
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedcrfv")
MIN_OTHER_LETTERS = 4


def _strip_guessable(letters: str) -> str:
    for word in sorted(SYSTEM_WORDS, key=len, reverse=True):
        letters = letters.replace(word, "")
    for sequence in SEQUENCES:
        for run in (sequence, sequence[::-1]):
            for length in range(len(run), 3, -1):  # runs of four or more keys in a row
                for start in range(len(run) - length + 1):
                    letters = letters.replace(run[start:start + length], "")
    return re.sub(r"(.)\1{2,}", "", letters)  # the same letter three times or more


class GuessablePasswordValidator:
    """Refuse a password whose letters, once the system's names, common words, keyboard runs and repeats
    are taken out, are fewer than four: ``zugong2027``, ``Zugong@123``, ``组工2026``, ``qwer1234!``."""

    def validate(self, password: str, user=None) -> None:
        letters = "".join(ch for ch in password.casefold() if ch.isalpha())
        if len(_strip_guessable(letters)) < MIN_OTHER_LETTERS:
            raise ValidationError(self.get_help_text(), code="password_guessable")

    def get_help_text(self) -> str:
        return ("密码不能主要由本系统名称（如 zugong、组工、组织部）、常见词语、键盘顺序、重复字符或数字符号组成，"
                f"除这些以外至少还要有 {MIN_OTHER_LETTERS} 个字母或汉字")


# No 0/O, 1/l/I: the administrator reads the temporary password out or writes it down.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """Twelve random characters in three groups (about 70 bits), e.g. ``Kq7m-X2rt-9PzW``."""
    while True:
        groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        try:
            GuessablePasswordValidator().validate(password)
        except ValidationError:
            continue
        return password
