"""Village collective economy (村级集体经济, I5 in part): incomes entered or imported per village and year, and the
share of villages at or above the policy target against the target share and year."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope, scope_q
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int, policy_value
from zugong.core.submissions import constraint_message
from zugong.core.tree import subtree_q
from zugong.core.workbooks import open_sheet, shown
from zugong.organizations.models import WorkUnit
from zugong.statistics.models import VillageIncome
from zugong.statistics.policies import INCOME_TARGET, TARGET_SHARE, TARGET_YEAR

constraint_message("village_income_once_a_year", "该村这一年度的集体经济收入刚刚已由他人登记，本次未保存；请刷新页面查看")


def villages(user, within: str, capability: str = "organizations.view"):
    return WorkUnit.objects.filter(subtree_q(within, "managed_by__path"), scope_q(user, capability, "managed_by__path"),
                                   kind=WorkUnit.Kind.VILLAGE, is_closed=False).select_related("managed_by")


@dataclass(frozen=True)
class TownshipRow:
    organization: object
    villages: int
    reported: int
    at_target: int
    below: list


@dataclass(frozen=True)
class Economy:
    year: int
    target: Decimal
    target_share: int
    target_year: int
    villages: int
    reported: int
    at_target: int
    rows: list[TownshipRow]

    @property
    def share(self) -> str:
        return f"{self.at_target * 100 / self.villages:.2f}%" if self.villages else "—"

    @property
    def meets_target(self) -> bool:
        return bool(self.villages) and self.at_target * 100 >= self.target_share * self.villages


def economy(user, root, children, year: int) -> Economy:
    """Villages under ``root`` for ``year``: reported, at or above the target; per child organization."""
    target = Decimal(str(policy_value(INCOME_TARGET.key)))
    incomes = dict(VillageIncome.objects.filter(year=year, village__in=villages(user, root.path)).values_list(
        "village_id", "amount"))
    rows = []
    for child in children:
        mine = list(villages(user, child.path))
        below = [(v, incomes.get(v.pk)) for v in mine if incomes.get(v.pk) is None or incomes[v.pk] < target]
        rows.append(TownshipRow(child, len(mine), sum(1 for v in mine if v.pk in incomes),
                                sum(1 for v in mine if incomes.get(v.pk) is not None and incomes[v.pk] >= target),
                                below))
    everyone = list(villages(user, root.path))
    return Economy(year, target, policy_int(TARGET_SHARE.key), policy_int(TARGET_YEAR.key), len(everyone),
                   sum(1 for v in everyone if v.pk in incomes),
                   sum(1 for v in everyone if incomes.get(v.pk) is not None and incomes[v.pk] >= target),
                   [r for r in rows if r.villages])


AMOUNT_FIELD = VillageIncome._meta.get_field("amount")
AMOUNT_MAX = Decimal(10) ** (AMOUNT_FIELD.max_digits - AMOUNT_FIELD.decimal_places)


def _amount(raw, where: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(f"{where}「{shown(raw)}」不是有效金额（万元，如 5 或 12.5）") from error
    if not value.is_finite():
        raise DomainError(f"{where}「{shown(raw)}」不是有效金额（万元，如 5 或 12.5）")
    if value >= AMOUNT_MAX:
        raise DomainError(f"{where}应小于 {AMOUNT_MAX:,} 万元")
    if value < 0:
        raise DomainError(f"{where}不能为负数")
    return value


def record_incomes(actor, organization, year: int, amounts: dict[WorkUnit, Decimal | None]) -> int:
    """Save a year's incomes for the villages under ``organization`` at once; an empty amount removes a figure."""
    if not 2000 <= year <= timezone.localdate().year:
        raise DomainError(f"年度应在2000年至{timezone.localdate().year}年之间", field="year")
    for village in amounts:
        if not path_in_scope(actor, "organizations.change", village.managed_by.path):
            raise DomainError(f"您无权登记「{village.name}」的集体经济收入")
    with transaction.atomic():
        for village, amount in amounts.items():
            if amount is None:
                VillageIncome.objects.filter(village=village, year=year).delete()
            else:
                VillageIncome.objects.update_or_create(village=village, year=year, defaults={"amount": amount})
        filled = sum(1 for a in amounts.values() if a is not None)
        record_event(actor, AuditEvent.Action.UPDATE, organization,
                     changes={f"{year}年村级集体经济收入": [None, f"{filled}个村"]}, message="登记村级集体经济收入")
    return len(amounts)


@dataclass
class ImportResult:
    rows: int
    errors: list[tuple[int, str, str]]
    applied: bool = False


HEADERS = ["村", "年度", "集体经济年纯收入（万元）"]


def import_incomes(actor, path, *, apply: bool) -> ImportResult:
    """Rows of 村 / 年度 / 集体经济年纯收入（万元）: every bad row reported; applied all or nothing. A file that
    cannot be read raises ``WorkbookError`` (a Chinese message naming where and why)."""
    with open_sheet(path) as sheet:
        return _import_rows(actor, sheet, apply)


def _import_rows(actor, sheet, apply: bool) -> ImportResult:
    header = sheet.header
    result = ImportResult(0, [])
    missing = [h for h in HEADERS if h not in header]
    if missing:
        result.errors.append((1, "、".join(missing), "缺少必需的列"))
        return result
    at = {h: header.index(h) for h in HEADERS}
    by_name: dict[str, list[WorkUnit]] = {}
    for village in villages(actor, "", "organizations.change"):
        by_name.setdefault(village.name, []).append(village)
    planned: dict[tuple[int, int], tuple[WorkUnit, int, Decimal]] = {}
    for number, values in sheet.rows():
        if not any(v not in (None, "") for v in values):
            continue
        result.rows += 1
        cells = {h: values[i] if i < len(values) else None for h, i in at.items()}
        name = str(cells["村"] or "").strip()
        found = by_name.get(name, [])
        if not found:
            result.errors.append((number, "村", f"找不到名为「{shown(name)}」的行政村（或不在您的权限范围内）"))
            continue
        if len(found) > 1:
            result.errors.append((number, "村", f"名为「{name}」的行政村不止一个"))
            continue
        try:
            year = int(str(cells["年度"]).strip())
        except ValueError:
            result.errors.append((number, "年度", f"「{shown(cells['年度'])}」不是有效年度"))
            continue
        if not 2000 <= year <= timezone.localdate().year:
            result.errors.append((number, "年度", f"年度应在2000年至{timezone.localdate().year}年之间"))
            continue
        try:
            amount = _amount(cells["集体经济年纯收入（万元）"], "收入")
        except DomainError as error:
            result.errors.append((number, "集体经济年纯收入（万元）", error.message))
            continue
        key = (found[0].pk, year)
        if key in planned:
            result.errors.append((number, "村", f"{name}{year}年的收入在第 {planned[key][1]} 行已经填写"))
            continue
        planned[key] = (found[0], number, amount)
    if apply and not result.errors:
        with transaction.atomic():
            for (_village_id, year), (village, _number, amount) in planned.items():
                VillageIncome.objects.update_or_create(village=village, year=year, defaults={"amount": amount})
        result.applied = True
    return result
