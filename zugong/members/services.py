"""Use cases of the member register: add and edit a record, reveal a full ID number (audited)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import diff, event_rows, record_event, snapshot, snapshots_of_values
from zugong.core.bulk import insert_rows
from zugong.core.dates import add_months, month_start
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.core.validators import parse_identity_number
from zugong.development.policies import EXTENSION_MAX_MONTHS, PROBATION_MONTHS
from zugong.members import periods
from zugong.members.codes import BASED_DUES_CATEGORIES, DuesCategory
from zugong.members.models import Member, MembershipPeriod, mask_id_number
from zugong.members.policies import MIN_AGE
from zugong.organizations import services as organization_services
from zugong.organizations.models import Organization

# Members sit in branch-level organizations, not directly in committees.
MEMBER_KINDS = frozenset(set(Organization.Kind) - {Organization.Kind.COMMITTEE, Organization.Kind.WORKING_COMMITTEE})


def _members_block_closing(org: Organization) -> str | None:
    count = Member.objects.active().filter(organization=org).count()
    return f"「{org}」还有 {count} 名在册党员，请先办理组织关系转接" if count else None


organization_services.CLOSE_BLOCKERS.append(_members_block_closing)


organization_services.follow_moves(Member)
organization_services.follow_moves(MembershipPeriod)

# What a page says when the database refuses a write that raced past a service's own check.
constraint_message("one_pending_transfer_per_member", "该党员已有一项待接收的组织关系转接（可能是他人刚刚开具），未作更改")
constraint_message("one_internal_letter_number", "介绍信编号已被占用（可能是他人同时开具），未作更改，请重试")
constraint_message("one_open_mobile_record", "该党员已登记为外出流动（可能是他人刚刚登记），未作更改")
constraint_message("one_open_period_per_member", "该党员的所在党组织刚刚被他人变更，未作更改，请刷新页面后重试")
DUPLICATE_ID = "该身份证号已登记在党员名册中，不能重复登记"
DUES_CATEGORY_REQUIRED = "请选择党费类别：正式党员和预备党员都按党费类别交纳党费"


CENT = Decimal("0.01")


def name_initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def member_snapshot(member: Member) -> dict:
    """A record for the history: the ID number is kept masked there too."""
    return _masked(snapshot(member))


def _masked(values: dict) -> dict:
    if values.get("身份证号"):
        values["身份证号"] = mask_id_number(values["身份证号"])
    return values


def _require(actor, capability: str, org: Organization) -> None:
    if not path_in_scope(actor, capability, org.path):
        raise DomainError(f"您无权在「{org}」范围内进行此操作", field="organization")


def _validated(fields: dict, exclude_pk=None, *, known_absent: bool = False, min_age: int | None = None,
               as_of: dt.date | None = None) -> dict:
    """Check one record's fields together; return them normalized. Raises DomainError naming the field.

    A bulk caller that already looked the ID number up passes ``known_absent`` and the policy's ``min_age``.
    ``as_of`` is the day the record describes when it is not today (an admission recorded after the fact).
    """
    today = timezone.localdate()
    try:
        identity = parse_identity_number(fields["id_number"])
    except ValidationError as error:
        raise DomainError(error.messages[0], field="id_number") from error
    fields["id_number"] = identity.number
    birth = fields.get("birth_date") or identity.birth_date
    if birth != identity.birth_date:
        raise DomainError(f"出生日期与身份证号不符（身份证号中为 {identity.birth_date}）", field="birth_date")
    gender = fields.get("gender") or (Member.Gender.MALE if identity.is_male else Member.Gender.FEMALE)
    if (gender == Member.Gender.MALE) != identity.is_male:
        expected = Member.Gender.MALE.label if identity.is_male else Member.Gender.FEMALE.label
        raise DomainError(f"性别与身份证号不符（身份证号表明为{expected}）", field="gender")
    fields["birth_date"], fields["gender"] = birth, gender
    if not known_absent and Member.objects.filter(id_number=identity.number).exclude(pk=exclude_pk).exists():
        raise DomainError(DUPLICATE_ID, field="id_number")
    joined_on: dt.date = fields["joined_on"]
    if joined_on > today:
        raise DomainError("入党日期不能晚于今天", field="joined_on")
    min_age = policy_int(MIN_AGE.key) if min_age is None else min_age
    age_at_joining = joined_on.year - birth.year - ((joined_on.month, joined_on.day) < (birth.month, birth.day))
    if age_at_joining < min_age:
        raise DomainError(f"入党时未满 {min_age} 周岁（《发展党员工作细则》第五条）", field="joined_on")
    full_on = fields.get("full_member_on")
    if fields["stage"] == Member.Stage.FULL and full_on is None:
        raise DomainError("正式党员须填写转正日期", field="full_member_on")
    if fields["stage"] == Member.Stage.PROBATIONARY and full_on is not None:
        raise DomainError("预备党员不应有转正日期", field="full_member_on")
    if full_on is not None and full_on <= joined_on:
        raise DomainError("转正日期应晚于入党日期", field="full_member_on")
    if full_on is not None and full_on > today:
        raise DomainError("转正日期不能晚于今天", field="full_member_on")
    if fields["stage"] == Member.Stage.PROBATIONARY:
        _check_within_probation(joined_on, as_of or today)
    org: Organization = fields["organization"]
    if org.is_closed:
        raise DomainError(f"「{org}」已撤销，不能编入党员", field="organization")
    if org.kind not in MEMBER_KINDS:
        raise DomainError(f"「{org}」是{org.get_kind_display()}，党员应编入党支部或党总支", field="organization")
    unit = fields.get("work_unit")
    if unit is not None and unit.is_closed:
        raise DomainError(f"「{unit}」已注销", field="work_unit")
    fields["name"] = fields["name"].strip()
    if not fields["name"]:
        raise DomainError("请填写姓名", field="name")
    _validate_dues(fields, today)
    return fields


def _check_within_probation(joined_on: dt.date, today: dt.date) -> None:
    """A 预备党员 is one admitted within the probation period: a year, extended at most once by up to a year
    (the development policies); admitted earlier, the member is full or the record is wrong."""
    probation, extension = policy_int(PROBATION_MONTHS.key), policy_int(EXTENSION_MAX_MONTHS.key)
    earliest = add_months(today, -(probation + extension))
    if joined_on < earliest:
        raise DomainError(
            f"预备党员的入党日期应在预备期内：预备期{probation}个月，可延长一次、最长{extension}个月（《党章》第七条），"
            f"入党日期不能早于 {earliest:%Y-%m-%d}；预备期已满的，请登记为正式党员并填写转正日期", field="joined_on")


def _validate_dues(fields: dict, today: dt.date) -> None:
    """Category (required: every full and probationary member pays by one), base where the category pays a share
    of one, first month."""
    category = fields.get("dues_category")
    if not category:
        raise DomainError(DUES_CATEGORY_REQUIRED, field="dues_category")
    base = fields.get("dues_base")
    if base is not None and category not in BASED_DUES_CATEGORIES:
        raise DomainError(f"{DuesCategory(category).label}党员按定额交纳党费，不填党费基数", field="dues_base")
    if base is not None and base <= 0:
        raise DomainError("党费基数应大于0元", field="dues_base")
    if base is not None:
        fields["dues_base"] = base.quantize(CENT)  # as the database keeps it, so the history shows the same
    first = month_start(fields.get("dues_from") or today)
    if first < month_start(fields["joined_on"]):
        raise DomainError("党费起算月份不能早于入党月份（预备党员从支部大会通过之日起交纳党费）", field="dues_from")
    if first > month_start(today):
        raise DomainError("党费起算月份不能晚于本月", field="dues_from")
    fields["dues_from"] = first


def _created_changes(values: dict) -> dict:
    """A new record's history: every filled field of its ``member_snapshot``, from nothing."""
    return {label: [None, value] for label, value in values.items() if value not in (None, "")}


