"""Entering a voting code on the public page (投票码输入限制), as the surveys' ``/s/`` does (``surveys/codes.py``):
each typed code counts one attempt on this address's and everyone's window (``core.throttle``, own policies
``ballots.code_attempts_*``), a right code gives its count back, and over a limit the entry is refused — a right
code too — until the window ends. Codes are drawn by ``surveys.codes.new_code`` (same alphabet, ≥ 8 characters).
"""

from django.db import transaction
from django.utils import timezone

from zugong.ballots.models import VotingCode
from zugong.ballots.policies import (
    CODE_ATTEMPT_MINUTES,
    CODE_ATTEMPTS_PER_ADDRESS,
    CODE_ATTEMPTS_TOTAL,
)
from zugong.ballots.services import code_for
from zugong.core import throttle
from zugong.core.policy import policy_values
from zugong.surveys.codes import TooManyAttempts


class TooManyVotingCodes(TooManyAttempts):
    def __init__(self, until, now):
        super().__init__(until, now)
        self.message = f"输入投票码的次数过多，请于 {timezone.localtime(until):%H:%M} 后再试。"
        self.args = (self.message,)


def _limits(address: str) -> tuple[int, tuple[tuple[str, int], ...]]:
    values = policy_values("ballots.code_")
    return int(values[CODE_ATTEMPT_MINUTES.key]) * 60, (
        (f"ballot-code:addr:{address}", int(values[CODE_ATTEMPTS_PER_ADDRESS.key])),
        ("ballot-code:all", int(values[CODE_ATTEMPTS_TOTAL.key])),
    )


def enter_code(address: str, code: str) -> VotingCode | None:
    """The voting code as typed (None: no such code, counted as a wrong one); ``TooManyVotingCodes`` over a limit."""
    now = timezone.now()
    window, keys = _limits(address)
    with transaction.atomic():  # the windows' rows stay locked until the code is decided (see surveys/codes.py)
        for key, limit in keys:
            if not throttle.hit(key, limit=limit, window_seconds=window, now=now):
                raise TooManyVotingCodes(throttle.window_end(now, window), now)
        voting_code = code_for(code)
        if voting_code is not None:
            for key, _limit in keys:
                throttle.give_back(key, window_seconds=window, now=now)
    return voting_code
