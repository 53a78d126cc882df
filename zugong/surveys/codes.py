"""Invitation codes (邀请码): how they are drawn, and how many wrong ones the public pages take (输入限制).

Drawing. A code is ``surveys.code_length`` characters (policy, at least ``MIN_LENGTH`` = 8) drawn with
``secrets`` from ``CODE_ALPHABET``: 31 letters and digits, without 0/O and 1/I/L, since codes are typed from
paper slips. Each character carries log2(31) ≈ 4.95 bits, so 8 characters are 31^8 ≈ 8.5 × 10^11 codes
(39.6 bits of entropy); 10 characters 8.2 × 10^14 (49.5 bits). A code is looked up by equality whatever its
length, so codes issued under a shorter setting stay valid.

Entering. Typing a code on ``/s/`` or opening ``/s/<code>/`` is an attempt (``enter_code``). In one transaction
it counts one attempt on two database windows of ``core.throttle`` (shared by every web worker): this address's
(``surveys.code_attempts_per_address``) and everyone's (``surveys.code_attempts_total``), both per
``surveys.code_attempt_minutes``. Over either limit the entry is refused before the code is looked up — a
correct code too — until the window ends (HTTP 429, a Chinese page naming the time). A code that exists gives
its count back, and a refused entry's count is rolled back, so the limits count wrong codes only: a meeting room
answering behind one address is not stopped by its own correct entries. The windows' rows stay locked from the
count to the lookup's outcome, so parallel guesses never get more lookups than the limit and parallel right
codes are never refused.

What a guesser gets: at the default 200 wrong codes per 10 minutes (28,800 a day) against 5,000 unused 8-character
codes, 28,800 × 5,000 / 8.5 × 10^11 ≈ 1.7 × 10^-4 codes a day, about one in 200 over a month-long survey — and
for as long as the guessing goes on every real respondent is refused, which nobody would miss. A guessed code
answers one questionnaire once. See docs/decisions/0011-survey-code-entry-limits.md.
"""

import re
import secrets

from zugong.core import throttle
from zugong.core.policy import policy_int, policy_values
from zugong.core.throttle import TooManyAttempts  # noqa: F401  (raised by enter_code; the public views catch it)
from zugong.surveys.models import Invitation
from zugong.surveys.policies import (
    CODE_ATTEMPT_MINUTES,
    CODE_ATTEMPTS_PER_ADDRESS,
    CODE_ATTEMPTS_TOTAL,
    CODE_LENGTH,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed from paper slips
MIN_LENGTH = 8
CODE_SHAPE = re.compile(r"[A-Z0-9]{1,16}")  # what an issued code can look like (16: the column and the policy's most)


def code_length() -> int:
    """The policy's length, never below ``MIN_LENGTH`` (a value stored before the minimum was raised)."""
    return max(policy_int(CODE_LENGTH.key), MIN_LENGTH)


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def invitation_for(code: str) -> Invitation | None:
    """The invitation of a code as typed (spaces around it and lower case forgiven), without counting it.
    Anything that cannot be a code (other characters, a NUL, too long) is no code and never reaches the database."""
    code = code.strip().upper()
    if not CODE_SHAPE.fullmatch(code):
        return None
    return Invitation.objects.select_related("group", "group__survey", "group__organization").filter(code=code).first()


def enter_code(address: str, code: str) -> Invitation | None:
    """The invitation of a typed code (None: no such code, counted as a wrong one); raises ``TooManyAttempts``
    over a limit, whether the code is right or not."""
    values = policy_values("surveys.code_")
    return throttle.counted_lookup(
        lambda: invitation_for(code), what="邀请码", window_seconds=int(values[CODE_ATTEMPT_MINUTES.key]) * 60,
        windows=((f"survey-code:addr:{address}", int(values[CODE_ATTEMPTS_PER_ADDRESS.key])),
                 ("survey-code:all", int(values[CODE_ATTEMPTS_TOTAL.key]))))
