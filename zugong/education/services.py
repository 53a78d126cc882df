"""Use cases of member education and care: study days (branch meetings, ``branchlife.study_days``), pledges,
points entered, care allowance paid.

Each refuses with a Chinese message naming the field; a refused call writes nothing. Decisions that two people
can take at once (并发) are decided inside the transaction: a month's care allowance and an item's points by their
unique constraints, a pledge's review and the scheme by locking their rows and comparing them with what the page
showed (``seen``); the loser is told, in Chinese, and changes nothing. Double submits of the create forms are
refused by their one-time token (``core.submissions.OnceOnlyForm``).
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.branchlife.models import Meeting
from zugong.branchlife.study_days import record_study_day
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.dates import month_start
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int, require_policy_change
from zugong.core.submissions import constraint_message
from zugong.education.models import (
    CarePayment,
    CareVisit,
    MutualAidGrant,
    Pledge,
    PointsEntry,
    ScoreItem,
)
from zugong.education.policies import CARE_MONTHLY_AMOUNT
from zugong.members.models import Member
from zugong.organizations.models import Organization

constraint_message("care_payment_once_a_month", "该党员本月的关爱金刚刚已发放（可能是他人同时办理），本次未发放；请刷新页面查看")
constraint_message("points_entry_once_per_item", "该党员这一年度此项积分刚刚已登记（可能是他人同时办理），本次未保存；请刷新页面查看")


def _require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, "members.change", organization.path):
        raise DomainError(f"您无权在「{organization}」范围内办理", field="organization")


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"{what}不能晚于今天", field=field)


def record_study_session(actor, organization: Organization, *, held_on: dt.date, topic: str, notes: str = "",
                         attendees: Sequence[Member], excused: Sequence[Member] = (), reason: str = "") -> Meeting:
    """A study day: a branch meeting of kind 学习日 with its whole roll (``branchlife.study_days``)."""
    return record_study_day(actor, organization, held_on=held_on, topic=topic, notes=notes, attendees=attendees,
                            excused=excused, reason=reason)


def record_pledge(actor, member: Member, *, year: int, content: str) -> Pledge:
    _require(actor, member.organization)
    if not content.strip():
        raise DomainError("请填写承诺内容", field="content")
    with transaction.atomic():
        pledge = Pledge.objects.create(member=member, year=year, content=content.strip())
        record_event(actor, AuditEvent.Action.CREATE, pledge, subject=member)
    return pledge


REVIEW_CHANGED = ("该承诺的点评和评议刚刚已被修改（他人同时办理，或本页重复提交），本次未保存；"
                  "请刷新页面查看最新结果后再修改")


def _version(*values) -> str:
    """A short fingerprint of what a page showed, to tell whether the record changed since (乐观锁)."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def review_version(pledge: Pledge) -> str:
    return _version(pledge.leader_comment, pledge.public_review, pledge.kept)


def review_pledge(actor, pledge: Pledge, *, leader_comment: str, public_review: str, kept: bool | None,
                  seen: str | None = None) -> Pledge:
    """The secretary's comment (领导点评), the members' and public's review (群众评议) and whether it was kept.

    ``seen``: the review's version the page showed; a review changed since then is not overwritten.
    """
    _require(actor, pledge.member.organization)
    if kept is not None and not public_review:
        raise DomainError("认定是否践诺前，请先登记群众评议结果", field="public_review")
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().select_related("member").get(pk=pledge.pk)
        if seen is not None and review_version(pledge) != seen:
            raise DomainError(REVIEW_CHANGED)
        before = {"领导点评": pledge.leader_comment, "群众评议": pledge.get_public_review_display(), "已践诺": pledge.kept}
        pledge.leader_comment, pledge.public_review, pledge.kept = leader_comment.strip(), public_review, kept
        pledge.save()
        after = {"领导点评": pledge.leader_comment, "群众评议": pledge.get_public_review_display(), "已践诺": pledge.kept}
        record_event(actor, AuditEvent.Action.UPDATE, pledge, subject=pledge.member,
                     changes={k: [before[k], v] for k, v in after.items() if before[k] != v})
    return pledge