def create_member(actor, *, in_register_from: dt.date | None = None, as_of: dt.date | None = None,
                  **fields) -> Member:
    """Register a member; ``in_register_from`` is when they entered this register if not on joining the party
    (a member received from outside the system); ``as_of`` the day the record describes if not today (member
    development records an admission on its day: its own steps then carry the probation on)."""
    _require(actor, "members.change", fields["organization"])
    fields = _validated(fields, as_of=as_of)
    with transaction.atomic():
        _lock_open(fields["organization"])
        member = _insert_once(fields)
        periods.open_periods([member], in_register_from)
        record_event(actor, AuditEvent.Action.CREATE, member, changes=_created_changes(member_snapshot(member)))
    return member


def _lock_open(org: Organization) -> None:
    """The organization stays open while the member enters it: closing it locks the same row."""
    lock(org)
    if org.is_closed:
        raise DomainError(f"「{org}」已撤销，不能编入党员", field="organization")


def _insert_once(fields: dict) -> Member:
    """The same person registered twice at once: the database's unique ID number refuses the second."""
    try:
        with transaction.atomic():
            return Member.objects.create(name_initials=name_initials(fields["name"]), **fields)
    except IntegrityError:
        if Member.objects.filter(id_number=fields["id_number"]).exists():
            raise DomainError(DUPLICATE_ID, field="id_number") from None
        raise


