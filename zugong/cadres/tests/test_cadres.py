"""The cadre record: a form saved and read back, posts and years computed from tenures, the 优秀 quota, .lrmx
import with its per-file refusals, and every demo cadre's round trip through .lrmx."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.same_page import once
from zugong.cadres import importer, lrmx, selectors, services
from zugong.cadres.codes import Grade
from zugong.cadres.models import AnnualAssessment, Cadre, ReserveEntry, Tenure
from zugong.cadres.record import AppointmentForm, AssessmentResult, FamilyMember, ResumeLine
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.policy import set_policy_value
from zugong.core.validators import id_check_char

pytestmark = pytest.mark.django_db


def id_for(birth: dt.date, serial: int, male: bool = True) -> str:
    first17 = f"360723{birth:%Y%m%d}{serial * 2 + male:03d}"  # the 17th digit is odd for men
    return first17 + id_check_char(first17)


def a_form(**changes) -> AppointmentForm:
    values = dict(
        name="张建国", gender="男", birth=dt.date(1978, 3, 1), ethnicity="01", native_place="山西泽州",
        birthplace="山西晋城", party_joined=dt.date(2001, 6, 1), work_started=dt.date(2000, 7, 1), health="健康",
        id_number=id_for(dt.date(1978, 3, 15), 11),
        resume=[ResumeLine(dt.date(1996, 9, 1), dt.date(2000, 7, 1), "山西大学中文系学习"),
                ResumeLine(dt.date(2000, 7, 1), None, "东风镇党政综合办公室科员")],
        family=[FamilyMember("12", "李芳", dt.date(1980, 5, 1), "01", "示范县第一中学教师"),
                FamilyMember("51", "张山", None, "13", "已去世")],
        assessments=[AssessmentResult(2023, Grade.COMPETENT), AssessmentResult(2024, Grade.EXCELLENT)],
        rewards_and_penalties="2019年获评全县优秀共产党员\r\n2022年嘉奖",
    )
    return AppointmentForm(**(values | changes))


def test_a_form_is_saved_and_reads_back_the_same(county, department_admin):
    cadre = services.save_form(department_admin, a_form(), county.township)
    assert cadre.org_path == county.township.path
    back = selectors.form_of(Cadre.objects.get(pk=cadre.pk))
    assert back == a_form(current_post="", age_as_of=None)
    assert [line.number for line in cadre.resume.all()] == [1, 2]


@pytest.mark.parametrize(("changes", "message"), [
    ({"id_number": "36072319780315023"}, "身份证号应为18位（或15位旧号），现为17位"),
    ({"birth": dt.date(1979, 3, 1)}, "身份证号中的出生年月 1978.03 与填写的出生年月 1979.03 不一致"),
    ({"gender": "女"}, "身份证号显示性别为男，与填写的性别不一致"),
    ({"name": " "}, "姓名不能为空"),
])
def test_a_bad_form_is_refused_and_nothing_is_saved(county, department_admin, changes, message):
    with pytest.raises(DomainError, match=message):
        services.save_form(department_admin, a_form(**changes), county.township)
    assert not Cadre.objects.exists()


def test_the_same_id_number_cannot_be_two_cadres(county, department_admin):
    services.save_form(department_admin, a_form(), county.township)
    with pytest.raises(DomainError, match="已登记为另一名干部"):
        services.save_form(department_admin, a_form(name="张建"), county.township)


def test_a_township_operator_may_see_but_not_change_cadres(county, department_admin, township_operator, outsider):
    cadre = services.save_form(department_admin, a_form(), county.township)
    assert list(selectors.cadres_visible_to(township_operator)) == [cadre]
    assert not selectors.cadres_visible_to(outsider).exists()
    with pytest.raises(DomainError, match="无权管理"):
        services.save_form(township_operator, a_form(), county.township, cadre)


def test_posts_and_years_are_computed_from_tenures(career):
    on = dt.date(2026, 9, 1)
    assert selectors.current_post(career, on) == "东风镇镇长、东风镇人大主席"
    assert selectors.current_rank(career, on) == "section_head"
    assert selectors.months_in_current_post(career, on) == 120  # the longest-held current post: 10 years
    assert selectors.months_at_rank(career, "section_head", on) == 120  # two posts at once count once
    assert selectors.months_at_rank(career, "section_deputy", on) == 198  # deputy from 2010-03
    assert selectors.grassroots_months(career, on) == 116 + 120  # 2000-07→2010-03 and 2016-09→2026-09
    assert selectors.current_post(career, dt.date(2012, 1, 1)) == "县发改局副局长"
    assert selectors.months_in_current_post(career, dt.date(2016, 8, 31)) == 77  # a month not complete is not counted


def test_the_list_filters_by_post_rank_age_and_years_as_of_a_day(career, county, department_admin):
    other = services.save_form(department_admin, a_form(name="王敏", gender="女", birth=dt.date(1990, 8, 1),
                                                         id_number=id_for(dt.date(1990, 8, 8), 22, male=False)), county.township)
    on = dt.date(2026, 9, 1)

    def names(**data):
        return [c.name for c in selectors.filtered_cadres(department_admin, data, on)]

    assert names() == ["张建国", "王敏"]
    assert names(post="镇长") == ["张建国"]
    assert names(rank="section_head") == ["张建国"]
    assert names(min_age=36, max_age=36) == ["王敏"]  # born 1990.08: 36 from 2026.08
    assert names(max_age=35) == []
    assert names(min_years_in_post=10) == ["张建国"] and names(min_years_in_post=11) == []
    assert other.pk in {c.pk for c in selectors.filtered_cadres(department_admin, {"q": other.id_number}, on)}
    ReserveEntry.objects.create(cadre=other, target_rank="section_deputy", admitted_on=on)
    assert names(reserve="yes") == ["王敏"] and names(reserve="no") == ["张建国"]


def test_excellent_beyond_the_units_quota_is_refused_and_the_quota_follows_policy(county, department_admin):
    cadres = [services.save_form(department_admin, a_form(name=f"干部{n}", id_number=id_for(dt.date(1978, 3, 15), n)),
                                 county.agency_branch) for n in range(1, 10)]  # nine serving cadres
    assert services.excellent_quota(county.agency_branch) == 1  # 9 × 15% = 1.35
    services.record_assessment(department_admin, cadres[0], 2025, Grade.EXCELLENT)
    with pytest.raises(DomainError, match="优秀等次已有1人，达到上限1人"):
        services.record_assessment(department_admin, cadres[1], 2025, Grade.EXCELLENT)
    services.record_assessment(department_admin, cadres[0], 2025, Grade.EXCELLENT)  # the same cadre again
    set_policy_value(department_admin, "cadres.excellent_share_percent", "20")  # 9 × 20% = 1.8 → 2
    services.record_assessment(department_admin, cadres[1], 2025, Grade.EXCELLENT)
    assert AnnualAssessment.objects.filter(year=2025, grade=Grade.EXCELLENT).count() == 2
    services.save_form(department_admin, a_form(name="干部10", id_number=id_for(dt.date(1978, 3, 15), 10)),
                       county.agency_branch)
    set_policy_value(department_admin, "cadres.excellent_share_percent", "15")  # 10 × 15% = 1.5 → 2 (half up)
    assert services.excellent_quota(county.agency_branch) == 2


def test_recorded_assessments_replace_what_the_form_said_for_their_years(county, department_admin):
    cadre = services.save_form(department_admin, a_form(), county.township)
    assert cadre.assessments_as_written == "2023年度称职；2024年度优秀"
    services.record_assessment(department_admin, cadre, 2024, Grade.COMPETENT)
    services.record_assessment(department_admin, cadre, 2025, Grade.COMPETENT)
    assert [str(r.grade.label) for r in selectors.form_of(cadre).assessments] == ["称职", "称职", "称职"]


def test_an_lrmx_batch_reports_every_bad_file_and_writes_only_when_every_file_is_good(career, county,
                                                                                     department_admin):
    new = lrmx.write_lrmx(a_form(name="李明", id_number=id_for(dt.date(1978, 3, 15), 33)))
    changed = lrmx.write_lrmx(replace(selectors.form_of(career, dt.date(2026, 9, 1)), health="良好"))
    bad = new.replace(b"<MinZu>\xe6\xb1\x89\xe6\x97\x8f</MinZu>", b"<MinZu>\xe7\x81\xab\xe6\x98\x9f</MinZu>")
    files = [("李明.lrmx", new), ("张建国.lrmx", changed), ("坏.lrmx", bad), ("空.lrmx", b"")]
    report = importer.import_lrmx(department_admin, files, county.township, apply=False)
    assert (report.created, report.updated) == (["李明（李明.lrmx）"], ["张建国（张建国.lrmx）"])
    assert len(report.errors) == 2 and report.errors[0].startswith("坏.lrmx：民族（MinZu）")
    assert report.errors[1] == "空.lrmx：文件为空"
    assert Cadre.objects.count() == 1 and Cadre.objects.get().health == "健康"  # a check writes nothing
    report = importer.import_lrmx(department_admin, files, county.township, apply=True)
    assert not report.applied and len(report.errors) == 2
    assert Cadre.objects.count() == 1 and Cadre.objects.get().health == "健康"  # a bad file: none is written
    report = importer.import_lrmx(department_admin, files[:2], county.township, apply=True)
    assert report.applied and report.errors == []
    assert Cadre.objects.count() == 2 and Cadre.objects.get(pk=career.pk).health == "良好"
    assert Tenure.objects.filter(cadre=career).count() == 4  # the tenures stay: the form does not carry them


def test_an_import_may_not_update_a_cadre_outside_the_users_scope(career, county, township_operator, outsider,
                                                                 department_admin):
    from zugong.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=outsider, role="department_admin", organization=county.other_township)
    report = importer.import_lrmx(outsider, [("张.lrmx", lrmx.write_lrmx(selectors.form_of(career)))],
                                  county.other_township, apply=True)
    assert report.errors == [f"张.lrmx：身份证号 {career.id_number} 的干部不在您的管理范围内"]


def test_every_demo_cadre_round_trips_through_lrmx_unchanged(db):
    """The demo county's cadres (about 1,500): each exported to .lrmx and all imported back; every form is
    identical afterwards and no cadre is added."""
    import random

    from django.utils import timezone

    from zugong.accounts.models import User
    from zugong.cadres.demo import add_cadres
    from zugong.organizations import demo

    ctx = demo.DemoContext(rng=random.Random(5), today=timezone.localdate(), scale="county")
    demo.build_tree(ctx)
    demo.create_demo_users(ctx)
    add_cadres(ctx)
    admin = User.objects.get(username="admin")
    cadres = list(Cadre.objects.prefetch_related("tenures__position", "resume", "family", "assessments"))
    assert len(cadres) > 1400
    before = {c.pk: selectors.form_of(c) for c in cadres}
    files = [(f"{c.pk}.lrmx", lrmx.write_lrmx(form)) for c, form in zip(cadres, before.values(), strict=True)]
    report = importer.import_lrmx(admin, files, ctx.root, apply=True)
    assert report.errors == [] and report.created == [] and len(report.updated) == len(cadres)
    after = Cadre.objects.prefetch_related("tenures__position", "resume", "family", "assessments")
    changed = [c.name for c in after if selectors.form_of(c) != replace(before[c.pk], version=lrmx.LRMX_VERSION)]
    assert changed == []


def test_routine_grades_by_quarter_and_three_in_one_scores_on_the_assessment_tab(career, department_admin, client):
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC), tick=False):
        services.record_routine(department_admin, career, 2026, 1, "good")
        services.record_routine(department_admin, career, 2026, 2, "fairly_good")  # the quarter has begun
        with pytest.raises(DomainError, match="2026年第3季度尚未开始"):
            services.record_routine(department_admin, career, 2026, 3, "good")
        services.record_routine(department_admin, career, 2026, 1, "average", "返工一次")  # replaces the grade
        services.record_component_score(department_admin, career, 2025, "inspection", Decimal("92.50"))
        services.record_component_score(department_admin, career, 2025, "ranking", Decimal("0"))
        with pytest.raises(DomainError, match="得分应在0至100之间，收到100.01"):
            services.record_component_score(department_admin, career, 2025, "five_in_one", Decimal("100.01"))
        services.record_assessment(department_admin, career, 2025, Grade.COMPETENT)
    years = selectors.assessment_years(career)
    assert [y["year"] for y in years] == [2026, 2025]
    assert [q.grade if q else None for q in years[0]["quarters"]] == ["average", "fairly_good", None, None]
    assert [s.score if s else None for s in years[1]["scores"]] == [Decimal("92.50"), None, Decimal("0.00")]
    client.force_login(department_admin)
    page = client.get(reverse("cadres:detail", args=[career.pk]), {"tab": "assessments"}).content.decode()
    assert "92.50" in page and "较好" in page


def test_a_viewer_cannot_record_routine_grades(career, township_operator):
    with pytest.raises(DomainError, match="无权管理"):
        services.record_routine(township_operator, career, 2025, 1, "good")


def test_a_cadre_is_registered_and_edited_through_the_form_pages(county, department_admin, client, tmp_path):
    client.force_login(department_admin)
    fields = {"name": "刘洋", "gender": "男", "birth": "1988-04", "ethnicity": "01", "organization": county.township.pk,
              "id_number": id_for(dt.date(1988, 4, 9), 61), "full_time_level": "大学", "native_place": "山西泽州"}
    refused = client.post(reverse("cadres:new"), once(fields | {"birth": "1989-04"}))
    assert refused.context["form"].errors["birth"] == ["身份证号中的出生年月 1988.04 与填写的出生年月 1989.04 不一致"]
    assert not Cadre.objects.exists()
    assert client.post(reverse("cadres:new"), once(fields)).status_code == 302
    cadre = Cadre.objects.get()
    assert (cadre.birth, cadre.full_time_level, cadre.org_path) == (dt.date(1988, 4, 1), "大学", county.township.path)
    bad_photo = client.post(reverse("cadres:edit", args=[cadre.pk]),
                            once(fields | {"photo": SimpleUploadedFile("a.png", b"\x89PNG....")}))
    assert bad_photo.context["form"].errors["photo"] == ["照片应为 JPEG 文件"]
    jpeg = b"\xff\xd8\xff\xe0" + b"0" * 100
    client.post(reverse("cadres:edit", args=[cadre.pk]), once(fields | {"speciality": "农业经济", "photo":
                                                                          SimpleUploadedFile("a.jpg", jpeg)}))
    cadre.refresh_from_db()
    assert (cadre.speciality, bytes(cadre.photo)) == ("农业经济", jpeg)
    client.post(reverse("cadres:edit", args=[cadre.pk]), once(fields | {"speciality": "农业经济"}))  # no new photo
    cadre.refresh_from_db()
    assert bytes(cadre.photo) == jpeg


def test_opening_the_edit_form_with_the_full_id_number_is_audited(career, department_admin, client):
    client.force_login(department_admin)
    page = client.get(reverse("cadres:edit", args=[career.pk])).content.decode()
    assert career.id_number in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE)
    assert (event.actor, event.object_id, event.message) == (department_admin, str(career.pk),
                                                             "修改任免审批表时查看完整身份证号")


def test_family_rows_are_added_and_removed_in_order(career, department_admin, client):
    client.force_login(department_admin)
    client.post(reverse("cadres:family_add", args=[career.pk]),
                once({"relation": "30", "name": "张小雨", "birth": "2010-05", "political_status": "03",
                      "work_unit_and_post": "学生"}))
    assert [f.name for f in career.family.all()] == ["李芳", "张山", "张小雨"]
    client.post(reverse("cadres:family_remove", args=[career.pk, 1]))
    assert [(f.number, f.name) for f in career.family.all()] == [(1, "张山"), (2, "张小雨")]


def test_an_export_with_full_id_numbers_is_in_the_history_and_a_masked_one_is_not(client, county, department_admin,
                                                                                    township_operator):
    services.save_form(department_admin, a_form(), county.township)
    client.force_login(department_admin)
    assert client.get(reverse("cadres:export"), {"organization": county.township.pk}).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT_SENSITIVE)
    assert (event.actor, event.object_repr, event.message) == (department_admin, "东风镇党委",
                                                              "导出干部名册 Excel，含完整身份证号 1 条")
    assert event.changes["筛选条件"][1].startswith("管理单位（含下级）：东风镇党委")
    client.force_login(township_operator)  # sees masked numbers only
    assert client.get(reverse("cadres:export")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_SENSITIVE).count() == 1