def enter_points(actor, member: Member, *, year: int, item: ScoreItem | None, points: Decimal,
                 reason: str = "") -> PointsEntry:
    """An entered item's points (replacing an earlier entry), or an addition / deduction with its reason."""
    _require(actor, member.organization)
    if item is not None and not (0 <= points <= item.max_points):
        raise DomainError(f"「{item.name}」应在 0–{item.max_points} 分之间，收到 {points}", field="points")
    if item is None and not reason.strip():
        raise DomainError("加分或扣分须写明事由", field="reason")
    if item is None and points == 0:
        raise DomainError("加分或扣分不能为0", field="points")
    with transaction.atomic():
        if item is not None:
            PointsEntry.objects.filter(member=member, year=year, item=item).delete()
        try:
            with transaction.atomic():  # two people entering the same item at once: the constraint decides
                entry = PointsEntry.objects.create(member=member, year=year, item=item, points=points,
                                                   reason=reason.strip(),
                                                   recorded_by=actor if actor.is_authenticated else None)
        except IntegrityError as error:
            raise DomainError(ITEM_TAKEN.format(item=item, year=year), field="item") from error
        record_event(actor, AuditEvent.Action.CREATE, entry, subject=member,
                     message=f"{year}年积分：{item.name if item else ('加分' if points > 0 else '扣分')} {points}"
                             f"{'（' + reason.strip() + '）' if reason.strip() else ''}")
    return entry


ITEM_TAKEN = "「{item.name}」{year}年的积分刚刚已由他人登记，本次未保存；请刷新页面查看后再修改"


def pay_care_allowance(actor, organization: Organization, month: dt.date, members: list[Member],
                       paid_on: dt.date) -> list[CarePayment]:
    """One month of 关爱金 for the chosen eligible members of a branch, at the policy's monthly amount."""
    from zugong.education.selectors import care_eligibility

    _require(actor, organization)
    _not_future(paid_on, "paid_on", "发放日期")
    month = month_start(month)
    if not members:
        raise DomainError("请勾选发放对象", field="members")
    eligible = {e.member.pk for e in care_eligibility(Member.objects.filter(organization=organization), month)
                if e.eligible}
    refused = [m.name for m in members if m.pk not in eligible]
    if refused:
        raise DomainError(f"{'、'.join(refused)}不符合关爱金发放条件", field="members")
    _refuse_paid(members, month)
    amount = Decimal(policy_int(CARE_MONTHLY_AMOUNT.key))
    with transaction.atomic():
        try:
            with transaction.atomic():  # paid at the same moment by someone else: the constraint decides
                payments = CarePayment.objects.bulk_create(
                    [CarePayment(member=m, month=month, amount=amount, paid_on=paid_on) for m in members])
        except IntegrityError as error:
            _refuse_paid(members, month)  # the other payment is committed once the constraint has refused ours
            raise DomainError(f"{month.year}年{month.month}月的关爱金刚刚已由他人发放，本次未发放；请刷新页面查看",
                              field="members") from error
        record_event(actor, AuditEvent.Action.CREATE, organization, subject=organization,
                     changes={"关爱金": [None, f"{month.year}年{month.month}月 {len(payments)}人 × {amount}元"]},
                     message="发放关爱金")
    return payments


def _refuse_paid(members: list[Member], month: dt.date) -> None:
    paid = set(CarePayment.objects.filter(member__in=members, month=month).values_list("member__name", flat=True))
    if paid:
        raise DomainError(f"{'、'.join(sorted(paid))}{month.year}年{month.month}月的关爱金已发放", field="members")


