"""The seal of a closed ballot (计票封存码): a SHA-256 over every cast ballot, in an order that does not depend on
how they were stored, so anyone holding the download can recompute it.

The text hashed is a header naming the ballot and its candidates, then one line per cast ballot, the lines sorted:

    zugong-ballot-v1|<ballot id>|<kind>|<seats>|1=张三|2=李四
    0                              (an invalid ballot)
    1|1:yes:|2:other:王五          (a valid one: candidate number, choice, written name; marks sorted)

A ballot added, removed or altered after closing (or a reopened box) gives another hash, and ``verify_seal``
says so. The download (``exports.py``) carries the same figures and ``seal_of_rows`` recomputes the seal from it.
"""

import hashlib
from collections.abc import Iterable

from zugong.ballots.models import Ballot, CastBallot, Mark

VERSION = "zugong-ballot-v1"


def header(ballot: Ballot, candidates: Iterable[tuple[int, str]]) -> str:
    names = "|".join(f"{position}={name}" for position, name in candidates)
    return f"{VERSION}|{ballot.pk}|{ballot.kind}|{ballot.seats}|{names}"


def line(valid: bool, marks: Iterable[tuple[int, str, str]]) -> str:
    """One ballot: ``0`` if invalid, else ``1`` and its marks (candidate number or 0 for a written-in name)."""
    if not valid:
        return "0"
    return "|".join(["1", *sorted(f"{position}:{choice}:{name}" for position, choice, name in marks)])


def digest(head: str, lines: Iterable[str]) -> str:
    hasher = hashlib.sha256(head.encode())
    for text in sorted(lines):
        hasher.update(b"\n" + text.encode())
    return hasher.hexdigest()


def ballot_lines(ballot: Ballot) -> dict:
    """Each cast ballot's line, by the cast ballot's id (three queries, whatever the number of ballots)."""
    positions = dict(ballot.candidates.values_list("pk", "position"))
    marks: dict = {}
    for cast_id, candidate_id, choice, name in Mark.objects.filter(ballot=ballot).values_list(
            "cast_ballot_id", "candidate_id", "choice", "written_name").iterator(chunk_size=10000):
        marks.setdefault(cast_id, []).append((positions.get(candidate_id, 0), choice, name))
    return {cast_id: line(valid, marks.get(cast_id, ()))
            for cast_id, valid in CastBallot.objects.filter(ballot=ballot).values_list("id", "valid")
            .iterator(chunk_size=10000)}


def compute_seal(ballot: Ballot) -> str:
    candidates = ballot.candidates.order_by("position").values_list("position", "name")
    return digest(header(ballot, candidates), ballot_lines(ballot).values())


def verify_seal(ballot: Ballot) -> bool:
    """Whether the ballots stored now are the ballots sealed at closing (False for an open or unsealed one)."""
    return bool(ballot.seal) and compute_seal(ballot) == ballot.seal
