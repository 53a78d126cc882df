"""The main navigation: every module of REQUIREMENTS.md, disabled until it is built."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    icon: str
    url_name: str | None = None  # None: the module is not built yet
    capability: str | None = None
    section: str | None = None  # URL-name prefix of the pages this item stands for

    @property
    def url(self) -> str | None:
        return reverse(self.url_name) if self.url_name else None


MODULES = [
    NavItem(_("工作台"), "speedometer2", "core:dashboard"),
    NavItem(_("问题预警"), "exclamation-triangle", "findings:list", None, "findings:"),
    NavItem(_("组织体系"), "diagram-3", "organizations:tree", "organizations.view", "organizations:"),
    NavItem(_("单位"), "building", "organizations:unit_list", "organizations.view", "organizations:unit_"),
    NavItem(_("党员"), "people", "members:list", "members.view", "members:"),
    NavItem(_("组织关系转接"), "arrow-left-right", "members:transfers", "members.view", "members:transfer"),
    NavItem(_("党费"), "cash-coin", "dues:overview", "members.view", "dues:"),
    NavItem(_("发展党员"), "person-plus", "development:list", "members.view", "development:"),
    NavItem(_("教育管理"), "book", "education:study", "members.view", "education:"),
    NavItem(_("支部工作"), "calendar-check", "branchlife:overview", "members.view", "branchlife:"),
    NavItem(_("干部"), "person-badge", "cadres:list", "cadres.view", "cadres:"),
    NavItem(_("选拔任用"), "clipboard-check", "appointments:list", "appointments.view", "appointments:"),
    NavItem(_("票决"), "check2-square", "ballots:list", "ballots.tally", "ballots:"),
    NavItem(_("人才"), "stars", "talent:list", "talent.view", "talent:"),
    NavItem(_("民意调查"), "bar-chart", "surveys:list", "surveys.view", "surveys:"),
    NavItem(_("12380举报"), "telephone", "complaints:list", "complaints.view", "complaints:"),
    NavItem(_("考核评价"), "award", "assessments:rounds", "organizations.view", "assessments:"),
    NavItem(_("机关绩效"), "speedometer", "performance:templates", "organizations.view", "performance:"),
    NavItem(_("专项活动"), "flag", "campaigns:list", "organizations.view", "campaigns:"),
    NavItem(_("结对帮扶"), "hand-thumbs-up", "pairing:list", "organizations.view", "pairing:"),
    NavItem(_("统计报表"), "graph-up", "statistics:overview", "members.view", "statistics:"),
    NavItem(_("党务公开"), "megaphone", "portal:list", "portal.publish", "portal:"),
    NavItem(_("用户与角色"), "person-gear", "accounts:user_list", "accounts.manage", "accounts:user"),
    NavItem(_("政策规则"), "sliders", "core:policy_list", "policy.view", "core:policy_"),
]