def grant_mutual_aid(actor, member: Member, *, granted_on: dt.date, amount: Decimal, reason: str) -> MutualAidGrant:
    _require(actor, member.organization)
    _not_future(granted_on, "granted_on", "发放日期")
    if amount <= 0:
        raise DomainError("金额应大于0元", field="amount")
    if not reason.strip():
        raise DomainError("请填写事由", field="reason")
    with transaction.atomic():
        grant = MutualAidGrant.objects.create(member=member, granted_on=granted_on, amount=amount,
                                              reason=reason.strip())
        record_event(actor, AuditEvent.Action.CREATE, grant, subject=member)
    return grant


def record_visit(actor, member: Member, *, visited_on: dt.date, visitor: str, note: str = "") -> CareVisit:
    _require(actor, member.organization)
    _not_future(visited_on, "visited_on", "走访日期")
    if not visitor.strip():
        raise DomainError("请填写走访人", field="visitor")
    with transaction.atomic():
        visit = CareVisit.objects.create(member=member, visited_on=visited_on, visitor=visitor.strip(),
                                         note=note.strip())
        record_event(actor, AuditEvent.Action.CREATE, visit, subject=member)
    return visit


SCHEME_CHANGED = "积分项目分值刚刚已被修改（他人同时办理，或本页重复提交），本次未保存；请刷新页面，按最新分值重新调整"


def scheme_version(items=None) -> str:
    """The fingerprint of the whole scheme as a page shows it: each item's points and the meetings it counts."""
    rows = items if items is not None else ScoreItem.objects.order_by("pk")
    return _version(*((item.pk, item.max_points, sorted(item.meeting_kinds)) for item in rows))


def set_scheme(actor, points: dict[ScoreItem, int], seen: str | None = None,
               kinds: dict[ScoreItem, list[str]] | None = None) -> list[ScoreItem]:
    """The department sets every item's points at once; a 100-point scheme adds up to 100. ``kinds``: for an
    attendance item, the meeting kinds whose rolls it counts (at least one).

    ``seen``: the scheme's version the page showed; a scheme changed since then is not overwritten (two edits at
    once could otherwise mix into a scheme that does not add up to 100).
    """
    require_policy_change(actor, "百分制积分项目")
    total = sum(points.values())
    if total != 100:
        raise DomainError(f"各项分值合计应为100分，现为{total}分")
    for item, chosen in (kinds or {}).items():
        if item.source == ScoreItem.Source.ATTENDANCE and not chosen:
            raise DomainError(f"「{item.name}」请至少选择一种计入出勤的会议", field=f"kinds_{item.pk}")
        stray = [kind for kind in chosen if kind not in Meeting.Kind.values]
        if stray:
            raise DomainError(f"「{item.name}」的会议类型「{'、'.join(stray)[:50]}」不存在", field=f"kinds_{item.pk}")
    with transaction.atomic():
        current = {item.pk: item for item in ScoreItem.objects.select_for_update().order_by("pk")}
        if seen is not None and scheme_version(current.values()) != seen:
            raise DomainError(SCHEME_CHANGED)
        for shown, value in points.items():
            item = current[shown.pk]
            if item.max_points != value:
                record_event(actor, AuditEvent.Action.POLICY, item, changes={item.name: [item.max_points, value]},
                             message="调整百分制积分项目分值")
                item.max_points = value
                item.save(update_fields=["max_points"])
        for shown, chosen in (kinds or {}).items():
            item, chosen = current[shown.pk], [kind for kind in Meeting.Kind.values if kind in chosen]
            if item.source == ScoreItem.Source.ATTENDANCE and item.meeting_kinds != chosen:
                labels = ["、".join(str(Meeting.Kind(k).label) for k in ks if k in Meeting.Kind.values)
                          for ks in (item.meeting_kinds, chosen)]
                record_event(actor, AuditEvent.Action.POLICY, item, changes={f"{item.name}计入的会议": labels},
                             message="调整出勤积分计入的会议")
                item.meeting_kinds = chosen
                item.save(update_fields=["meeting_kinds"])
    return [current[shown.pk] for shown in points]
