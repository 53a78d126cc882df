"""Entering a voting code on the public page (投票码输入限制), as the surveys' ``/s/`` does (``surveys/codes.py``):
each typed code counts one attempt on this address's and everyone's window (``core.throttle``, own policies
``ballots.code_attempts_*``), a right code gives its count back, and over a limit the entry is refused — a right
code too — until the window ends. Codes are drawn by ``surveys.codes.new_code`` (same alphabet, ≥ 8 characters).
"""

from zugong.ballots.models import VotingCode
from zugong.ballots.policies import (
    CODE_ATTEMPT_MINUTES,
    CODE_ATTEMPTS_PER_ADDRESS,
    CODE_ATTEMPTS_TOTAL,
)
from zugong.ballots.services import code_for
from zugong.core import throttle
from zugong.core.policy import policy_values
from zugong.core.throttle import TooManyAttempts  # noqa: F401  (raised by enter_code; the public views catch it)


def enter_code(address: str, code: str) -> VotingCode | None:
    """The voting code as typed (None: no such code, counted as a wrong one); ``TooManyAttempts`` over a limit."""
    values = policy_values("ballots.code_")
    return throttle.counted_lookup(
        lambda: code_for(code), what="投票码", window_seconds=int(values[CODE_ATTEMPT_MINUTES.key]) * 60,
        windows=((f"ballot-code:addr:{address}", int(values[CODE_ATTEMPTS_PER_ADDRESS.key])),
                 ("ballot-code:all", int(values[CODE_ATTEMPTS_TOTAL.key]))))
