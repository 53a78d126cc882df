"""Use cases of secret ballots (票决): opening a ballot, the roll's sign-in (签到领票), voting codes (投票码),
casting online (no login: the code is the only key), paper entry by tellers (计票员录入, double entry and its
mismatches), closing with the seal (结束计票、封存).

Each refuses with a Chinese message naming the field; a refused call writes nothing.

Races (并发). Every way of casting holds the ballot's row in share mode (``_hold_open``): casts do not wait for
each other, closing (``core.locks.lock``) waits for casts in flight and they for it — a cast after the close finds
the ballot closed. A code is spent by ONE conditional UPDATE of ``used`` (the same code twice at once: exactly one
ballot). Two tellers closing at once: the second finds it closed. A paper entry's number is decided by its locked
row or the unique constraint.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zugong.ballots import rules
from zugong.ballots.models import (
    Ballot,
    Candidate,
    CastBallot,
    Mark,
    PaperEntry,
    RollEntry,
    VotingCode,
)
from zugong.ballots.policies import CODE_LENGTH
from zugong.ballots.seal import compute_seal, verify_seal  # noqa: F401  (part of this module's interface)
from zugong.cadres.models import Cadre
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message, integrity_message
from zugong.members.models import Member
from zugong.organizations.models import Organization
from zugong.surveys.codes import CODE_ALPHABET, CODE_SHAPE, MIN_LENGTH, new_code  # noqa: F401

CAPABILITY = "ballots.tally"
MAX_CANDIDATES = 200
MAX_ROLL = 5000
MAX_CODES_AT_ONCE = 5000
NAME_MAX = 50
CLOSED = "本次投票已结束计票，不能再投票或录入"

constraint_message("ballots_entry_number_unique", "该选票序号刚刚已由他人录入，本次未保存；请核对选票序号")
constraint_message("ballots_candidate_position", "候选人序号重复，本次未保存")
constraint_message("ballots_roll_position", "应到名单序号重复，本次未保存")


def require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, CAPABILITY, organization.path):
        raise DomainError(f"您无权在「{organization}」范围内办理票决", field="organization")


# ---------------------------------------------------------------- opening


def _candidate(item, position: int) -> Candidate:
    if isinstance(item, str):
        name, member, cadre = item, None, None
    else:
        name = getattr(item, "name", "")
        member = item if isinstance(item, Member) else getattr(item, "member", None)
        cadre = item if isinstance(item, Cadre) else getattr(item, "cadre", None)
        member = member if isinstance(member, Member) else None
        cadre = cadre if isinstance(cadre, Cadre) else None
    name = str(name or "").strip()
    if not name:
        raise DomainError(f"第{position}名候选人没有姓名", field="candidates")
    if len(name) > 100:
        raise DomainError(f"第{position}名候选人「{name[:20]}…」超过100字", field="candidates")
    if "|" in name:
        raise DomainError(f"第{position}名候选人「{name}」含有不能使用的字符“|”", field="candidates")
    return Candidate(position=position, name=name, member=member, cadre=cadre)


def _roll(roll) -> tuple[int, list[RollEntry]]:
    """``roll``: a count (the roll is kept on paper) or names / members (the roll is kept here)."""
    if isinstance(roll, int) and not isinstance(roll, bool):
        if not 1 <= roll <= MAX_ROLL:
            raise DomainError(f"应到会人数应为1—{MAX_ROLL}，收到{roll}", field="roll")
        return roll, []
    entries = []
    for position, item in enumerate(roll, start=1):
        member = item if isinstance(item, Member) else None
        name = str(item if isinstance(item, str) else getattr(item, "name", "")).strip()
        if not name:
            raise DomainError(f"应到名单第{position}人没有姓名", field="roll")
        if len(name) > NAME_MAX:
            raise DomainError(f"应到名单第{position}人「{name[:20]}…」超过{NAME_MAX}字", field="roll")
        entries.append(RollEntry(position=position, name=name, member=member))
    if not 1 <= len(entries) <= MAX_ROLL:
        raise DomainError(f"应到名单应有1—{MAX_ROLL}人，收到{len(entries)}人", field="roll")
    return len(entries), entries


def open_ballot(actor, *, organization: Organization, title: str, kind: str, candidates: Sequence, roll,
                rule: str, method: str, seats: int = 1, purpose: str = "", held_on: dt.date | None = None,
                write_in: bool = False, double_entry: bool = False) -> Ballot:
    """A new ballot, open for casting. See docs of ``Ballot.Kind``/``Rule``/``Method`` for the choices."""
    require(actor, organization)
    title = (title or "").strip()
    if not title:
        raise DomainError("请填写表决事项", field="title")
    if kind not in Ballot.Kind.values:
        raise DomainError("表决方式无效", field="kind")
    if rule not in Ballot.Rule.values:
        raise DomainError("通过规则无效", field="rule")
    if method not in Ballot.Method.values:
        raise DomainError("投票方式无效", field="method")
    if kind == Ballot.Kind.YES_NO and not candidates:
        candidates = [title]
    made = [_candidate(item, position) for position, item in enumerate(candidates, start=1)]
    if not 1 <= len(made) <= MAX_CANDIDATES:
        raise DomainError(f"候选人应为1—{MAX_CANDIDATES}名，收到{len(made)}名", field="candidates")
    names = [c.name for c in made]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise DomainError(f"候选人重复：{'、'.join(repeated)}", field="candidates")
    if kind == Ballot.Kind.YES_NO and len(made) != 1:
        raise DomainError("单项表决只有一个表决事项", field="candidates")
    if not 1 <= seats <= len(made):
        raise DomainError(f"应选人数应为1—{len(made)}（候选人数），收到{seats}", field="seats")
    if kind == Ballot.Kind.CHOOSE:
        needed = rules.election_margin_needed(seats)
        if len(made) < needed:
            raise DomainError(f"差额选举应选{seats}人，候选人应不少于{needed}名（{rules.policies.MARGIN}），"
                              f"现有{len(made)}名", field="candidates")
    elif seats != 1 and kind == Ballot.Kind.YES_NO:
        raise DomainError("单项表决的应选人数为1", field="seats")
    entitled, roll_entries = _roll(roll)
    with transaction.atomic():
        ballot = Ballot.objects.create(
            organization=organization, title=title[:200], purpose=(purpose or "").strip()[:200], kind=kind,
            rule=rule, method=method, seats=seats if kind == Ballot.Kind.CHOOSE else 1,
            write_in=write_in and kind != Ballot.Kind.YES_NO, double_entry=double_entry and method == Ballot.Method.PAPER,
            held_on=held_on or timezone.localdate(), entitled=entitled, roll_on_paper=not roll_entries,
            created_by=actor if getattr(actor, "pk", None) else None)
        for item in made:
            item.ballot = ballot
        Candidate.objects.bulk_create(made)
        for entry in roll_entries:
            entry.ballot = ballot
        RollEntry.objects.bulk_create(roll_entries)
        record_event(actor, AuditEvent.Action.CREATE, ballot, subject=organization,
                     message=f"建立票决「{ballot}」：候选人{len(made)}名，应到会{entitled}人")
    return ballot


# ---------------------------------------------------------------- attendance


def _hold_open(ballot: Ballot) -> None:
    """Inside a cast's transaction: hold the ballot's row in share mode (casts do not wait for each other, a close
    waits for them) and refuse if it is closed as committed now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT status FROM {Ballot._meta.db_table} WHERE id = %s FOR SHARE", [ballot.pk])
            status = cursor.fetchone()[0]
    else:  # SQLite: one writer at a time
        status = Ballot.objects.filter(pk=ballot.pk).values_list("status", flat=True).get()
    if status != Ballot.Status.OPEN:
        raise DomainError(CLOSED, field="ballot")


