"""Design use cases: frozen once answered (a new version instead), options, indicators, groups, paper sheets."""

import pytest
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.models import PolicyValue
from zugong.surveys import services
from zugong.surveys.models import Option, PaperSheet, Question, Response, Survey
from zugong.surveys.tests.factories import answer, make_group, make_survey


@pytest.fixture
def survey(county):
    return make_survey(county.county, status="draft")


def _design(survey):
    return [(q.number, q.text, [(o.label, o.score, o.counted) for o in q.options.all()])
            for q in survey.questions.order_by("number")]


def test_the_ready_made_design_of_seed_002(survey):
    assert list(survey.indicators.filter(level="main").values_list("name", flat=True)) == [
        "对组织工作的总体评价", "对组工干部的评价", "对干部选拔任用工作的评价", "对防止和纠正用人上不正之风工作的评价"]
    assert survey.indicators.filter(level="secondary").count() == 10
    first = survey.questions.get(number=1)
    assert [(o.label, o.score, o.counted) for o in first.options.all()] == [
        ("好", 100, True), ("较好", 80, True), ("一般", 60, True), ("差", 0, True), ("不了解", None, False)]


def test_options_are_typed_one_per_line():
    assert services.parse_options("很好=100\n好＝80\n\n不了解=不计分\n其他") == [
        services.OptionData("很好", 100), services.OptionData("好", 80),
        services.OptionData("不了解", None, False), services.OptionData("其他", None, False)]


@pytest.mark.parametrize(("text", "message"), [
    ("好=一百", "选项「好」的分值应为0—100的整数或“不计分”，收到「一百」"),
    ("好=120", "选项「好」的分值应在0—100之间，收到120"),
    ("好=100\n好=80", "选项「好」重复"),
    ("=100", "选项第1行缺少选项文字"),
])
def test_bad_options_are_refused(text, message):
    with pytest.raises(DomainError) as refused:
        services.parse_options(text)
    assert refused.value.message == message


