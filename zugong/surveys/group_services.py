"""Respondent groups (调查对象组) in one step: copied from another survey (usually last year's), or one per child
organization (每个下级组织一组). All or none: a group that already exists, an organization outside the survey or the
user's scope, or a closed one refuses the whole step and names every one of them."""

from django.db import IntegrityError, transaction

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.tree import is_within
from zugong.organizations.models import Organization
from zugong.surveys.models import RespondentGroup, Survey
from zugong.surveys.services import require

SHOWN = 10  # organizations named in one refusal; the rest are counted


def _named(items: list[str]) -> str:
    return "、".join(items[:SHOWN]) + (f"等{len(items)}个" if len(items) > SHOWN else "")


def _create(actor, survey: Survey, wanted: list[tuple[Organization, str, int]], message: str) -> list[RespondentGroup]:
    """Check every wanted group first, then create them all in one transaction (or none)."""
    require(actor, survey.organization)
    outside = [o.name for o, _k, _q in wanted if not is_within(o.path, survey.organization.path)]
    if outside:
        raise DomainError(f"{_named(outside)}不在「{survey.organization}」之下，未新增任何调查对象", field="__all__")
    closed = [o.name for o, _k, _q in wanted if o.is_closed]
    if closed:
        raise DomainError(f"{_named(closed)}已撤销，未新增任何调查对象", field="__all__")
    barred = [o.name for o, _k, _q in wanted if not path_in_scope(actor, "surveys.manage", o.path)]
    if barred:
        raise DomainError(f"{_named(barred)}不在您的权限范围内，未新增任何调查对象", field="__all__")
    existing = set(survey.groups.values_list("organization_id", "kind"))
    kinds = dict(RespondentGroup.Kind.choices)
    taken = [f"「{o.name}」的{kinds[k]}组" for o, k, _q in wanted if (o.pk, k) in existing]
    if taken:
        raise DomainError(f"{_named(taken)}已存在，未新增任何调查对象；请先核对已有的调查对象", field="__all__")
    try:
        with transaction.atomic():
            groups = [RespondentGroup.objects.create(survey=survey, organization=o, kind=k, quota=q)
                      for o, k, q in wanted]
            record_event(actor, AuditEvent.Action.CREATE, survey, subject=survey,
                         message=f"{message}：调查对象{len(groups)}组")
    except IntegrityError as error:  # added at the same moment by someone else
        raise DomainError("有调查对象刚被他人新增，未新增任何调查对象；请刷新后重试", field="__all__") from error
    return groups


def copy_groups(actor, survey: Survey, *, source: Survey) -> list[RespondentGroup]:
    """Every group of ``source`` (organization, kind, quota) added to ``survey``."""
    if source.pk == survey.pk:
        raise DomainError("不能从本调查复制调查对象", field="source")
    wanted = [(g.organization, g.kind, g.quota) for g in source.groups.select_related("organization")]
    if not wanted:
        raise DomainError(f"「{source}」没有调查对象可复制", field="source")
    return _create(actor, survey, wanted, f"从「{source}」（{source.year}年）复制")


def add_child_groups(actor, survey: Survey, *, parent: Organization, kind: str, quota: int) -> list[RespondentGroup]:
    """One group of ``kind`` for each open organization directly under ``parent``."""
    children = list(Organization.objects.filter(parent=parent, is_closed=False).order_by("path"))
    if not children:
        raise DomainError(f"「{parent}」没有下级党组织", field="parent")
    return _create(actor, survey, [(child, kind, quota) for child in children], f"为「{parent}」的每个下级组织新增")