def mark_voted(actor, ballot: Ballot, entry: RollEntry, voted: bool = True) -> RollEntry:
    """The teller ticks a voter on the roll (signed in, took a ballot or a code slip) — or takes the tick back."""
    require(actor, ballot.organization)
    if entry.ballot_id != ballot.pk:
        raise DomainError("该人员不在本次投票的应到名单中", field="roll")
    with transaction.atomic():
        lock(ballot)
        if not ballot.is_open:
            raise DomainError(CLOSED, field="roll")
        RollEntry.objects.filter(pk=entry.pk).update(has_voted=voted)
        present = ballot.roll.filter(has_voted=True).count()
        Ballot.objects.filter(pk=ballot.pk).update(present_recorded=present)
        ballot.present_recorded = present
    entry.has_voted = voted
    return entry


def record_present(actor, ballot: Ballot, present: int) -> Ballot:
    """实到会人数 of a meeting whose roll is kept on paper."""
    require(actor, ballot.organization)
    if not ballot.roll_on_paper:
        raise DomainError("本次投票的应到名单在系统中，实到人数按名单签到计算", field="present")
    if not 0 <= present <= ballot.entitled:
        raise DomainError(f"实到会人数应为0—{ballot.entitled}（应到会人数），收到{present}", field="present")
    with transaction.atomic():
        lock(ballot)
        if not ballot.is_open:
            raise DomainError(CLOSED, field="present")
        ballot.present_recorded = present
        ballot.save(update_fields=["present_recorded"])
        record_event(actor, AuditEvent.Action.UPDATE, ballot, subject=ballot.organization,
                     message=f"登记实到会人数{present}人")
    return ballot


