"""Reporting upward (逐级汇总上报): a finalized day (年报定稿) as a signed package, and its import higher up.

A county that runs its own zugong exports the snapshot of a day (``snapshots.freeze``) as a package: a JSON file
with the figures of every organization of the snapshot (``counts``: its whole subtree; ``own``: what its own
records add beyond its children's), the installation's identity (安装标识, from its public key), the day, a
version (the time the day was finalized) and a SHA-256 checksum, signed with the installation's Ed25519 key
(``var/report_signing_key``, made once like the secret key; decision 0018). The higher instance — a city, a
province — registers each lower instance's public key against the organization that stands for it in its own
tree (下级实例), checks an uploaded package first (identity registered and in the user's scope, checksum,
signature, every table adding up, every parent equal to its own records plus its children, a newer version
than the one imported) and imports all of it or nothing. The newest version of a day counts; older ones are
kept and listed. Imported figures count as the figures of that organization's subtree in the day's finalized
statistics: a snapshot made later includes them, and one already made is corrected by the difference.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.submissions import constraint_message
from zugong.core.tree import is_within, subtree_q
from zugong.organizations.models import Organization
from zugong.statistics.models import LowerInstance, ReportPackage, Snapshot, SnapshotRow
from zugong.statistics.tables import ALL_TABLES

FINALIZE = "statistics.finalize"
FORMAT, FORMAT_VERSION = "zugong-statistics-report", 1
SEGMENT = 10  # digits of one organization in a path (core.tree)
constraint_message("report_package_once", "该版本的数据包刚刚已由他人导入，本次未重复导入；请刷新页面查看")


# --- the installation's key -------------------------------------------------------------------------


def key_file() -> Path:
    return Path(getattr(settings, "ZUGONG_REPORT_KEY_FILE", settings.BASE_DIR / "var" / "report_signing_key"))


def signing_key() -> Ed25519PrivateKey:
    """This installation's private key, made on first use and kept readable by its owner only."""
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                out.write(pem)
        except FileExistsError:
            pass  # another process made it first: use that one
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(f"{path} 不是 Ed25519 私钥")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def installation_id(public_key: str) -> str:
    """The identity a higher instance knows this one by: the first 16 hex digits of its public key's SHA-256."""
    return hashlib.sha256(public_key.encode()).hexdigest()[:16]


def own_identity() -> tuple[str, str]:
    """(安装标识, 公钥) of this installation, to register at the higher instance."""
    public = public_key_text(signing_key().public_key())
    return installation_id(public), public