def create_members(actor, checked: list[dict]) -> list[int]:
    """Many new members at once (imports): rows already passed ``check_new_member`` in this transaction;
    the database's unique ID number still guards against a concurrent registration. Returns the new ids.

    Written as plain rows, with the same periods and history ``create_member`` writes for one.
    """
    for fields in checked:
        _require(actor, "members.change", fields["organization"])
    rows = [{**{name: value for name, value in fields.items() if name not in ("organization", "work_unit")},
             "organization_id": fields["organization"].pk, "org_path": fields["organization"].path,
             "work_unit_id": fields["work_unit"].pk if fields.get("work_unit") else None,
             "name_initials": name_initials(fields["name"])} for fields in checked]
    with transaction.atomic():
        pks = insert_rows(Member, rows)
        periods.open_periods_of_rows(pks, rows)
        changes = [_created_changes(_masked(values)) for values in snapshots_of_values(Member, checked)]
        insert_rows(AuditEvent, event_rows(actor, AuditEvent.Action.CREATE, Member, zip(
            pks, (fields["name"] for fields in checked), changes, strict=True)))
    return pks


def update_member(actor, member: Member, **fields) -> Member:
    """Edit a record in place; moving it to another organization is a transfer, not an edit."""
    _require(actor, "members.change", member.organization)
    if "organization" in fields and fields["organization"] != member.organization:
        raise DomainError("调整所在党组织须办理组织关系转接", field="organization")
    fields = _validated({**{f: getattr(member, f) for f in EDITABLE}, **fields, "organization": member.organization},
                        exclude_pk=member.pk)
    before = member_snapshot(member)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(member, name, value)
        member.name_initials = name_initials(member.name)
        member.save()
        record_event(actor, AuditEvent.Action.UPDATE, member, changes=diff(before, member_snapshot(member)))
    return member


EDITABLE = (
    "name", "id_number", "gender", "birth_date", "ethnicity", "education", "occupation", "joined_on",
    "full_member_on", "stage", "work_unit", "phone", "address", "is_in_hardship", "dues_category", "dues_base",
    "dues_from",
)


def reveal_id_number(actor, member: Member) -> str:
    """The full number, for a user whose role may see it; every reveal is written to the history."""
    if not path_in_scope(actor, "members.identity", member.organization.path):
        raise DomainError("您的角色不能查看完整身份证号")
    record_event(actor, AuditEvent.Action.VIEW_SENSITIVE, member, changes={}, message="查看完整身份证号")
    return member.id_number


def check_new_member(actor, fields: dict, *, known_absent: bool = False, min_age: int | None = None) -> dict:
    """What ``create_member`` would refuse, without saving (import dry runs)."""
    _require(actor, "members.change", fields["organization"])
    return _validated(fields, known_absent=known_absent, min_age=min_age)


def check_existing_member(member: Member, fields: dict) -> dict:
    """The normalized fields of an update, as ``update_member`` would check them."""
    return _validated({**fields, "organization": member.organization}, exclude_pk=member.pk)


LEAVING_REASONS: dict[str, str] = {
    MembershipPeriod.EndReason.DECEASED: "去世",
    MembershipPeriod.EndReason.LAPSED: "自行脱党或除名（《党章》第九条）",
    MembershipPeriod.EndReason.EXPELLED: "开除党籍",
}


def leave_register(actor, member: Member, *, reason: str, on: dt.date, note: str = "") -> Member:
    """Death, lapse or expulsion: the member leaves the active register on ``on`` and is kept, never deleted."""
    _require(actor, "members.change", member.organization)
    if reason not in LEAVING_REASONS:
        raise DomainError("请选择离开名册的原因", field="reason")
    if member.status != Member.Status.ACTIVE:
        raise DomainError(f"{member.name}已不在册（{member.get_status_display()}）")
    if on > timezone.localdate():
        raise DomainError("日期不能晚于今天", field="on")
    if on < member.joined_on:
        raise DomainError("日期不能早于入党日期", field="on")
    with transaction.atomic():
        lock(member)  # read again: another page may have just moved or taken the member off the register
        _require(actor, "members.change", member.organization)
        if member.status != Member.Status.ACTIVE:
            raise DomainError(f"{member.name}已不在册（{member.get_status_display()}）")
        if member.transfers.filter(status="pending").exists():
            raise DomainError("该党员有待接收的组织关系转接，请先办结或撤回", field="reason")
        before = member_snapshot(member)
        periods.leave(member, on, reason)
        record_event(actor, AuditEvent.Action.UPDATE, member, before=before,
                     message=f"{LEAVING_REASONS[reason]}（{on:%Y-%m-%d}）{'：' + note.strip() if note.strip() else ''}")
    return member
