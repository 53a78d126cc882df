"""一报告 (D3): the year's report of selection work that the 常委会 gives the 全委会 before the 两评议 (民主评议) —
what the cadre register and the selection cases say about a year under one committee: promotions by way and by
rank, women, young and non-party cadres among them, exchanges, the share promoted by open selection (seed 002:
36.36 %), the cases of the year and how they ended. Drawn as .docx/PDF for the plenary; the 两评议 itself is the
surveys' 一报告两评议 form (its questions per promoted cadre come from the same ``promoted_cadres``)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zugong.appointments import policies
from zugong.appointments.documents import Paper
from zugong.appointments.models import CaseCandidate, Hold, SelectionCase
from zugong.cadres.models import RANK_ORDER, Cadre, Mobility, Rank, Tenure
from zugong.cadres.record import age_on
from zugong.cadres.selectors import promoted_cadres
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q
from zugong.members.letters import issuer_label
from zugong.organizations.models import Organization

NOT_RECORDED = "未经选拔任用纪实（直接登记任职）"


@dataclass(frozen=True)
class Promotion:
    cadre: Cadre
    tenure: Tenure
    way: str  # the selection case's kind, or NOT_RECORDED
    open_selection: bool
    woman: bool
    young: bool
    non_party: bool


@dataclass
class AnnualReport:
    root: Organization
    year: int
    young_max_age: int
    promotions: list[Promotion]
    exchanges: int
    cases: dict[str, int] = field(default_factory=dict)  # status label → cases opened in the year
    stopped: list[tuple[str, str]] = field(default_factory=list)  # (case, reason)
    holds: int = 0

    @property
    def total(self) -> int:
        return len(self.promotions)

    def count(self, attribute: str) -> int:
        return sum(1 for p in self.promotions if getattr(p, attribute))

    @property
    def women(self) -> int:
        return self.count("woman")

    @property
    def young(self) -> int:
        return self.count("young")

    @property
    def non_party(self) -> int:
        return self.count("non_party")

    @property
    def open_selected(self) -> int:
        return self.count("open_selection")

    @property
    def open_share(self) -> Decimal | None:
        """Promoted by 公开选拔、竞争上岗 ÷ all promoted, in per cent to two places (seed 002: 36.36 %)."""
        if not self.total:
            return None
        return (Decimal(self.count("open_selection") * 100) / self.total).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def by_way(self) -> list[tuple[str, int]]:
        counts = Counter(p.way for p in self.promotions)
        order = [label for _, label in SelectionCase.Kind.choices] + [NOT_RECORDED]
        return [(way, counts[way]) for way in order if counts[way]]

    @property
    def by_rank(self) -> list[tuple[str, int, int, int, int, int]]:
        """Per rank (highest first): promoted, women, young, non-party, by open selection."""
        rows = []
        for rank in sorted(Rank, key=RANK_ORDER.get, reverse=True):
            group = [p for p in self.promotions if p.tenure.position.rank == rank]
            if group:
                rows.append((rank.label, len(group), *(sum(1 for p in group if getattr(p, a))
                                                       for a in ("woman", "young", "non_party", "open_selection"))))
        return rows


def annual_report(root: Organization, year: int) -> AnnualReport:
    young_max_age = policy_int(policies.YOUNG_CADRE_MAX_AGE.key)
    promoted = promoted_cadres(year, root.path)
    ways = {c.tenure_id: c.case.kind for c in CaseCandidate.objects.filter(
        tenure__in=[tenure for _, tenure in promoted]).select_related("case")}
    kinds = dict(SelectionCase.Kind.choices)
    promotions = []
    for cadre, tenure in promoted:
        kind = ways.get(tenure.pk)
        promotions.append(Promotion(
            cadre, tenure, str(kinds[kind]) if kind else NOT_RECORDED, kind == SelectionCase.Kind.OPEN,
            cadre.gender == Cadre.Gender.FEMALE, age_on(cadre.birth, tenure.started_on) <= young_max_age,
            cadre.party_joined is None or cadre.party_joined > tenure.started_on))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = SelectionCase.objects.filter(subtree_q(root.path, "org_path"), created_at__year=year)
    statuses = dict(SelectionCase.Status.choices)
    return AnnualReport(
        root, year, young_max_age, promotions,
        exchanges=Mobility.objects.filter(subtree_q(root.path, "cadre__org_path"), kind=Mobility.Kind.EXCHANGE,
                                          started_on__range=(first, last)).count(),
        cases={str(statuses[s]): n for s, n in sorted(Counter(cases.values_list("status", flat=True)).items())},
        stopped=list(cases.filter(status=SelectionCase.Status.STOPPED).values_list("title", "stopped_reason")),
        holds=Hold.objects.filter(subtree_q(root.path, "case__org_path"), placed_on__range=(first, last)).count(),
    )


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part * 100) / whole).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def report_paper(report: AnnualReport) -> Paper:
    total = report.total
    lines = [
        f"{report.year}年，{report.root.name}共提拔任用干部{total}名。"
        + ("其中，" + "，".join(f"{way}{n}名" for way, n in report.by_way) + "。" if total else ""),
        f"通过公开选拔、竞争上岗提拔的{report.count('open_selection')}名，占全年提拔干部总数的"
        f"{_percent(report.count('open_selection'), total)}。",
        f"提拔的干部中，女干部{report.count('woman')}名（{_percent(report.count('woman'), total)}），"
        f"{report.young_max_age}岁以下年轻干部{report.count('young')}名（{_percent(report.count('young'), total)}），"
        f"非中共党员干部{report.count('non_party')}名（{_percent(report.count('non_party'), total)}）。",
        f"全年交流干部{report.exchanges}名。",
        f"全年启动选拔任用事项{sum(report.cases.values())}件（"
        + ("，".join(f"{status}{n}件" for status, n in report.cases.items()) or "无") + "），"
        f"因反映问题暂缓{report.holds}次。",
    ]
    lines += [f"终止事项“{title}”：{reason}。" for title, reason in report.stopped]
    table = [["职务层次", "提拔人数", "女干部", "年轻干部", "非中共党员", "公开选拔、竞争上岗"]]
    table += [[label, *(str(n) for n in counts)] for label, *counts in report.by_rank]
    table.append(["合计", str(total), *(str(report.count(a)) for a in ("woman", "young", "non_party", "open_selection"))])
    return Paper(f"{report.year}年度干部选拔任用工作情况报告", lines, table,
                 signature=[issuer_label(report.root), f"{report.year + 1}年1月"])