# ---------------------------------------------------------------- marks


@dataclass(frozen=True)
class MarkData:
    position: int  # the candidate's number; 0 for a name written in on a 差额 ballot
    choice: str
    written_name: str = ""


def check_marks(ballot: Ballot, candidates: Sequence[Candidate], choices: Mapping[int, str],
                written: Mapping[int, str] | None = None, *, blank_is_abstain: bool = False) -> list[MarkData]:
    """A valid ballot's marks, every problem at once.

    ``choices``: candidate number → yes/no/abstain/other (APPROVAL, YES_NO) or → yes for each one chosen
    (CHOOSE). ``written``: candidate number → the name written in for 另选他人 (APPROVAL), or 1, 2 … → names
    written in on a 差额 ballot (CHOOSE). On paper an unmarked candidate counts as 弃权 (``blank_is_abstain``).
    """
    written = {int(k): str(v or "").strip() for k, v in (written or {}).items()}
    by_position = {c.position: c for c in candidates}
    problems: list[str] = []
    unknown = sorted(set(choices) - set(by_position))
    if unknown:
        problems.append(f"没有第{'、'.join(map(str, unknown))}号候选人")
    marks: list[MarkData] = []
    if ballot.kind == Ballot.Kind.CHOOSE:
        chosen = sorted(p for p, c in choices.items() if c == Mark.Choice.YES and p in by_position)
        names = [n for _k, n in sorted(written.items()) if n]
        for name in names:
            if len(name) > NAME_MAX:
                problems.append(f"另选人姓名「{name[:20]}…」超过{NAME_MAX}字")
            elif "|" in name or "、" in name:
                problems.append(f"另选人姓名「{name}」含有不能使用的字符")
            elif name in {c.name for c in candidates}:
                problems.append(f"另选人「{name}」已是候选人，请直接选该候选人")
        if len(set(names)) != len(names):
            problems.append("同一张选票上另选人重复")
        if len(chosen) + len(names) > ballot.seats:
            problems.append(f"所选人数{len(chosen) + len(names)}超过应选人数{ballot.seats}（按规定为无效票）")
        marks = [MarkData(p, Mark.Choice.YES) for p in chosen] + [MarkData(0, Mark.Choice.OTHER, n) for n in names]
    else:
        allowed = [Mark.Choice.YES, Mark.Choice.NO, Mark.Choice.ABSTAIN]
        if ballot.write_in:
            allowed.append(Mark.Choice.OTHER)
        for candidate in candidates:
            choice = choices.get(candidate.position) or ""
            if not choice and blank_is_abstain:
                choice = Mark.Choice.ABSTAIN
            if choice not in allowed:
                problems.append(f"请对「{candidate.name}」作出选择" if not choice else f"对「{candidate.name}」的选择无效")
                continue
            name = ""
            if choice == Mark.Choice.OTHER:
                name = written.get(candidate.position, "")
                if not name:
                    problems.append(f"对「{candidate.name}」选择另选他人，请写明另选人姓名")
                    continue
                if len(name) > NAME_MAX or "|" in name:
                    problems.append(f"另选人姓名「{name[:20]}」超过{NAME_MAX}字或含有不能使用的字符“|”")
                    continue
            marks.append(MarkData(candidate.position, choice, name))
    if problems:
        raise DomainError("；".join(problems), field="marks")
    return marks


