"""The membership transfer letter (中国共产党党员组织关系介绍信): who issues it, and the text of its three parts —
the stub kept by the issuer (存根), the letter the member carries (介绍信), the receipt returned (回执).

Layout after the form of 组通字〔2006〕45号 (一式三联, each part numbered 字第 号 by the issuing side; the receipt
goes back from the receiving basic-level committee to the issuing one, which keeps it with the stub). Who issues
follows the authority to transfer relationships (权限), as data in ``ISSUING_RULES``.
"""

from dataclasses import dataclass

from django.db.models import Max

from zugong.core.policy import policy_int
from zugong.core.tree import path_ids
from zugong.members.models import MembershipTransfer
from zugong.members.policies import LETTER_ISSUER_ACROSS_COMMITTEES
from zugong.organizations.models import Organization

TITLE = "中国共产党党员组织关系介绍信"
COMMITTEE_KINDS = (Organization.Kind.COMMITTEE, Organization.Kind.WORKING_COMMITTEE)


@dataclass(frozen=True)
class IssuingRule:
    reach: str  # where the member goes, seen from the sending basic-level committee
    issuer: str  # who issues, in words
    source: str
    policy: str = ""  # the policy that chooses between two practices, when it varies


ISSUING_RULES = (
    IssuingRule("within", "转出党员所在的基层党委（如乡镇党委）：转往本党委所属党组织",
                "中组部关于转移和接收党员组织关系权限的规定（基层党委在本党委范围内转接）"),
    IssuingRule("county", "转出党员所在的基层党委，或县委组织部（按政策规则）：转往本县其他基层党委",
                "中组部关于转移和接收党员组织关系权限的规定", LETTER_ISSUER_ACROSS_COMMITTEES.key),
    IssuingRule("outside", "县委组织部：转出本县（本系统）",
                "中组部关于转移和接收党员组织关系权限的规定（县级以上地方党委组织部可在全国范围内直接接转党员组织关系）"),
)


def basic_committee(org: Organization) -> Organization:
    """The nearest committee (党委 or 党工委) above a branch — the 基层党委 that transfers its members."""
    ancestors = {o.pk: o for o in Organization.objects.filter(pk__in=path_ids(org.path))}
    for pk in reversed(path_ids(org.path)):
        if ancestors[pk].kind in COMMITTEE_KINDS and ancestors[pk].parent_id is not None:
            return ancestors[pk]
    return top_committee(org)


def top_committee(org: Organization) -> Organization:
    """The installation's top committee (县委): its organization department has the widest authority."""
    return Organization.objects.get(pk=path_ids(org.path)[0])


def issuing_rule(from_org: Organization, to_org: Organization | None) -> IssuingRule:
    sender = basic_committee(from_org)
    if to_org is None:
        return ISSUING_RULES[2]
    return ISSUING_RULES[0] if to_org.path.startswith(sender.path) else ISSUING_RULES[1]


def issuer_for(from_org: Organization, to_org: Organization | None) -> Organization:
    """The committee that issues the letter and receives its receipt, by ``ISSUING_RULES``."""
    rule = issuing_rule(from_org, to_org)
    if rule.reach == "within" or (rule.reach == "county" and not policy_int(LETTER_ISSUER_ACROSS_COMMITTEES.key)):
        return basic_committee(from_org)
    return top_committee(from_org)


def issuer_label(issuer: Organization) -> str:
    """The top committee issues through its organization department (县委组织部); a basic committee itself."""
    name = issuer.name if issuer.name.startswith("中共") else f"中共{issuer.name}"
    return f"{name}组织部" if issuer.parent_id is None else name


@dataclass(frozen=True)
class Part:
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signature: list[str]
    footer: list[str]


@dataclass(frozen=True)
class Letter:
    stub: Part  # 存根
    letter: Part  # 介绍信
    receipt: Part  # 回执


def letter_parts(transfer: MembershipTransfer) -> Letter:
    """The text of the three parts; only a letter the system issued has one (``from_organization`` set)."""
    member, sending = transfer.member, transfer.from_organization
    assert sending is not None, "a letter from outside the system is not printed here"
    issuer = transfer.issuer or issuer_for(sending, transfer.to_organization)
    issued_by = issuer_label(issuer)
    number = f"{issuer.name[:1]}组字第{transfer.letter_number}号"
    paid = member.dues_payments.aggregate(last=Max("month"))["last"]
    dues = f"{paid.year}年{paid.month}月" if paid else "（系统中尚无党费交纳记录）"
    valid_days = (transfer.valid_until - transfer.issued_on).days
    person = (f"{member.name}同志，{member.get_gender_display()}，{member.age_on(transfer.issued_on)}岁，"
              f"{member.get_ethnicity_display()}，系中共{member.get_stage_display()}，身份证号码{member.id_number}")
    issued = f"{transfer.issued_on:%Y年%m月%d日}"
    receiver = (basic_committee(transfer.to_organization).name if transfer.to_organization
                else transfer.outside_organization)
    sender = basic_committee(sending)
    return Letter(
        stub=Part(f"{TITLE}（存根）", number, "", [
            f"{person}，组织关系由{transfer.from_label}转到{transfer.to_label}。",
            f"党费已交到{dues}。（有效期{valid_days}天）",
        ], [issued_by, issued], ["（贴回执联处）", "第一联"]),
        letter=Part(TITLE, number, f"{receiver}：", [
            f"{person}，由{transfer.from_label}去{transfer.to_label}，请转接组织关系。该同志党费已交到{dues}。",
            f"（有效期{valid_days}天）",
        ], [f"{issued_by}（盖章）", issued], [
            f"党员联系电话或其他联系方式：{member.phone or '　　　　'}",
            f"党员原所在基层党委通讯地址：{sender.name}",
            f"联系电话：{sender.contact_phone or '　　　　'}　传真：　　　　邮编：　　　　",
            "第二联",
        ]),
        receipt=Part(f"{TITLE}回执", number, f"{issued_by}：", [
            f"{member.name}同志的党员组织关系已转达我处，特此回复。",
        ], ["（盖章）", "　　年　　月　　日"], ["经办人：　　　　　　联系电话：　　　　　　", "第三联"]),
    )


CUT_LINE = "（骑缝线：沿此虚线裁开，加盖骑缝章）"
