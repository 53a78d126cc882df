"""The one capability table (权限表): which role may do what.

Each role is bound to an organization subtree by a ``RoleAssignment``; a
capability held through it applies to that subtree only.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPARTMENT_ADMIN = "department_admin", _("组织部管理员")
    OPERATOR = "operator", _("党委操作员")
    BRANCH_SECRETARY = "branch_secretary", _("支部书记")
    INSPECTOR = "inspector", _("督查员（只读）")
    IDENTITY_KEEPER = "identity_keeper", _("举报人身份查看人（经指定）")


CAPABILITIES: dict[str, str | Promise] = {
    "organizations.view": _("查看党组织与单位"),
    "organizations.change": _("新建、修改、调整、撤销党组织与单位"),
    "organizations.elections": _("登记换届选举"),
    "audit.view": _("查看变更记录"),
    "findings.run": _("立即运行检查"),
    "findings.handle": _("处理问题预警（指派、确认、关闭）"),
    "policy.view": _("查看政策规则"),
    "policy.change": _("修改政策规则"),
    "accounts.manage": _("管理本范围内的用户与角色"),
    "members.view": _("查看党员名册"),
    "members.change": _("登记、修改党员信息"),
    "members.identity": _("查看完整身份证号"),
    "cadres.view": _("查看干部信息"),
    "cadres.change": _("管理干部信息（任免审批表、任职、考核、培训、后备干部、交流）"),
    "cadres.supervision": _("干部监督（谈话、个人有关事项报告）"),
    "statistics.finalize": _("统计定稿（按时点一次算出并保存全部统计表）"),
    "surveys.view": _("查看民意调查与测评结果"),
    "surveys.manage": _("设计调查问卷、确定调查对象、发放邀请码"),
    "surveys.enter": _("录入纸质问卷"),
    "appointments.view": _("查看选拔任用纪实"),
    "appointments.manage": _("办理选拔任用程序（动议、推荐、考察、酝酿、讨论决定、公示、任职、试用期）"),
    "appointments.decide": _("常委会、全委会讨论决定（限全县范围）"),
    "ballots.tally": _("计票（录入纸质选票、核对、结束计票）"),
    "complaints.view": _("查看12380举报"),
    "complaints.handle": _("办理12380举报（登记、受理、交办、核查、办结、答复、结案）"),
    "complaints.identity": _("查看12380举报人身份（须说明理由，留痕）"),
    "talent.view": _("查看人才信息库"),
    "talent.manage": _("管理人才信息（登记、共享、人才工程申报评审、人才基金、表彰、查看联系电话）"),
    "portal.publish": _("撰写党务公开信息（组工信息、通知公告、资料下载、公示）并送审"),
    "portal.review": _("审核发布、退回、撤下党务公开信息"),
}
# Held by no role but the one an administrator assigns to a named person (GlobaLeaks: as few eyes as possible).
NAMED_ONLY = frozenset({"complaints.identity"})

_VIEW = {"organizations.view", "audit.view", "policy.view", "members.view"}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.DEPARTMENT_ADMIN: frozenset(CAPABILITIES) - NAMED_ONLY,
    Role.OPERATOR: frozenset(
        _VIEW | {"organizations.change", "organizations.elections", "findings.run", "findings.handle", "members.change",
                 "cadres.view", "surveys.view", "surveys.manage", "surveys.enter", "ballots.tally",
                 "talent.view", "talent.manage", "portal.publish"}
    ),
    Role.BRANCH_SECRETARY: frozenset(_VIEW | {"organizations.elections", "members.change", "findings.handle",
                                              "ballots.tally"}),
    Role.INSPECTOR: frozenset(_VIEW | {"cadres.view", "surveys.view", "appointments.view", "complaints.view",
                                       "talent.view"}),
    Role.IDENTITY_KEEPER: NAMED_ONLY,
}