def candidates_of(ballot: Ballot) -> list[Candidate]:
    return list(ballot.candidates.order_by("position"))


def record_cast(ballot: Ballot, batch: Iterable[tuple[bool, list[MarkData]]], *, channel: str, day: dt.date
                ) -> int:
    """Put ballots in the box: each a valid flag and its marks — nothing else (see the module's docstring)."""
    batch = list(batch)
    ids = {c.position: c.pk for c in ballot.candidates.all()}
    cast = CastBallot.objects.bulk_create(
        CastBallot(ballot=ballot, cast_on=day, channel=channel, valid=valid) for valid, _marks in batch)
    Mark.objects.bulk_create(
        (Mark(cast_ballot=box, ballot=ballot, candidate_id=ids.get(m.position), choice=m.choice,
              written_name=m.written_name)
         for box, (valid, marks) in zip(cast, batch, strict=True) if valid for m in marks),
        batch_size=2000)
    return len(cast)


# ---------------------------------------------------------------- electronic voting


def issue_codes(actor, ballot: Ballot, count: int) -> list[VotingCode]:
    """``count`` single-use codes for printed slips (handed out at the meeting; not tied to any voter)."""
    require(actor, ballot.organization)
    if ballot.method != Ballot.Method.ELECTRONIC:
        raise DomainError("纸质选票的投票不使用投票码", field="count")
    if not ballot.is_open:
        raise DomainError(CLOSED, field="count")
    issued = ballot.codes.count()
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise DomainError(f"一次可生成1—{MAX_CODES_AT_ONCE}个投票码，收到{count}", field="count")
    if issued + count > ballot.entitled:
        raise DomainError(f"投票码总数不能超过应到会人数{ballot.entitled}（已生成{issued}个）", field="count")
    length = code_length()
    with transaction.atomic():
        codes = _insert_codes(ballot, count, length)
        record_event(actor, AuditEvent.Action.CREATE, ballot, subject=ballot.organization,
                     message=f"生成投票码{count}个")
    return codes


def _insert_codes(ballot: Ballot, total: int, length: int, attempts: int = 3) -> list[VotingCode]:
    for _attempt in range(attempts):
        codes: set[str] = set()
        while len(codes) < total:
            codes |= {new_code(length) for _ in range(total - len(codes))}
            codes -= set(VotingCode.objects.filter(code__in=codes).values_list("code", flat=True))
        try:
            with transaction.atomic():
                return VotingCode.objects.bulk_create(VotingCode(ballot=ballot, code=code) for code in sorted(codes))
        except IntegrityError:
            continue
    raise DomainError("生成投票码时与同时生成的投票码重复，本次未生成；请重新提交", field="count")


