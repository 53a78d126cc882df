"""The 发展党员公示 (publicity of those to be admitted as probationary members), made from the development cases.

When a case is due: the person is a 发展对象 whose 支部委员会审查 is recorded and whose 支部大会讨论接收预备党员 is
not yet — the 25-step chart's steps 12 to 16 (zugong/development/procedure.py, STAGES). RULES.md names no 公示 of
development cases; placing it there, before the branch meeting decides and the higher committee approves, is the
county's practice (本县规定（可调整）, as the portal's ``portal.publicity_working_days`` says of its period), so that an
objection raised during the 公示 reaches the branch meeting.

Each person becomes one ``PublicityEntry`` holding only the six fields a 公示 shows: name, sex, birth month,
education, the current post as the development record holds it (the work unit, else the occupation) and the
proposed post 「拟接收为预备党员」. Nothing else of the case (ID number, phone, ethnicity) is read into the article.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import translation

from zugong.core.access import DomainError, scope_q
from zugong.core.dates import chinese_date
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.organizations.models import Organization
from zugong.portal import services
from zugong.portal.models import Article

K = DevelopmentStep.Kind
PROPOSED_POST = "拟接收为预备党员"
TITLE = "发展党员公示"


def due_cases(user, organization: Organization) -> QuerySet[DevelopmentCase]:
    """Open 发展对象 under ``organization`` in the user's scope (members.view and portal.publish both) whose branch
    committee has reviewed them and whose branch meeting has not yet discussed admitting them."""
    steps = DevelopmentStep.objects.filter(case=OuterRef("pk"))
    return (DevelopmentCase.objects.open().under(organization.path)
            .filter(scope_q(user, "members.view", "org_path"), scope_q(user, "portal.publish", "org_path"),
                    stage=DevelopmentCase.Stage.CANDIDATE)
            .filter(Exists(steps.filter(kind=K.BRANCH_REVIEW)))
            .exclude(Exists(steps.filter(kind=K.ADMISSION_VOTE)))
            .select_related("organization", "work_unit").order_by("org_path", "name", "pk"))


def listed(organization: Organization) -> set[tuple[str, str]]:
    """(name, birth month) of everyone in a 公示 under ``organization`` that is being drafted, reviewed or is public:
    the picker marks them, so that a person is not published twice (entries keep no link to the case, only the
    six fields)."""
    from zugong.portal.models import PublicityEntry  # noqa: PLC0415  (beside Article, read only here)

    articles = Article.objects.under(organization).filter(
        kind=Article.Kind.PUBLICITY, status__in=[Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED])
    return set(PublicityEntry.objects.filter(article__in=articles).values_list("name", "birth_month"))


def entry_of(case: DevelopmentCase) -> services.Entry:
    # A 公示 is a Chinese document whatever language the editor reads the pages in.
    with translation.override(settings.LANGUAGE_CODE):
        current = case.work_unit.name if case.work_unit is not None else case.get_occupation_display()
        return services.Entry(name=case.name, sex=case.get_gender_display(), birth_month=f"{case.birth_date:%Y.%m}",
                              education=case.get_education_display(), current_post=str(current),
                              proposed_post=PROPOSED_POST)


def body_text(organization: Organization, starts_on: dt.date, ends_on: dt.date, contact: str) -> str:
    return (f"根据《中国共产党发展党员工作细则》和有关规定，经党支部委员会审查，现将{organization.name}拟接收为预备党员的"
            f"发展对象情况予以公示。公示期：{chinese_date(starts_on)}至{chinese_date(ends_on)}。"
            f"公示期间，党员和群众如有意见，可通过来电、来信、来访等方式向{organization.name}反映"
            + (f"（电话：{contact}）" if contact else "") + "。反映问题要实事求是，提倡署真实姓名。")


def draft_development_publicity(actor, organization: Organization, cases, *, title: str = TITLE,
                                starts_on: dt.date, ends_on: dt.date, contact: str) -> Article:
    """A 公示 draft listing the chosen cases; a case not due (or outside the actor's scope) is refused by name."""
    due = set(due_cases(actor, organization).values_list("pk", flat=True))
    stray = [case.name for case in cases if case.pk not in due]
    if stray:
        raise DomainError("以下人员不在本单位待公示的发展对象之列：" + "、".join(stray), field="cases")
    with transaction.atomic():
        article = services.draft_article(actor, organization, kind=Article.Kind.PUBLICITY, title=title,
                                         body=body_text(organization, starts_on, ends_on, contact),
                                         starts_on=starts_on, ends_on=ends_on, contact=contact)
        services.set_entries(actor, article, [entry_of(case) for case in cases])
    return article