def test_the_design_is_frozen_once_answered_and_a_new_version_can_change(county, department_admin, survey):
    survey.status = "open"
    survey.save()
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=3)
    before = _design(survey)
    question = survey.questions.get(number=1)
    frozen = "「组织工作满意度民意调查」已有答卷，题目、分值和匿名设置不能再修改；如需调整，请建立新版本。"
    attempts = [
        lambda: services.save_question(department_admin, survey, section=question.section, text="新题目", kind="single",
                                       indicator=None, required=True, options=services.parse_options("是=100\n否=0"),
                                       question=question),
        lambda: services.delete_question(department_admin, survey, question),
        lambda: services.add_indicator(department_admin, survey, code="X1", name="新指标", level="secondary"),
        lambda: services.add_section(department_admin, survey, title="四、其他"),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.message == frozen
    assert _design(survey) == before

    copy = services.new_version(department_admin, survey)
    assert (copy.version, copy.previous_version, str(copy)) == (2, survey, "组织工作满意度民意调查（第2版）")
    assert _design(copy) == before and copy.groups.count() == 1 and not copy.responses.exists()
    changed = services.save_question(department_admin, copy, section=copy.sections.first(), text="新题目",
                                     kind="single", indicator=copy.indicators.get(code="M1"), required=True,
                                     options=services.parse_options("是=100\n否=0"),
                                     question=copy.questions.get(number=1))
    assert [o.label for o in changed.options.all()] == ["是", "否"]
    assert _design(survey) == before  # the answered version is untouched


def test_a_survey_opens_only_when_it_can_be_answered(county, department_admin):
    survey = services.create_survey(department_admin, name="空白调查", kind="other", year=2026,
                                    organization=county.county)
    with pytest.raises(DomainError, match="^问卷还不能开始填写：还没有题目$"):
        services.set_status(department_admin, survey, "open")
    section = services.add_section(department_admin, survey, title="一、评价")
    question = services.save_question(department_admin, survey, section=section, text="您的评价？", kind="single",
                                      indicator=None, required=True, options=services.parse_options("好=100\n差=0"))
    Option.objects.filter(question=question).exclude(label="好").delete()
    with pytest.raises(DomainError, match="^问卷还不能开始填写：第1题至少需要两个选项$"):
        services.set_status(department_admin, survey, "open")
    assert Survey.objects.get(pk=survey.pk).status == "draft"


def test_a_scored_question_needs_a_counted_option(county, department_admin, survey):
    with pytest.raises(DomainError, match="^计入指标的题目至少要有一个计分的选项$"):
        services.save_question(department_admin, survey, section=survey.sections.first(), text="您了解吗？",
                               kind="single", indicator=survey.indicators.first(), required=True,
                               options=services.parse_options("了解\n不了解"))
    with pytest.raises(DomainError, match="^多选题不能计入指标得分；请改为单选题或不计入指标$"):
        services.save_question(department_admin, survey, section=survey.sections.first(), text="哪些方面好？",
                               kind="multiple", indicator=survey.indicators.first(), required=True,
                               options=services.parse_options("甲=100\n乙=0"))
    assert survey.questions.count() == 15


def test_indicator_counts_follow_the_policy(department_admin, survey):
    with pytest.raises(DomainError) as refused:
        services.add_indicator(department_admin, survey, code="S11", name="第十一项", level="secondary")
    assert refused.value.message == "次要指标最多10个（政策规则「次要指标最多个数」）"
    PolicyValue.objects.create(key="surveys.max_secondary_indicators", value="11")
    assert services.add_indicator(department_admin, survey, code="s11", name="第十一项", level="secondary").code == "S11"
    with pytest.raises(DomainError, match="^指标代码「S11」已存在$"):
        services.add_indicator(department_admin, survey, code="S11", name="重复", level="main")


def test_groups_stay_under_the_survey_and_inside_the_users_scope(county, department_admin, township_operator):
    survey = make_survey(county.township, status="draft")
    with pytest.raises(DomainError, match="^「南山村党支部」不在「东风镇党委」之下$"):
        services.add_group(department_admin, survey, organization=county.other_village, kind="cadres", quota=20)
    county_survey = make_survey(county.county, status="draft")
    with pytest.raises(DomainError, match="^您无权在「示范县委」范围内办理此项调查工作$"):
        services.add_group(township_operator, county_survey, organization=county.village, kind="cadres", quota=20)
    services.add_group(department_admin, survey, organization=county.village, kind="cadres", quota=20)
    with pytest.raises(DomainError, match="^「东风村党支部」的干部组已存在$"):
        services.add_group(department_admin, survey, organization=county.village, kind="cadres", quota=30)
    assert survey.groups.count() == 1 and not county_survey.groups.exists()


def _raw(survey, label="好"):
    return {q.pk: next((o.pk for o in q.options.all() if o.label == label), None)
            for q in survey.questions.all() if q.kind == Question.Kind.SINGLE}


def test_double_entry_of_paper_sheets(county, department_admin, township_operator):
    survey = make_survey(county.county, double_entry=True)
    group = make_group(survey, county.village)
    sheet = services.enter_paper_sheet(department_admin, survey, group=group, number="0001", raw=_raw(survey))
    assert sheet.status == PaperSheet.Status.AWAITING_SECOND and not Response.objects.exists()
    with pytest.raises(DomainError, match="^问卷编号「0001」的第二次录入须由另一名录入员完成$"):
        services.enter_paper_sheet(department_admin, survey, group=group, number="0001", raw=_raw(survey))
    sheet = services.enter_paper_sheet(township_operator, survey, group=group, number="0001", raw=_raw(survey))
    assert sheet.status == PaperSheet.Status.DONE and Response.objects.get().channel == "paper"
    with pytest.raises(DomainError, match="^问卷编号「0001」已经录入过$"):
        services.enter_paper_sheet(township_operator, survey, group=group, number="0001", raw=_raw(survey))

    services.enter_paper_sheet(department_admin, survey, group=group, number="0002", raw=_raw(survey))
    different = _raw(survey) | {survey.questions.get(number=3).pk: _raw(survey, "差")[survey.questions.get(number=3).pk]}
    sheet = services.enter_paper_sheet(township_operator, survey, group=group, number="0002", raw=different)
    assert sheet.status == PaperSheet.Status.MISMATCH and Response.objects.count() == 1
    assert services.mismatched_questions(sheet) == [survey.questions.get(number=3).pk]
    services.resolve_mismatch(department_admin, sheet, group=group, raw=different)
    assert Response.objects.count() == 2
    assert survey.responses.last().answers.get(question__number=3).option.label == "差"
    with pytest.raises(DomainError, match="^问卷编号「0002」没有待处理的不一致$"):
        services.resolve_mismatch(department_admin, sheet, group=group, raw=different)
    assert Response.objects.count() == 2


def test_report_review_asks_about_each_cadre_promoted_in_its_year(county, department_admin, client):
    import datetime as dt

    from zugong.cadres.models import Cadre, Position, Tenure

    def cadre(name, org, *posts):
        person = Cadre.objects.create(name=name, gender="男", birth=dt.date(1980, 1, 1), organization=org)
        for title, rank, start in posts:
            position, _made = Position.objects.get_or_create(organization=org, title=title, defaults={"rank": rank})
            Tenure.objects.create(cadre=person, position=position, started_on=start)
        return person

    cadre("王强", county.township, ("东风镇副镇长", "section_deputy", dt.date(2020, 3, 1)),
          ("东风镇镇长", "section_head", dt.date(2026, 4, 1)))                      # promoted this year
    cadre("李明", county.township, ("东风镇科员", "staff", dt.date(2015, 3, 1)),
          ("东风镇副镇长", "section_deputy", dt.date(2026, 6, 1)))                  # first leading post
    cadre("赵刚", county.township, ("东风镇镇长", "section_head", dt.date(2019, 3, 1)),
          ("东风镇人大主席", "section_head", dt.date(2026, 5, 1)))                  # same rank: not promoted
    cadre("孙丽", county.township, ("东风镇副镇长", "section_deputy", dt.date(2025, 9, 1)))  # last year
    cadre("周红", county.other_township, ("南山镇镇长", "section_head", dt.date(2026, 2, 1)))  # outside the survey
    survey = make_survey(county.township, kind="report_review", status="draft", year=2026)
    client.force_login(department_admin)
    client.post(reverse("surveys:cadre_questions", args=[survey.pk]))
    asked = list(survey.questions.filter(indicator__code="R2").order_by("number").values_list("text", flat=True))
    assert asked == ["对王强同志（东风镇镇长，2026年04月任职）的评价", "对李明同志（东风镇副镇长，2026年06月任职）的评价"]
    question = survey.questions.get(text__startswith="对王强")
    assert [(o.label, o.score, o.counted) for o in question.options.all()] == [
        ("满意", 100, True), ("基本满意", 60, True), ("不满意", 0, True), ("不了解", None, False)]
    assert services.add_promoted_cadre_questions(department_admin, survey) == []  # asked once
    other = make_survey(county.township, kind="three_degree", status="draft")
    with pytest.raises(DomainError, match="^只有“一报告两评议”调查按新提拔干部生成评议题目$"):
        services.add_promoted_cadre_questions(department_admin, other)
