"""Charts of the statistics dashboards (J2): members by age and education, organizations by kind, development
and dues by month, coverage by the level below, findings by kind. Each bar carries the URL of the records it
counts. The charts page shows all of them or one module's; the home dashboard shows a few."""

import datetime as dt

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.checks import REGISTRY
from zugong.core.selectors import findings_visible_to
from zugong.organizations.selectors import organizations_visible_to
from zugong.statistics import coverage, selectors
from zugong.statistics.tables import TABLES

CHART_MODULES = {"organizations": gettext_lazy("组织体系"), "members": gettext_lazy("党员"),
                 "development": gettext_lazy("发展党员"), "dues": gettext_lazy("党费")}
CHART_KEYS = ("age", "education", "org_kind", "development", "dues", "coverage", "findings")
MODULE_OF = {"age": "members", "education": "members", "org_kind": "organizations", "development": "development",
             "dues": "dues", "coverage": "organizations", "findings": ""}  # findings belong to every module


def _chart(key: str, title: str, labels: list, values: list, urls: list, unit: str) -> dict:
    return {"key": key, "title": title, "labels": [str(label) for label in labels], "values": values, "urls": urls,
            "unit": unit, "module": MODULE_OF[key]}


def build_charts(user, root, today: dt.date, module: str = "", keys=CHART_KEYS) -> list[dict]:
    """The charts for ``root``'s subtree as of today: the given ``keys``, narrowed to one module when asked."""
    keys = [key for key in keys if not module or MODULE_OF[key] in (module, "")]
    base = f"{reverse('statistics:cell')}?organization={root.pk}&day={today:%Y-%m-%d}"
    tables = [TABLES[key] for key in keys if key in ("age", "education", "org_kind")]
    figures = {f.table.key: f for f in selectors.tables(user, today, root.path, tables)} if tables else {}
    months = list(range(1, today.month + 1))
    built = []
    for key in keys:
        if key in ("age", "education", "org_kind"):
            rows = [(c, n) for c, n in figures[key].rows() if not c.subtotal and (n or key != "org_kind")]
            title, unit = {"age": (_("党员年龄结构"), _("人")), "education": (_("党员学历结构"), _("人")),
                           "org_kind": (_("党组织类别"), _("个"))}[key]
            built.append(_chart(key, title, [c.label for c, _n in rows], [n for _c, n in rows],
                                [f"{base}&table={key}&cell={c.key}" for c, _n in rows], unit))
        elif key == "development":
            admitted = dict(selectors.steps_in_year(user, today, root.path).filter(kind="approval").annotate(
                m=ExtractMonth("done_on")).values("m").annotate(n=Count("pk")).values_list("m", "n"))
            built.append(_chart(key, _("%(year)s年各月发展党员") % {"year": today.year},
                                [_("%(month)s月") % {"month": m} for m in months],
                                [admitted.get(m, 0) for m in months],
                                [f"{base}&table=development&cell=admitted&month={m}" for m in months], _("人")))
        elif key == "dues":
            paid = dict(selectors.dues_in_year(user, today, root.path).annotate(m=ExtractMonth("paid_on"))
                        .values("m").annotate(total=Sum("amount")).values_list("m", "total"))
            built.append(_chart(key, _("%(year)s年各月党费收缴") % {"year": today.year},
                                [_("%(month)s月") % {"month": m} for m in months],
                                [round(float(paid.get(m) or 0), 2) for m in months],
                                [f"{base}&table=dues&month={m}" for m in months], _("元")))
        elif key == "coverage":
            children = list(organizations_visible_to(user, "members.view").filter(parent=root).open())
            rated = [(child, coverage.coverage(user, child.path, today)) for child in children]
            rated = [(child, rate) for child, rate in rated if rate.enterprises]  # levels below with enterprises
            if rated:
                built.append(_chart(key, _("非公企业党组织覆盖率（按下级党组织）"), [c.name for c, _r in rated],
                                    [round(r.covered * 100 / r.enterprises, 2) for _c, r in rated],
                                    [f"{reverse('statistics:coverage')}?organization={c.pk}" for c, _r in rated], "%"))
        elif key == "findings":
            kinds = list(findings_visible_to(user).values("check_code").annotate(n=Count("pk")).order_by("-n"))
            built.append(_chart(key, _("问题预警（按类别）"),
                                [_(REGISTRY[k["check_code"]].label) if k["check_code"] in REGISTRY else k["check_code"]
                                 for k in kinds], [k["n"] for k in kinds],
                                [f"{reverse('core:dashboard')}?check={k['check_code']}" for k in kinds], _("条")))
    for number, chart in enumerate(built, start=1):
        chart["id"] = f"chart-{number}"
    return built
