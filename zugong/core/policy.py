"""Policy settings (政策规则): every threshold, deadline and interval is data.

Apps define their settings at import time with ``define``; a department
administrator changes a value through ``set_policy_value``, which validates,
saves and audits. Reading falls back to the default with its source.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import pgettext

from zugong.core.access import DomainError, holds_at_root
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent, PolicyValue


@dataclass(frozen=True)
class PolicyDefinition:
    key: str
    label: str
    module: str
    kind: type  # int or Decimal
    default: int | Decimal
    unit: str
    source: str
    minimum: int | Decimal
    maximum: int | Decimal
    note: str = ""

    # label, unit and module are written in Chinese and stay so where they are stored or audited; the
    # Chinese text is the catalog's msgid, and a page shows it in the reader's language through these
    # (docs/decisions/0023). The source is a citation of a Chinese document and is never translated.
    @property
    def shown_label(self) -> str:
        return _shown(self.label)

    @property
    def shown_unit(self) -> str:
        return _shown(self.unit)

    @property
    def shown_module(self) -> str:
        return _shown(self.module)

    def parse(self, raw) -> int | Decimal:
        text = str(raw).strip()
        try:
            value = self.kind(text)
        except (ValueError, InvalidOperation) as exc:
            kind_name = "整数" if self.kind is int else "数字"
            raise DomainError(f"「{self.label}」应为{kind_name}，收到「{text}」", field="value") from exc
        if not (self.minimum <= value <= self.maximum):
            raise DomainError(
                f"「{self.label}」应在 {self.minimum}–{self.maximum}{self.unit} 之间，收到 {value}",
                field="value",
            )
        return value


def _shown(text: str) -> str:
    return pgettext("policy", text) if text else ""  # the context keeps e.g. the unit 个 apart from other 个


REGISTRY: dict[str, PolicyDefinition] = {}


def define(key: str, **fields) -> PolicyDefinition:
    if key in REGISTRY:
        raise ValueError(f"policy {key} defined twice")
    definition = PolicyDefinition(key=key, **fields)
    definition.parse(definition.default)  # a default outside its own bounds is a programming error
    REGISTRY[key] = definition
    return definition


def policy_value(key: str) -> int | Decimal:
    definition = REGISTRY[key]
    stored = PolicyValue.objects.filter(key=key).values_list("value", flat=True).first()
    return definition.default if stored is None else definition.kind(str(stored))


def policy_int(key: str) -> int:
    """The current value of an integer setting (counts, days, months, years)."""
    if REGISTRY[key].kind is not int:
        raise TypeError(f"policy {key} is not an integer setting")
    return int(policy_value(key))


def policy_values(prefix: str = "") -> dict[str, int | Decimal]:
    """All current values whose key starts with prefix, in one query."""
    stored = dict(PolicyValue.objects.filter(key__startswith=prefix).values_list("key", "value"))
    return {
        key: (d.default if key not in stored else d.kind(str(stored[key])))
        for key, d in REGISTRY.items()
        if key.startswith(prefix)
    }


def may_change_policy(user) -> bool:
    """Installation-wide settings (policy values, the dues table, the points scheme) are changed only by a
    user holding ``policy.change`` at the top organization: a township's administrator covers a township."""
    return holds_at_root(user, "policy.change")


def require_policy_change(actor, what: str = "政策规则") -> None:
    if not actor.has_capability("policy.change"):
        raise DomainError(f"您没有修改{what}的权限")
    if not may_change_policy(actor):
        raise DomainError(f"{what}在全系统适用，只有负责范围为最上级党组织、有“修改政策规则”权限的管理员才能修改")


def set_policy_value(actor, key: str, raw) -> PolicyValue:
    require_policy_change(actor)
    definition = REGISTRY.get(key)
    if definition is None:
        raise DomainError(f"没有名为 {key} 的政策规则")
    value = definition.parse(raw)
    with transaction.atomic():
        record, created = PolicyValue.objects.select_for_update().get_or_create(
            key=key, defaults={"value": str(value), "updated_by": actor}
        )
        before = definition.default if created else definition.kind(str(record.value))
        record.value = str(value)
        record.updated_by = actor
        record.save()
        record_event(
            actor,
            AuditEvent.Action.POLICY,
            record,
            changes={definition.label: [f"{before}{definition.unit}", f"{value}{definition.unit}"]},
            message=f"来源：{definition.source}",
        )
    return record