def _canonical(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def register_lower(actor, *, name: str, organization: Organization, public_key: str) -> LowerInstance:
    """Register a lower instance's public key against the organization standing for it here (下级实例登记)."""
    if not path_in_scope(actor, FINALIZE, organization.path):
        raise DomainError(f"您无权为「{organization}」登记下级实例", field="organization")
    public_key = "".join(public_key.split())
    try:
        raw = base64.b64decode(public_key, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise DomainError("公钥格式不正确：应为下级实例「上报数据包」页面显示的 Ed25519 公钥（44个字符）",
                          field="public_key") from None
    identity = installation_id(public_key)
    if identity == own_identity()[0]:
        raise DomainError("这是本系统自己的公钥，下级实例应登记下级系统的公钥", field="public_key")
    with transaction.atomic():
        if (taken := LowerInstance.objects.filter(installation=identity).first()) is not None:
            raise DomainError(f"该公钥（安装标识 {identity}）已登记为「{taken.name}」", field="public_key")
        if LowerInstance.objects.filter(organization=organization).exists():
            raise DomainError(f"「{organization}」已登记了下级实例", field="organization")
        lower = LowerInstance.objects.create(name=name.strip(), installation=identity, public_key=public_key,
                                             organization=organization, registered_by=actor)
        record_event(actor, AuditEvent.Action.CREATE, organization, subject=organization,
                     message=f"登记下级实例「{lower.name}」（安装标识 {identity}）")
    return lower


# --- export -----------------------------------------------------------------------------------------------


def version_of(snapshot: Snapshot) -> str:
    return f"{timezone.localtime(snapshot.made_at):%Y%m%d%H%M%S}"


def build_package(actor, snapshot: Snapshot) -> bytes:
    """The snapshot's figures as a signed package (a JSON file)."""
    if not path_in_scope(actor, FINALIZE, snapshot.path):
        raise DomainError("您无权导出该定稿的上报数据包")
    rows = {row.path: row.counts for row in SnapshotRow.objects.filter(snapshot=snapshot)}
    names = dict(Organization.objects.filter(path__in=list(rows)).values_list("path", "name"))
    entries = []
    for path in sorted(rows):
        children = [rows[p] for p in rows if p[:-SEGMENT] == path]
        own = {key: _text(_number(value) - sum((_number(c.get(key, 0)) for c in children), _number(0)))
               for key, value in rows[path].items()}
        entries.append({"key": path, "parent": path[:-SEGMENT] if path != snapshot.path else None,
                        "name": names.get(path, ""), "counts": rows[path],
                        "own": {key: value for key, value in own.items() if value not in (0, "0", "0.00")}})
    identity, public = own_identity()
    body = {"format": FORMAT, "format_version": FORMAT_VERSION, "day": snapshot.day.isoformat(),
            "version": version_of(snapshot), "exported_at": timezone.now().isoformat(timespec="seconds"),
            "installation": {"id": identity, "name": names.get(snapshot.path, ""), "public_key": public},
            "organizations": entries}
    canonical = _canonical(body)
    package = {**body, "checksum": hashlib.sha256(canonical).hexdigest(),
               "signature": base64.b64encode(signing_key().sign(canonical)).decode()}
    root = Organization.objects.get(path=snapshot.path)
    record_event(actor, AuditEvent.Action.CREATE, root, subject=root,
                 message=f"导出{snapshot.day:%Y-%m-%d}统计定稿上报数据包（版本{body['version']}，{len(entries)}个党组织）")
    return json.dumps(package, ensure_ascii=False, indent=1).encode()


def _number(value) -> Decimal | int:
    if isinstance(value, str):
        return Decimal(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else Decimal(str(value))


def _text(value: Decimal | int) -> object:
    return str(value) if isinstance(value, Decimal) else value


# --- import: check first, then all or nothing ------------------------------------------------------------


@dataclass
class Checked:
    errors: list[str] = field(default_factory=list)
    lower: LowerInstance | None = None
    day: dt.date | None = None
    version: str = ""
    checksum: str = ""
    organizations: list = field(default_factory=list)
    applied: bool = False
    superseded: ReportPackage | None = None

    @property
    def top(self) -> dict:
        return next((o for o in self.organizations if o.get("parent") is None), {})


def import_package(actor, raw: bytes, *, apply: bool) -> Checked:
    """Check a package; with ``apply`` and no problem, keep it as the newest version of its day."""
    checked = check_package(actor, raw)
    if not apply or checked.errors:
        return checked
    assert checked.lower is not None and checked.day is not None
    with transaction.atomic():
        # The organizations above the standing one, top first (as ``snapshots.freeze`` locks its root): a day
        # finalized at the same time either counts this package or is corrected by it, never neither.
        path = checked.lower.organization.path
        list(Organization.objects.select_for_update().filter(
            path__in=[path[:end] for end in range(SEGMENT, len(path) + 1, SEGMENT)]).order_by("path").values_list("pk"))
        lock(checked.lower)
        again = check_package(actor, raw)  # someone may have imported a version meanwhile
        if again.errors:
            return again
        checked.superseded = _current(checked.lower, checked.day)
        package = ReportPackage.objects.create(
            lower=checked.lower, day=checked.day, version=checked.version, checksum=checked.checksum,
            organizations=checked.organizations, counts=checked.top["counts"], imported_by=actor)
        _correct_snapshots(checked.lower.organization, checked.day, package.counts,
                           checked.superseded.counts if checked.superseded else {})
        record_event(actor, AuditEvent.Action.CREATE, checked.lower.organization, subject=checked.lower.organization,
                     message=f"导入「{checked.lower.name}」{checked.day:%Y-%m-%d}统计上报数据包（版本{checked.version}"
                             + (f"，取代版本{checked.superseded.version}）" if checked.superseded else "）"))
    checked.applied = True
    return checked


def check_package(actor, raw: bytes) -> Checked:
    checked = Checked()
    try:
        package = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        checked.errors.append("文件不是有效的上报数据包：应为 zugong 导出的 JSON 文件")
        return checked
    if not isinstance(package, dict) or package.get("format") != FORMAT:
        checked.errors.append("文件不是 zugong 统计上报数据包（缺少格式标记）")
        return checked
    if package.get("format_version") != FORMAT_VERSION:
        checked.errors.append(f"数据包格式版本 {package.get('format_version')!r} 不受支持（本系统读取版本 {FORMAT_VERSION}）")
        return checked
    found = package.get("installation")
    installation: dict = found if isinstance(found, dict) else {}
    lower = LowerInstance.objects.select_related("organization").filter(
        installation=str(installation.get("id", ""))).first()
    if lower is None or not path_in_scope(actor, FINALIZE, lower.organization.path):
        checked.errors.append(f"数据包来自安装标识 {str(installation.get('id', ''))[:32]}"
                              f"（{str(installation.get('name', ''))[:50]}），未在您负责的范围内登记为下级实例；"
                              "请先登记该实例的公钥")
        return checked
    checked.lower = lower
    body = {key: value for key, value in package.items() if key not in ("checksum", "signature")}
    canonical = _canonical(body)
    checked.checksum = hashlib.sha256(canonical).hexdigest()
    if package.get("checksum") != checked.checksum:
        checked.errors.append("校验和不符：数据包的内容在导出后被改动过，或文件不完整")
    if installation.get("public_key") != lower.public_key:
        checked.errors.append(f"数据包中的公钥与登记的「{lower.name}」公钥不一致")
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(lower.public_key)).verify(
            base64.b64decode(str(package.get("signature", "")), validate=True), canonical)
    except (InvalidSignature, ValueError, binascii.Error):
        checked.errors.append(f"签名验证失败：数据包不是「{lower.name}」用登记的密钥签发的，或签发后被改动过")
    if checked.errors:
        return checked
    try:
        checked.day = dt.date.fromisoformat(str(package.get("day")))
        checked.version = str(package.get("version"))
        if not (checked.version.isdigit() and len(checked.version) == 14):
            raise ValueError
    except ValueError:
        checked.errors.append("数据包的统计时点或版本格式不正确")
        return checked
    organizations = package.get("organizations")
    if not isinstance(organizations, list) or not organizations:
        checked.errors.append("数据包中没有党组织的统计数")
        return checked
    checked.organizations = organizations
    checked.errors += adding_up(organizations)
    if not checked.errors:
        latest = _current(lower, checked.day)
        if latest is not None and latest.version >= checked.version:
            checked.errors.append(
                f"「{lower.name}」{checked.day:%Y-%m-%d}的版本{checked.version}不新于已导入的版本{latest.version}"
                f"（{timezone.localtime(latest.imported_at):%Y-%m-%d %H:%M}导入），未导入")
    return checked


def _current(lower: LowerInstance, day: dt.date) -> ReportPackage | None:
    return ReportPackage.objects.filter(lower=lower, day=day).order_by("-version").first()


# --- adding up ------------------------------------------------------------------------------------------


SOURCE_TOTALS = {"members": "党员总数", "development": "本年发展党员工作记录数", "left": "本年减少党员合计",
                 "dues": "本年党费收缴笔数", "organizations": "党组织总数"}


def _cell_label(key: str) -> str:
    table_key, _, rest = key.partition("__")
    if rest == "total" and table_key in SOURCE_TOTALS:
        return SOURCE_TOTALS[table_key]
    for table in ALL_TABLES:
        if table.key == table_key:
            cell = rest.removesuffix("__amount")
            name = str(table.title) if cell in ("", "amount") else f"{table.title}·{table.cell(cell).label}"
            return name + ("（金额）" if key.endswith("__amount") else "")
    return key


KNOWN_KEYS = {f"{t.source}__total" for t in ALL_TABLES} | {
    key for t in ALL_TABLES for c in t.cells
    for key in ((f"{t.key}__{c.key}",) + ((f"{t.key}__{c.key}__amount",) if t.amount else ()))
} | {f"{t.key}__amount" for t in ALL_TABLES if t.amount}


def adding_up(organizations: list) -> list[str]:
    """Each organization's tables add up to their totals, and its figures equal its own plus its children's."""
    errors: list[str] = []
    by_key: dict[str, dict] = {}
    for index, entry in enumerate(organizations, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("counts"), dict) or not entry.get("key"):
            return [f"第{index}个党组织的数据不完整（应有 key、name、counts）"]
        name = str(entry.get("name") or entry["key"])[:60]
        unknown = [key for key in entry["counts"] if key not in KNOWN_KEYS]
        if unknown:
            return [f"「{name}」有本系统不认识的统计项：{'、'.join(unknown[:5])}"]
        try:
            entry["_counts"] = {key: _number(value) for key, value in entry["counts"].items()}
            entry["_own"] = {key: _number(value) for key, value in (entry.get("own") or {}).items()}
        except (InvalidOperation, TypeError, ValueError):
            return [f"「{name}」的统计数不是数字"]
        if any(value < 0 for value in (*entry["_counts"].values(), *entry["_own"].values())):
            errors.append(f"「{name}」有负数的统计数")
        by_key[str(entry["key"])] = entry
    tops = [e for e in organizations if e.get("parent") is None]
    if len(tops) != 1:
        errors.append(f"数据包应有且只有一个最上级党组织（现有{len(tops)}个）")
    for entry in organizations:
        if entry.get("parent") is not None and str(entry["parent"]) not in by_key:
            errors.append(f"「{entry.get('name')}」的上级党组织不在数据包中")
        errors += _tables_add_up(entry)
    children: dict[str, list[dict]] = {}
    for entry in organizations:
        if entry.get("parent") is not None:
            children.setdefault(str(entry["parent"]), []).append(entry)
    for key, entry in by_key.items():
        for item in sorted(KNOWN_KEYS):
            expected = entry["_own"].get(item, 0) + sum(c["_counts"].get(item, 0) for c in children.get(key, []))
            found = entry["_counts"].get(item, 0)
            if found != expected:
                errors.append(f"「{entry.get('name')}」的「{_cell_label(item)}」为 {found}，"
                              f"不等于本级 {entry['_own'].get(item, 0)} 加下级合计 {expected - entry['_own'].get(item, 0)}"
                              f"（{expected}）")
    for entry in organizations:
        entry.pop("_counts", None)
        entry.pop("_own", None)
    return errors[:50]


def _tables_add_up(entry: dict) -> list[str]:
    counts, errors = entry["_counts"], []
    for table in ALL_TABLES:
        total = counts.get(f"{table.source}__total", 0)
        if not table.adds_up:
            continue
        parts = sum(counts.get(f"{table.key}__{cell.key}", 0) for cell in table.cells if not cell.subtotal)
        if parts != total:
            errors.append(f"「{entry.get('name')}」的「{table.title}」各项之和 {parts} 不等于合计 {total}")
        if table.amount:
            amounts = sum(counts.get(f"{table.key}__{c.key}__amount", 0) for c in table.cells if not c.subtotal)
            if amounts != counts.get(f"{table.key}__amount", 0):
                errors.append(f"「{entry.get('name')}」的「{table.title}」各项金额之和 {amounts} "
                              f"不等于合计 {counts.get(f'{table.key}__amount', 0)}")
    return errors


# --- the imported figures in this instance's finalized statistics ------------------------------------------


def imported_counts(day: dt.date, root_path: str) -> dict[str, dict]:
    """The newest imported package of the day for each lower instance under ``root_path``: {org path: counts}."""
    found: dict[str, dict] = {}
    for package in ReportPackage.objects.filter(subtree_q(root_path, "lower__organization__path"), day=day
                                                ).select_related("lower__organization").order_by("version"):
        found[package.lower.organization.path] = package.counts  # later versions replace earlier ones
    return found


def add_imported(direct: dict[str, dict], day: dt.date, root_path: str) -> None:
    """``snapshots.freeze``: the imported figures count as the records of the organization standing for them."""
    for path, counts in imported_counts(day, root_path).items():
        target = direct.setdefault(path, {})
        for key, value in counts.items():
            target[key] = _number(target.get(key, 0)) + _number(value)


def _correct_snapshots(organization: Organization, day: dt.date, new: dict, old: dict) -> None:
    """A snapshot of the day already made over the organization takes the difference, up to its top."""
    delta = {key: _number(new.get(key, 0)) - _number(old.get(key, 0)) for key in set(new) | set(old)}
    for snapshot in Snapshot.objects.filter(day=day):
        if not is_within(organization.path, snapshot.path):
            continue
        paths = [organization.path[:end] for end in range(len(snapshot.path), len(organization.path) + 1, SEGMENT)]
        rows = {row.path: row for row in SnapshotRow.objects.select_for_update().filter(snapshot=snapshot,
                                                                                         path__in=paths)}
        for path in paths:
            row = rows.get(path) or SnapshotRow(snapshot=snapshot, path=path, counts={})
            for key, change in delta.items():
                total = _number(row.counts.get(key, 0)) + change
                row.counts[key] = str(total) if key.endswith("__amount") else int(total)
            row.save()


def summary(counts: dict) -> dict[str, object]:
    """The few figures the import page shows for a package."""
    def get(key):
        return counts.get(key, 0)
    return {"members": get("members__total"), "probationary": get("stage__probationary"),
            "admitted": get("development__admitted"), "organizations": get("organizations__total"),
            "dues": get("dues__amount")}
