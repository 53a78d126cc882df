"""The portal's demo step on the test county: a year of 组工信息 through review by another person, notices and
downloads with a real .docx, the current 发展党员公示 from the development cases due, an ended 公示 withdrawn by the
nightly job, one item withdrawn by hand and one corrected; its tables reset before the organizations."""

import datetime as dt
import random

from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.organizations import demo
from zugong.organizations.models import Organization
from zugong.portal import demo as portal_demo
from zugong.portal.models import Article

S, K = Article.Status, Article.Kind
TODAY = dt.date(2026, 11, 20)


def test_the_step_runs_before_the_checks_and_its_tables_are_reset_before_the_organizations():
    assert demo.STEPS.index(portal_demo.add_portal) < demo.STEPS.index(demo.refresh_findings)
    assert portal_demo.Articles in demo.RESET_MODELS


def test_the_demo_portal(county, department_admin, township_operator, outsider):
    case = DevelopmentCase.objects.create(
        name="陈静", id_number="360721199604090021", gender="female", birth_date=dt.date(1996, 4, 9),
        education="undergraduate", occupation="farmer", organization=county.village, stage="candidate")
    DevelopmentStep.objects.create(case=case, kind=DevelopmentStep.Kind.BRANCH_REVIEW, done_on=TODAY)
    ctx = demo.DemoContext(rng=random.Random(3), today=TODAY, scale="county", root=county.county)
    portal_demo.add_portal(ctx)
    news = Article.objects.filter(kind=K.NEWS, status__in=[S.PUBLISHED, S.WITHDRAWN])
    assert news.count() == portal_demo.NEWS
    days = sorted(news.values_list("starts_on", flat=True))
    assert days[0] < TODAY - dt.timedelta(days=340) and days[-1] <= TODAY
    assert all(a.reviewer == department_admin and a.author != a.reviewer for a in Article.objects.filter(
        status=S.PUBLISHED))
    assert {a.created_at.date() for a in news} == set(days)
    current = Article.objects.get(kind=K.PUBLICITY, status=S.PUBLISHED)
    assert list(current.entries.values_list("name", "proposed_post")) == [("陈静", "拟接收为预备党员")]
    assert current.starts_on == TODAY and current.ends_on > TODAY
    ended = Article.objects.get(kind=K.PUBLICITY, status=S.WITHDRAWN)
    assert ended.withdraw_reason == "公示期满，自动撤下" and ended.withdrawn_on == ended.ends_on + dt.timedelta(days=1)
    assert Article.objects.filter(kind=K.NEWS, status=S.WITHDRAWN, withdraw_reason="活动信息有误，撤下核实").count() == 1
    correction = Article.objects.get(corrects__isnull=False)
    assert (correction.status, correction.corrects.status, correction.version) == (S.PUBLISHED, S.SUPERSEDED, 2)
    download = Article.objects.filter(kind=K.DOWNLOAD).first()
    assert download.attachments.get().file.open("rb").read(2) == b"PK"
    assert Article.objects.filter(status=S.REVIEW, author=department_admin).exists()
    assert Article.objects.filter(status=S.DRAFT).exists()

    for model in demo.RESET_MODELS[:demo.RESET_MODELS.index(portal_demo.Articles) + 1]:
        model.objects.all().delete()
    assert not Article.objects.exists() and Organization.objects.exists()