def code_for(code: str) -> VotingCode | None:
    code = (code or "").strip().upper()
    if not CODE_SHAPE.fullmatch(code):
        return None
    return VotingCode.objects.select_related("ballot").filter(code=code).first()


def cast_online(code: str, choices: Mapping[int, str], written: Mapping[int, str] | None = None) -> None:
    """Vote with a code, once. Nothing of the code, the request or the time goes into the ballot."""
    voting_code = code_for(code)
    if voting_code is None:
        raise DomainError("投票码无效，请核对后重新输入", field="code")
    ballot = voting_code.ballot
    if not ballot.is_open:
        raise DomainError(CLOSED, field="code")
    candidates = candidates_of(ballot)
    marks = check_marks(ballot, candidates, choices, written)
    with transaction.atomic():
        _hold_open(ballot)
        # one UPDATE decides who wins when the same code is used twice at once
        if VotingCode.objects.filter(pk=voting_code.pk, used=False).update(used=True) != 1:
            raise DomainError("此投票码已经投过票，每个投票码只能使用一次", field="code")
        record_cast(ballot, [(True, marks)], channel=CastBallot.Channel.ELECTRONIC, day=timezone.localdate())


# ---------------------------------------------------------------- paper ballots


def entry_json(valid: bool, marks: list[MarkData]) -> dict:
    return {"valid": valid, "marks": sorted([m.position, m.choice, m.written_name] for m in marks)}


def marks_of_entry(entry: dict) -> tuple[bool, list[MarkData]]:
    return bool(entry.get("valid")), [MarkData(int(p), str(c), str(n)) for p, c, n in entry.get("marks", [])]


def _paper_marks(ballot, valid, choices, written) -> list[MarkData]:
    if not valid:
        return []
    return check_marks(ballot, candidates_of(ballot), choices, written, blank_is_abstain=True)


def enter_paper(actor, ballot: Ballot, *, number: int, valid: bool, choices: Mapping[int, str],
                written: Mapping[int, str] | None = None) -> PaperEntry:
    """A teller types one paper ballot. Single entry counts it at once; double entry waits for a second
    teller's copy and counts it when both agree."""
    require(actor, ballot.organization)
    if ballot.method != Ballot.Method.PAPER:
        raise DomainError("电子投票不录入纸质选票", field="number")
    if not ballot.is_open:
        raise DomainError(CLOSED, field="number")
    if not isinstance(number, int) or not 1 <= number <= MAX_ROLL:
        raise DomainError(f"选票序号应为1—{MAX_ROLL}", field="number")
    marks = _paper_marks(ballot, valid, choices, written)
    entry = entry_json(valid, marks)
    with transaction.atomic():
        _hold_open(ballot)
        sheet = PaperEntry.objects.select_for_update().filter(ballot=ballot, number=number).first()
        if sheet is None:
            if PaperEntry.objects.filter(ballot=ballot).count() >= ballot.entitled:
                raise DomainError(f"录入的选票已达应到会人数{ballot.entitled}张，不能再录入", field="number")
            status = PaperEntry.Status.AWAITING_SECOND if ballot.double_entry else PaperEntry.Status.DONE
            try:
                with transaction.atomic():  # the same number typed at the same moment: the constraint decides
                    sheet = PaperEntry.objects.create(ballot=ballot, number=number, first_entry=entry,
                                                      first_by=actor, status=status)
            except IntegrityError as error:
                sheet = PaperEntry.objects.select_for_update().filter(ballot=ballot, number=number).first()
                if sheet is None:
                    raise DomainError(integrity_message(error), field="number") from error
            else:
                if status == PaperEntry.Status.DONE:
                    record_cast(ballot, [(valid, marks)], channel=CastBallot.Channel.PAPER, day=timezone.localdate())
                return sheet
        if sheet.status != PaperEntry.Status.AWAITING_SECOND:
            raise DomainError(f"第{number}张选票已经录入过", field="number")
        if sheet.first_by_id == actor.pk:
            raise DomainError(f"第{number}张选票的第二次录入须由另一名计票员完成", field="number")
        sheet.second_entry, sheet.second_by = entry, actor
        if sheet.first_entry == entry:
            sheet.status = PaperEntry.Status.DONE
            record_cast(ballot, [(valid, marks)], channel=CastBallot.Channel.PAPER, day=timezone.localdate())
        else:
            sheet.status = PaperEntry.Status.MISMATCH
        sheet.save()
    return sheet


