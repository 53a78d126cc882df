"""The survey design pages: list, new survey from the ready-made design, questions with scored options, opening,
the design frozen once answered (a new version instead), groups, codes and slips — and every refusal."""

import html

import pytest
from django.urls import reverse

from tests.same_page import once
from zugong.core.models import AuditEvent
from zugong.surveys.models import (
    Indicator,
    Invitation,
    Option,
    Question,
    RespondentGroup,
    Section,
    Survey,
)
from zugong.surveys.tests.factories import answer, make_group, make_invitation, make_survey

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def design_state():
    return (list(Survey.objects.order_by("pk").values_list("pk", "name", "status", "anonymous", "year")),
            list(Indicator.objects.order_by("pk").values_list("pk", "code")),
            list(Section.objects.order_by("pk").values_list("pk", "title")),
            list(Question.objects.order_by("pk").values_list("pk", "number", "text", "kind", "indicator_id")),
            list(Option.objects.order_by("pk").values_list("pk", "label", "score", "counted")),
            list(RespondentGroup.objects.order_by("pk").values_list("pk", "quota")),
            Invitation.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def admin_client(client, department_admin):
    client.force_login(department_admin)
    return client


@pytest.fixture
def draft(county):
    return make_survey(county.county, name="2026年组织工作满意度民意调查", status="draft")


def url(name, *args):
    return reverse(f"surveys:{name}", args=args)


# --- list and a new survey -------------------------------------------------------------------------------------


def test_the_list_filters_and_offers_a_new_survey_to_managers(client, county, department_admin, inspector, draft):
    make_survey(county.county, name="2025年组织工作满意度民意调查", year=2025, status="closed")
    client.force_login(department_admin)
    page = text(client.get(url("list"), {"year": "2026"}))
    assert "2026年组织工作满意度民意调查" in page and "2025年组织工作满意度民意调查" not in page
    assert "新建调查" in page
    page = text(client.get(url("list"), {"status": "closed"}))
    assert "2025年组织工作满意度民意调查" in page and "2026年组织工作满意度民意调查" not in page
    client.force_login(inspector)
    page = text(client.get(url("list")))
    assert "2026年组织工作满意度民意调查" in page and "新建调查" not in page


def test_a_township_operator_sees_the_county_survey_that_asks_about_them_but_cannot_change_it(
        client, county, township_operator, draft):
    make_group(draft, county.village)
    client.force_login(township_operator)
    assert client.get(url("detail", draft.pk)).status_code == 200
    page = text(client.get(url("detail", draft.pk)))
    assert "修改基本信息" not in page and "开始填写" not in page
    assert client.get(url("edit", draft.pk)).status_code == 404
    assert client.post(url("status", draft.pk), {"status": "open"}).status_code == 404


def test_create_a_survey_from_the_ready_made_design(admin_client, county):
    response = admin_client.post(url("create"), once({
        "name": "2026年组织工作满意度民意调查", "kind": "satisfaction", "year": "2026", "organization": county.county.pk,
        "anonymous": "on", "from_template": "on"}))
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", survey.pk)
    assert survey.questions.count() == 15 and survey.indicators.filter(level="main").count() == 4
    page = text(admin_client.get(url("detail", survey.pk)))
    assert "已新建调查「2026年组织工作满意度民意调查」。" in page
    assert "对组织工作的总体评价" in page and "不了解 不计分" in page and "好 100分" in page
    assert "主要指标" in page and "次要指标" in page


def test_create_without_the_design_and_a_comparison_that_is_not_earlier_is_refused(admin_client, county, draft):
    before = design_state()
    response = admin_client.post(url("create"), once({
        "name": "2025年调查", "kind": "satisfaction", "year": "2025", "organization": county.county.pk,
        "compare_with": draft.pk}))
    assert response.status_code == 200
    assert "对比的调查「2026年组织工作满意度民意调查」是2026年的，应早于本调查年度2025年" in text(response)
    assert design_state() == before
    admin_client.post(url("create"), once({"name": "空白问卷", "kind": "other", "year": "2026",
                                           "organization": county.county.pk}))
    assert not Survey.objects.get(name="空白问卷").questions.exists()


def test_a_survey_cannot_be_made_for_an_organization_outside_the_scope(client, county, township_operator):
    client.force_login(township_operator)
    response = client.post(url("create"), once({"name": "县调查", "kind": "satisfaction", "year": "2026",
                                                "organization": county.county.pk}))
    assert "Select a valid choice" not in text(response)
    assert "organization" in response.context["form"].errors
    assert not Survey.objects.exists()


# --- questions -------------------------------------------------------------------------------------------------


def test_add_a_question_with_a_scale_and_edit_it_with_its_options_prefilled(admin_client, draft):
    section = draft.sections.get(title="三、意见建议")
    m1 = draft.indicators.get(code="M1")
    response = admin_client.post(url("question_new", draft.pk), once({
        "section": section.pk, "text": "您对本单位党建工作的评价是？", "kind": "single", "indicator": m1.pk,
        "required": "on", "options": "好=100\n较好＝80\n一般=60\n差=0\n不了解=不计分"}))
    assert response.status_code == 302
    question = draft.questions.get(number=16)
    assert [(o.label, o.score, o.counted) for o in question.options.all()] == [
        ("好", 100, True), ("较好", 80, True), ("一般", 60, True), ("差", 0, True), ("不了解", None, False)]
    page = text(admin_client.get(url("question_edit", draft.pk, question.pk)))
    assert "好=100\n较好=80\n一般=60\n差=0\n不了解=不计分" in page
    assert 'data-scale="好=100\n较好=80\n一般=60\n差=0\n不了解=不计分"' in page  # the one-click scale


def test_bad_options_are_refused_with_the_line_named(admin_client, draft):
    section = draft.sections.first()
    before = design_state()
    response = admin_client.post(url("question_new", draft.pk), once({
        "section": section.pk, "text": "新题", "kind": "single", "options": "好=很多\n差=0"}))
    assert "选项「好」的分值应为0—100的整数或“不计分”，收到「很多」" in text(response)
    response = admin_client.post(url("question_new", draft.pk), once({
        "section": section.pk, "text": "新题", "kind": "single", "options": "好=100"}))
    assert "选择题至少需要两个选项" in text(response)
    response = admin_client.post(url("question_new", draft.pk), once({
        "section": section.pk, "text": "新题", "kind": "multiple", "indicator": draft.indicators.first().pk,
        "options": "甲=100\n乙=0"}))
    assert "多选题不能计入指标得分；请改为单选题或不计入指标" in text(response)
    assert design_state() == before


def test_delete_a_question_renumbers_the_rest(admin_client, draft):
    first = draft.questions.get(number=1)
    admin_client.post(url("question_delete", draft.pk, first.pk))
    assert list(draft.questions.values_list("number", flat=True)) == list(range(1, 15))
    assert draft.questions.get(number=1).indicator.code == "M2"


def test_indicators_beyond_the_policy_limit_are_refused(admin_client, draft):
    before = design_state()
    response = admin_client.post(url("indicator_new", draft.pk), {"code": "M5", "name": "第五项", "level": "main"})
    assert "主要指标最多4个（政策规则「主要指标最多个数」）" in text(response)
    assert design_state() == before
    admin_client.post(url("section_new", draft.pk), once({"title": "四、补充"}))
    assert draft.sections.last().title == "四、补充"


# --- opening, and the frozen design ----------------------------------------------------------------------------


def test_opening_a_survey_with_a_question_without_options_is_refused(admin_client, county):
    survey = Survey.objects.create(name="测评", kind="other", year=2026, organization=county.county)
    section = Section.objects.create(survey=survey, title="一", order=1)
    Question.objects.create(survey=survey, section=section, number=1, text="评价", kind="single")
    before = design_state()
    page = text(admin_client.post(url("status", survey.pk), {"status": "open"}, follow=True))
    assert "问卷还不能开始填写：第1题至少需要两个选项" in page
    assert design_state() == before
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_open_and_close(admin_client, draft):
    page = text(admin_client.post(url("status", draft.pk), {"status": "open"}, follow=True))
    assert "「2026年组织工作满意度民意调查」已开始填写。" in page and "结束调查" in page
    admin_client.post(url("status", draft.pk), {"status": "closed"})
    draft.refresh_from_db()
    assert draft.status == "closed"


def test_after_the_first_response_the_design_is_frozen_and_a_new_version_is_editable(admin_client, county, draft):
    group = make_group(draft, county.village)
    answer(draft, group, {"M1": "好"})
    page = text(admin_client.get(url("detail", draft.pk)))
    assert "本调查已有答卷，题目、分值和匿名设置已锁定" in page and "建立新版本" in page
    assert url("question_new", draft.pk) not in page
    assert url("question_edit", draft.pk, draft.questions.first().pk) not in page
    assert url("question_delete", draft.pk, draft.questions.first().pk) not in page

    frozen = "「2026年组织工作满意度民意调查」已有答卷，题目、分值和匿名设置不能再修改；如需调整，请建立新版本。"
    before = design_state()
    question = draft.questions.get(number=1)
    response = admin_client.post(url("question_edit", draft.pk, question.pk), once({
        "section": question.section_id, "text": "改过的题目", "kind": "single", "options": "好=90\n差=0"}))
    assert frozen in text(response)
    assert frozen in text(admin_client.post(url("question_delete", draft.pk, question.pk), follow=True))
    response = admin_client.post(url("indicator_new", draft.pk), {"code": "X1", "name": "新指标", "level": "secondary"})
    assert frozen in text(response)
    assert design_state() == before

    response = admin_client.post(url("new_version", draft.pk))
    copy = Survey.objects.get(previous_version=draft)
    assert response["Location"] == url("detail", copy.pk) and copy.version == 2 and copy.status == "draft"
    assert (list(copy.questions.values_list("number", "text", "kind", "indicator__code"))
            == list(draft.questions.values_list("number", "text", "kind", "indicator__code")))
    assert copy.groups.get().organization == county.village
    page = text(admin_client.get(url("detail", copy.pk)))
    assert "2026年组织工作满意度民意调查（第2版）" in page and "已锁定" not in page
    copied = copy.questions.get(number=1)
    response = admin_client.post(url("question_edit", copy.pk, copied.pk), once({
        "section": copied.section_id, "text": "改过的题目", "kind": "single", "options": "好=90\n差=0"}))
    assert response.status_code == 302
    assert copy.questions.get(number=1).text == "改过的题目"
    assert draft.questions.get(number=1).text == "您对本地组织工作的总体评价是？"


def test_anonymity_cannot_be_switched_off_after_responses(admin_client, county, draft):
    answer(draft, make_group(draft, county.village), {"M1": "好"})
    before = design_state()
    response = admin_client.post(url("edit", draft.pk), {"name": draft.name, "year": "2026"})
    assert "「2026年组织工作满意度民意调查」已有答卷，匿名设置不能再更改。" in text(response)
    assert design_state() == before
    response = admin_client.post(url("edit", draft.pk), {"name": "2026年满意度调查", "year": "2026", "anonymous": "on",
                                                         "intro": "请如实填写"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.intro, draft.anonymous) == ("2026年满意度调查", "请如实填写", True)


# --- groups, codes and slips -----------------------------------------------------------------------------------


def test_add_a_group_and_issue_codes(admin_client, county, draft):
    response = admin_client.post(url("group_new", draft.pk), {"organization": county.village.pk, "kind": "cadres",
                                                               "quota": "30"})
    assert response.status_code == 302
    group = draft.groups.get()
    before = design_state()
    response = admin_client.post(url("group_new", draft.pk), {"organization": county.village.pk, "kind": "cadres",
                                                               "quota": "10"})
    assert "「东风村党支部」的干部组已存在" in text(response)
    assert design_state() == before
    page = text(admin_client.post(url("invitations", draft.pk, group.pk), once({"count": "30"}), follow=True))
    assert "已为「东风村党支部·干部」生成30个邀请码。" in page
    assert group.invitations.count() == 30
    assert len({len(code) for code in group.invitations.values_list("code", flat=True)}) == 1


def test_named_codes_on_an_anonymous_survey_are_refused(admin_client, county, draft):
    group = make_group(draft, county.village)
    before = design_state()
    response = admin_client.post(url("invitations", draft.pk, group.pk), once({"invitees": "张三\n李四"}))
    assert "匿名调查的邀请码不能记名" in text(response)
    response = admin_client.post(url("invitations", draft.pk, group.pk), once({"count": ""}))
    assert "请填写生成个数，或逐行填写受邀人姓名" in text(response)
    response = admin_client.post(url("invitations", draft.pk, group.pk), once({"count": "5001"}))
    assert "一次可生成1—5000个邀请码，收到5001" in text(response)
    assert design_state() == before


def test_named_codes_on_a_named_survey(admin_client, county):
    survey = make_survey(county.county, name="记名测评", status="draft", anonymous=False)
    group = make_group(survey, county.village)
    assert "受邀人姓名" in text(admin_client.get(url("groups", survey.pk)))
    admin_client.post(url("invitations", survey.pk, group.pk), once({"invitees": "张三\n\n李四\n"}))
    assert sorted(group.invitations.values_list("invitee", flat=True)) == ["张三", "李四"]


def test_the_groups_page_counts_codes_and_responses(admin_client, county, draft):
    group = make_group(draft, county.village, quota=20)
    make_invitation(group, "AAAA2222")
    Invitation.objects.create(group=group, code="BBBB3333", used=True)
    answer(draft, group, {"M1": "好"}, times=3)
    page = admin_client.get(url("groups", draft.pk))
    row = text(page).split(f'data-testid="group-{group.pk}"')[1].split("</tr>")[0]
    assert '"issued">2<' in row and '"used">1<' in row and '"received">3 / 20<' in row


def test_slips_show_only_unused_codes_with_the_public_address(admin_client, county, draft):
    group = make_group(draft, county.village)
    make_invitation(group, "AAAA2222")
    Invitation.objects.create(group=group, code="BBBB3333", used=True)
    page = text(admin_client.get(url("slips", draft.pk, group.pk)))
    assert "AAAA2222" in page and "BBBB3333" not in page
    assert "http://testserver/s/" in page and "2026年组织工作满意度民意调查" in page
    assert "/static/css/survey_slips.css" in page  # its print rules (@media print, @page A4) are in that file


def test_unused_codes_export_as_links_that_open_the_questionnaire(admin_client, county, draft):
    import io

    import openpyxl

    group = make_group(draft, county.village)
    make_invitation(group, "AAAA2222")
    Invitation.objects.create(group=group, code="BBBB3333", used=True)
    response = admin_client.get(url("links", draft.pk, group.pk))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows == [("邀请码", "填写链接", "受邀人"), ("AAAA2222", "http://testserver/s/AAAA2222/", None)]  # no invitee: an empty cell


def test_codes_and_slips_are_not_for_an_inspector(client, county, inspector, draft):
    group = make_group(draft, county.village)
    make_invitation(group, "AAAA2222")
    client.force_login(inspector)
    page = text(client.get(url("groups", draft.pk)))
    assert "东风村党支部" in page and "打印邀请条" not in page and "AAAA2222" not in page
    assert client.get(url("slips", draft.pk, group.pk)).status_code == 404
    assert client.post(url("invitations", draft.pk, group.pk), once({"count": "3"})).status_code == 404
    assert group.invitations.count() == 1


def test_a_township_operator_issues_codes_for_their_own_group_of_a_county_survey(client, county, township_operator,
                                                                                  draft):
    own, other = make_group(draft, county.village), make_group(draft, county.other_village)
    client.force_login(township_operator)
    page = text(client.get(url("groups", draft.pk)))
    assert "东风村党支部" in page and "南山村党支部" not in page and "新增调查对象" not in page
    client.post(url("invitations", draft.pk, own.pk), once({"count": "3"}))
    assert own.invitations.count() == 3
    assert client.get(url("slips", draft.pk, own.pk)).status_code == 200
    assert client.post(url("invitations", draft.pk, other.pk), once({"count": "3"})).status_code == 404
    assert client.post(url("group_new", draft.pk), {"organization": county.village2.pk, "kind": "cadres",
                                                    "quota": "5"}).status_code == 404
    assert not other.invitations.exists() and draft.groups.count() == 2
