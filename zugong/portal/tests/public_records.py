"""What the public portal's tests read, made through the services as staff would make it, on 2026-10-09 (a Friday
after the National Day holiday; the clock is frozen there by ``frozen_day``):

- articles: a 组工信息, a 通知公告, a 资料下载 with its file, a 公示 of those to be admitted (current), and a draft, a
  withdrawn article and a 公示 that ended on 09-15 — the last three never public;
- appointments: a case walked to its 任前公示 (published 09-30, current) whose 考察预告 of 06-22 has ended, and a second
  case with a current 考察预告 (published 10-08);
- personal data behind them: the candidate's 身份证号 on the cadre register, their member record's 身份证号, mobile
  and address, a relative; the same 身份证号 and mobile typed by mistake into the 公示's text and the notice's text.
"""

import datetime as dt
from dataclasses import dataclass

import time_machine

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.appointments import services as appointment_services
from zugong.appointments.models import CaseStep, Notice
from zugong.appointments.tests.conftest import Setup, make_cadre, open_case, take, walk
from zugong.cadres.models import FamilyRelation, Position
from zugong.core.validators import id_check_char
from zugong.members import periods
from zugong.members.models import Member
from zugong.portal import services
from zugong.portal.models import Article, Attachment
from zugong.portal.services import Entry

TODAY = dt.date(2026, 10, 9)
K = Article.Kind
STEP = CaseStep.Kind


def frozen_day(day: dt.date = TODAY):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC), tick=False)


def id_number(birth: dt.date, sequence: int) -> str:
    first17 = f"360721{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


CADRE_ID = id_number(dt.date(1984, 5, 1), 17)
MEMBER_ID = id_number(dt.date(1990, 3, 12), 23)
CADRE_PHONE = "13907910001"
MEMBER_PHONE = "15870790002"
CADRE_ADDRESS = "东风镇和平路18号3栋201室"
MEMBER_ADDRESS = "东风村上屋组27号"
RELATIVE = "李秀英"
SECRETS = (CADRE_ID, MEMBER_ID, CADRE_PHONE, MEMBER_PHONE, CADRE_ADDRESS, MEMBER_ADDRESS, RELATIVE)


@dataclass
class Records:
    news: Article
    notice: Article
    download: Article
    publicity: Article
    draft: Article
    withdrawn: Article
    ended: Article
    file: Attachment
    draft_file: Attachment
    pre_appointment: Notice
    inspection: Notice
    ended_notice: Notice


def _published(author, reviewer, org, kind, title, *, starts_on=TODAY, ends_on=None, body="", entries=(),
               files=(), contact="") -> Article:
    article = services.draft_article(author, org, kind=kind, title=title, body=body, starts_on=starts_on,
                                     ends_on=ends_on, contact=contact)
    if entries:
        services.set_entries(author, article, list(entries))
    for name, data in files:
        services.add_attachment(author, article, name, data)
    services.take_step(author, article, "submit", today=starts_on)
    services.take_step(reviewer, article, "publish", today=starts_on)
    article.refresh_from_db()
    return article


def _member(org, name: str) -> Member:
    member = Member.objects.create(
        name=name, name_initials="lm", id_number=MEMBER_ID, gender="male", birth_date=dt.date(1990, 3, 12),
        education="college", occupation="farmer", joined_on=dt.date(2015, 7, 1), full_member_on=dt.date(2016, 7, 1),
        stage="full", organization=org, dues_category="farmer", phone=MEMBER_PHONE, address=MEMBER_ADDRESS)
    periods.open_periods([member])
    return member


def make_records(county, department_admin) -> Records:
    """Call under ``frozen_day()``."""
    author = make_user("portal_author", Role.DEPARTMENT_ADMIN, county.county, "宣传干事")
    org = county.county
    typed = f"联系人身份证号{CADRE_ID}，手机{CADRE_PHONE}。"
    news = _published(author, department_admin, org, K.NEWS, "全县组织工作会议召开", body="会议部署了全年组织工作。")
    notice = _published(author, department_admin, org, K.NOTICE, "关于报送党员统计数据的通知", body="请各党委按时报送。")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    download = _published(author, department_admin, org, K.DOWNLOAD, "党员发展工作表格", body="样式见附件。",
                          files=[("入党申请书样式.pdf", pdf)])
    person = Entry("李明", "男", "1990.03", "大学本科", "东风村村委会委员", "拟接收为预备党员")
    _member(county.village, "李明")
    publicity = _published(author, department_admin, county.township, K.PUBLICITY, "东风镇发展党员公示",
                           body="以下同志拟接收为预备党员，现予公示。" + typed, entries=[person],
                           ends_on=TODAY + dt.timedelta(days=14), contact="0791-6212380")
    draft = services.draft_article(author, org, kind=K.NEWS, title="尚未送审的稿件", body="草稿正文")
    draft_file = services.add_attachment(author, services.draft_article(
        author, org, kind=K.DOWNLOAD, title="草稿中的资料"), "草稿附件.pdf", pdf)
    withdrawn = _published(author, department_admin, org, K.NEWS, "已撤下的信息", body="撤下前的正文",
                           starts_on=TODAY - dt.timedelta(days=3))
    services.take_step(department_admin, withdrawn, "withdraw", reason="内容有误", today=TODAY)
    ended = _published(author, department_admin, county.township, K.PUBLICITY, "已期满的公示", body="期满的公示",
                       entries=[Entry("赵一", "女", "1995.01", "大专", "西岭村文书", "拟接收为预备党员")],
                       starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 15))

    # A case to its 任前公示, the candidate's records holding what must never be shown.
    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    setup = Setup(post, make_cadre(county.township, "李明", dt.date(2018, 3, 1)),
                  make_cadre(county.township, "赵新", dt.date(2026, 1, 5)))
    cadre = setup.seasoned
    cadre.id_number, cadre.full_time_level, cadre.member = CADRE_ID, "大学本科", Member.objects.get(id_number=MEMBER_ID)
    cadre.save()
    FamilyRelation.objects.create(cadre=cadre, number=1, relation="22", name=RELATIVE, political_status="13")
    case = open_case(department_admin, county, setup)
    walk(department_admin, case, setup, STEP.PUBLIC_NOTICE)
    take(department_admin, case, STEP.PUBLIC_NOTICE, case.candidates.get(), notice_text="李明同志拟任东风镇镇长。" + typed)
    pre_appointment = case.notices.get(kind=Notice.Kind.PRE_APPOINTMENT)
    ended_notice = case.notices.get(kind=Notice.Kind.INSPECTION)

    # A second case at its 考察预告, published yesterday.
    post2 = Position.objects.create(organization=county.township, title="东风镇党委副书记", rank="section_head",
                                    grassroots=True)
    setup2 = Setup(post2, make_cadre(county.township, "王强", dt.date(2018, 3, 1)),
                   make_cadre(county.township, "钱进", dt.date(2026, 1, 5)))
    case2 = open_case(department_admin, county, setup2)
    walk(department_admin, case2, setup2, "inspection_notice")
    inspection = appointment_services.publish_inspection_notice(
        department_admin, case2, text="拟提拔考察对象：王强，现任东风镇副镇长。", inspectors="王组长、陈干事",
        phone="0791-6212380", publish_on=TODAY - dt.timedelta(days=1))
    return Records(news, notice, download, publicity, draft, withdrawn, ended, download.attachments.get(), draft_file,
                   pre_appointment, inspection, ended_notice)