def resolve_mismatch(actor, sheet: PaperEntry, *, valid: bool, choices: Mapping[int, str],
                     written: Mapping[int, str] | None = None) -> PaperEntry:
    """A teller looks at the paper ballot and enters what it says; it is then counted."""
    ballot = sheet.ballot
    require(actor, ballot.organization)
    marks = _paper_marks(ballot, valid, choices, written)
    with transaction.atomic():
        _hold_open(ballot)
        sheet = PaperEntry.objects.select_for_update().get(pk=sheet.pk)  # two tellers at once: the first decides
        if sheet.status != PaperEntry.Status.MISMATCH:
            raise DomainError(f"第{sheet.number}张选票没有待处理的不一致", field="number")
        sheet.first_entry, sheet.status = entry_json(valid, marks), PaperEntry.Status.DONE
        sheet.save()
        record_cast(ballot, [(valid, marks)], channel=CastBallot.Channel.PAPER, day=timezone.localdate())
        record_event(actor, AuditEvent.Action.UPDATE, ballot, subject=ballot.organization,
                     message=f"第{sheet.number}张选票两次录入不一致，已按原件核定")
    return sheet


# ---------------------------------------------------------------- closing


def close_ballot(actor, ballot: Ballot) -> Ballot:
    """End the count: no more casting or entry; the ballots are sealed (``seal.py``)."""
    require(actor, ballot.organization)
    with transaction.atomic():
        lock(ballot)  # waits for casts in flight; a second teller closing waits and finds it closed
        if not ballot.is_open:
            raise DomainError("本次投票已经结束计票，不能重复结束", field="ballot")
        waiting = ballot.paper_entries.exclude(status=PaperEntry.Status.DONE).count()
        if waiting:
            raise DomainError(f"还有{waiting}张选票待第二人录入或两次录入不一致，处理完毕后才能结束计票",
                              field="ballot")
        cast = ballot.cast.count()
        if ballot.method == Ballot.Method.PAPER and ballot.present_recorded is None:
            raise DomainError("请先登记实到会人数（或在应到名单上签到），再结束计票", field="present")
        if ballot.present_recorded is not None and cast > ballot.present_recorded:
            raise DomainError(f"收回选票{cast}张，多于实到会人数{ballot.present_recorded}人，请核对后再结束计票",
                              field="ballot")
        ballot.status = Ballot.Status.CLOSED
        ballot.closed_on = timezone.localdate()
        ballot.closed_by = actor
        ballot.seal = compute_seal(ballot)
        ballot.save(update_fields=["status", "closed_on", "closed_by", "seal"])
        record_event(actor, AuditEvent.Action.UPDATE, ballot, subject=ballot.organization,
                     message=f"结束计票：收回选票{cast}张，封存码{ballot.seal[:16]}…")
    return ballot


def present_of(ballot: Ballot, cast: int) -> int:
    """实到会人数: the roll's ticks or the recorded figure; an electronic vote with neither counts its ballots."""
    if ballot.present_recorded is not None:
        return ballot.present_recorded
    return cast if ballot.method == Ballot.Method.ELECTRONIC else 0


def code_length() -> int:
    """The policy's length, never below the surveys' ``MIN_LENGTH`` (the same rule for every printed code)."""
    return max(policy_int(CODE_LENGTH.key), MIN_LENGTH)
