"""The main navigation: every module of REQUIREMENTS.md, disabled until it is built."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    icon: str
    url_name: str | None = None  # None: the module is not built yet
    capability: str | None = None

    @property
    def url(self) -> str | None:
        return reverse(self.url_name) if self.url_name else None


MODULES = [
    NavItem("工作台", "speedometer2", "core:dashboard"),
    NavItem("组织体系", "diagram-3", "organizations:tree", "organizations.view"),
    NavItem("单位", "building", "organizations:unit_list", "organizations.view"),
    NavItem("党员", "people"),
    NavItem("干部", "person-badge"),
    NavItem("选拔任用", "clipboard-check"),
    NavItem("票决", "check2-square"),
    NavItem("人才", "stars"),
    NavItem("民意调查", "bar-chart"),
    NavItem("12380举报", "telephone"),
    NavItem("考核评价", "award"),
    NavItem("专项活动", "flag"),
    NavItem("统计报表", "graph-up"),
    NavItem("党务公开", "megaphone"),
    NavItem("政策规则", "sliders", "core:policy_list", "policy.view"),
]
