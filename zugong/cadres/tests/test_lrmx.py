import base64
import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zugong.cadres.codes import POLITICAL_STATUSES, RELATIONS, Grade
from zugong.cadres.lrmx import LRMX_VERSION, LrmxError, read_lrmx, read_many, write_lrmx
from zugong.cadres.record import (
    AppointmentForm,
    AssessmentResult,
    Education,
    FamilyMember,
    ResumeLine,
)
from zugong.members.codes import ETHNICITY_CHOICES

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\xff\xd9"


def month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


EXAMPLE = AppointmentForm(
    name="张三", gender="男", birth=month(1980, 5), ethnicity="01", native_place="江苏南京",
    birthplace="江苏南京", party_joined=month(2001, 6), work_started=month(2002, 7), health="健康",
    professional_title="高级经济师", speciality="经济管理",
    full_time_education=Education("大学", "文学学士", "南京大学中文系汉语言文学专业", "南京大学中文系"),
    in_service_education=Education("研究生", "管理学硕士", "中央党校经济管理专业"),
    current_post="某县县委常委、组织部部长", proposed_post="某县人民政府副县长", proposed_removal="某县县委组织部部长职务",
    resume=[
        ResumeLine(month(1998, 9), month(2002, 7), "南京大学中文系汉语言文学专业学生"),
        ResumeLine(month(2002, 7), month(2010, 3), "某县某局科员\r\n（其间：2005.09--2008.07 在中央党校在职研究生学习）"),
        ResumeLine(month(2010, 3), None, "某县县委常委、组织部部长"),
    ],
    rewards_and_penalties="2019年度被评为优秀共产党员\r\n2021年记三等功一次",
    assessments=[AssessmentResult(2022, Grade.COMPETENT), AssessmentResult(2023, Grade.EXCELLENT),
                 AssessmentResult(2024, Grade.EXCELLENT)],
    appointment_reason="工作需要",
    family=[
        FamilyMember("12", "李四", month(1982, 3), "01", "某县第一中学教师"),
        FamilyMember("51", "张父", None, "", "已去世"),
        FamilyMember("30", "张小妹", month(2010, 1), "13", "某县第一中学学生"),
    ],
    reporting_unit="中共某县委员会", age_as_of=month(2025, 6), filled_on=month(2025, 6), filled_by="王五",
    id_number="32010219800501123X", photo=JPEG,
)


def test_example_round_trips_with_the_written_version():
    assert read_lrmx(write_lrmx(EXAMPLE), "张三.lrmx") == replace(EXAMPLE, version=LRMX_VERSION)
    assert read_lrmx(write_lrmx(EXAMPLE, version="2.0")).version == "2.0"


def test_written_file_keeps_cr_and_element_order():
    data = write_lrmx(EXAMPLE)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    text = data.decode("utf-8")
    assert "2019年度被评为优秀共产党员&#13;\n2021年记三等功一次" in text
    assert "<ChuShengNianYue>198005</ChuShengNianYue>" in text
    assert "<MinZu>汉族</MinZu>" in text and "<ChengWei>妻子</ChengWei>" in text
    assert "<RenMianLiYou>工作需要</RenMianLiYou>" in text
    assert "<NianDuKaoHeJieGuo>2022年度称职；2023年度优秀；2024年度优秀</NianDuKaoHeJieGuo>" in text
    assert f"<ZhaoPian>{base64.b64encode(JPEG).decode()}</ZhaoPian>" in text
    positions = [text.index(f"<{tag}>") for tag in
                 ("XingMing", "MinZu", "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "JianLi", "JiaTingChengYuan",
                  "ChengBaoDanWei", "ShenFenZheng", "ZhaoPian", "Version")]
    assert positions == sorted(positions)


def test_writing_an_unknown_code_is_refused():
    with pytest.raises(LrmxError, match="家庭成员第 1 行称谓代码“99”不在GB/T 4761 家庭关系代码表中"):
        write_lrmx(replace(EXAMPLE, family=[FamilyMember("99", "某", None, "13", "")]))


# --- generated forms ---------------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
CHARS = st.one_of(CJK, st.sampled_from("ABCxyz0123456789 （）·、，。<>&\"'-"))
line = st.text(CHARS, max_size=12).map(str.strip)
lead_line = st.builds(lambda head, rest: (head + rest).strip(), CJK, line)  # not read as a dated line
multi_line = st.lists(line, max_size=4).map("\r\n".join).map(str.strip)
months = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.replace(day=1))
resume_line = st.builds(ResumeLine, months, st.none() | months,
                        st.lists(lead_line, min_size=1, max_size=3).map("\r\n".join))
member = st.builds(FamilyMember, st.sampled_from(sorted(RELATIONS)), line, st.none() | months,
                   st.sampled_from(["", *sorted(POLITICAL_STATUSES)]), line)
assessments = st.dictionaries(st.integers(1990, 2100), st.sampled_from(list(Grade)), max_size=4).map(
    lambda by_year: [AssessmentResult(year, grade) for year, grade in sorted(by_year.items())])
education = st.builds(Education, line, line, line, line)
forms = st.builds(
    AppointmentForm,
    name=st.text(CJK, min_size=1, max_size=4), gender=st.sampled_from(["男", "女"]), birth=months,
    ethnicity=st.sampled_from([code for code, _name in ETHNICITY_CHOICES]),
    native_place=line, birthplace=line, party_joined=st.none() | months, work_started=st.none() | months,
    health=line, professional_title=line, speciality=multi_line, full_time_education=education,
    in_service_education=education, current_post=line, proposed_post=line, proposed_removal=line,
    resume=st.lists(resume_line, max_size=5), rewards_and_penalties=multi_line, assessments=assessments,
    appointment_reason=multi_line, family=st.lists(member, max_size=5), reporting_unit=line,
    age_as_of=st.none() | months, filled_on=st.none() | months, filled_by=line,
    id_number=st.text("0123456789X", max_size=18), photo=st.binary(max_size=64),
    version=st.just(LRMX_VERSION),
)


@settings(max_examples=200, deadline=None)
@given(forms)
def test_any_valid_form_round_trips(form):
    assert read_lrmx(write_lrmx(form)) == form


# --- a file written by another system ----------------------------------------------------------------

HAND_WRITTEN = (
    '<?xml version="1.0" encoding="gb2312"?>\r\n'
    "<Person>\r\n"
    "<XingMing> 李红 </XingMing><XingBie>女</XingBie><ChuShengNianYue>197612</ChuShengNianYue>\r\n"
    "<MinZu>05</MinZu><JiGuan>山东济南</JiGuan><ChuShengDi></ChuShengDi><RuDangShiJian>199807</RuDangShiJian>\r\n"
    "<CanJiaGongZuoShiJian>19990801</CanJiaGongZuoShiJian><JianKangZhuangKuang>健康</JianKangZhuangKuang>\r\n"
    "<QuanRiZhiJiaoYu_XueLi>大学</QuanRiZhiJiaoYu_XueLi><QuanRiZhiJiaoYu_XueWei>法学学士</QuanRiZhiJiaoYu_XueWei>\r\n"
    "<QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>山东大学法学院法学专业</QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>\r\n"
    "<ZaiZhiJiaoYu_XueLi/>\r\n"
    "<XianRenZhiWu>某市司法局副局长</XianRenZhiWu><NiRenZhiWu>某市司法局局长</NiRenZhiWu><NiMianZhiWu/>\r\n"
    "<JianLi>1995.09--1999.07  山东大学法学院法学专业学生\r\n"
    "1999.08--2010.12  某市司法局科员、副科长\r\n"
    "                  （其间：2003.09--2006.07 在中央党校函授学院学习）\r\n"
    "\r\n"
    "2011.01--         某市司法局副局长</JianLi>\r\n"
    "<JiangChengQingKuang>2015年记三等功\r\n2020年被评为优秀公务员</JiangChengQingKuang>\r\n"
    "<NianDuKaoHeJieGuo>2022年度考核为称职，2023年度优秀；2024年度基本称职</NianDuKaoHeJieGuo>\r\n"
    "<JiaTingChengYuan>\r\n"
    "<Item><ChengWei>夫</ChengWei><XingMing>王刚</XingMing><ChuShengRiQi>197503</ChuShengRiQi>"
    "<ZhengZhiMianMao>01</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>某市第二中学教师</GongZuoDanWeiJiZhiWu></Item>\r\n"
    "<Item><ChengWei>母亲</ChengWei><XingMing>赵兰</XingMing><ChuShengRiQi></ChuShengRiQi>"
    "<ZhengZhiMianMao>群众</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>已去世</GongZuoDanWeiJiZhiWu></Item>\r\n"
    "<Item><ChengWei></ChengWei><XingMing></XingMing><ChuShengRiQi></ChuShengRiQi><ZhengZhiMianMao/>"
    "<GongZuoDanWeiJiZhiWu></GongZuoDanWeiJiZhiWu></Item>\r\n"
    "</JiaTingChengYuan>\r\n"
    "<ChengBaoDanWei>中共某市委员会</ChengBaoDanWei><TianBiaoShiJian>202506</TianBiaoShiJian>\r\n"
    "<ShenFenZheng>370102197612011234</ShenFenZheng>\r\n"
    f"<ZhaoPian>{base64.encodebytes(JPEG).decode()}</ZhaoPian><Version>3.1.5</Version>\r\n"
    "</Person>\r\n"
)


def test_reads_a_gb2312_file_written_by_hand():
    form = read_lrmx(HAND_WRITTEN.encode("gb2312"), "李红.lrmx")

    assert (form.name, form.gender, form.birth, form.ethnicity) == ("李红", "女", month(1976, 12), "05")
    assert (form.native_place, form.birthplace, form.health) == ("山东济南", "", "健康")
    assert (form.party_joined, form.work_started) == (month(1998, 7), month(1999, 8))
    assert form.professional_title == form.speciality == ""
    assert form.full_time_education == Education("大学", "法学学士", "山东大学法学院法学专业", "")
    assert form.in_service_education == Education()
    assert (form.current_post, form.proposed_post, form.proposed_removal) == (
        "某市司法局副局长", "某市司法局局长", "")
    assert form.resume == [
        ResumeLine(month(1995, 9), month(1999, 7), "山东大学法学院法学专业学生"),
        ResumeLine(month(1999, 8), month(2010, 12),
                   "某市司法局科员、副科长\r\n（其间：2003.09--2006.07 在中央党校函授学院学习）"),
        ResumeLine(month(2011, 1), None, "某市司法局副局长"),
    ]
    assert form.rewards_and_penalties == "2015年记三等功\r\n2020年被评为优秀公务员"
    assert form.assessments == [AssessmentResult(2022, Grade.COMPETENT), AssessmentResult(2023, Grade.EXCELLENT),
                                AssessmentResult(2024, Grade.BASICALLY_COMPETENT)]
    assert form.appointment_reason == ""
    assert form.family == [  # the blank third row is skipped
        FamilyMember("11", "王刚", month(1975, 3), "01", "某市第二中学教师"),
        FamilyMember("52", "赵兰", None, "13", "已去世"),
    ]
    assert (form.reporting_unit, form.age_as_of, form.filled_on, form.filled_by) == (
        "中共某市委员会", None, month(2025, 6), "")
    assert form.id_number == "370102197612011234"
    assert form.photo == JPEG
    assert form.version == "3.1.5"


def test_reads_utf8_with_bom_or_undeclared_and_utf16():
    data = write_lrmx(EXAMPLE)
    assert read_lrmx(b"\xef\xbb\xbf" + data) == read_lrmx(data.split(b"\n", 1)[1])
    utf16 = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert read_lrmx(utf16) == read_lrmx(data)


# --- malformed files ---------------------------------------------------------------------------------

def person(**elements: str) -> bytes:
    """A minimal valid file, with the given elements replacing or adding to it."""
    fields = {"XingMing": "张三", "XingBie": "男", "ChuShengNianYue": "198005", "MinZu": "汉族"} | elements
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in fields.items())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Person>{body}</Person>'.encode()


def family_item(relation: str, political: str = "群众", birth: str = "195001") -> str:
    return (f"<Item><ChengWei>{relation}</ChengWei><XingMing>某某</XingMing><ChuShengRiQi>{birth}</ChuShengRiQi>"
            f"<ZhengZhiMianMao>{political}</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu/></Item>")


MALFORMED = {
    "empty": (b" \r\n", "张三.lrmx：文件为空"),
    "not XML": (b"PK\x03\x04 a zip archive", "张三.lrmx：不是 XML 文件（LRMX 文件应以 <?xml 或 <Person> 开头）"),
    "not well-formed": ('<?xml version="1.0"?>\n<Person>\n<XingMing>张三</XingBie>\n</Person>'.encode(),
                        "张三.lrmx：不是格式正确的 XML（第 3 行第 15 列：开始与结束标签不匹配）"),
    "cut short": (b"<Person><XingMing>", "张三.lrmx：不是格式正确的 XML（第 1 行第 19 列：内容为空或不完整）"),
    "wrong root": ("<Cadre><XingMing>张三</XingMing></Cadre>".encode(), "张三.lrmx：根元素应为 Person，实为 Cadre"),
    "doctype with entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE Person [<!ENTITY x "xxxxxxxx">]>\n<Person>&x;</Person>',
        "张三.lrmx：含有 DOCTYPE（文档类型或实体声明），为安全起见不予读取"),
    "undeclared GBK": ("<Person><XingMing>张三</XingMing></Person>".encode("gbk"),
                       "张三.lrmx：第 1 行的内容不是有效的 UTF-8 编码（请检查 XML 声明中的 encoding）"),
    "missing name": (person(XingMing=""), "张三.lrmx：姓名（XingMing）缺失或为空"),
    "bad gender": (person(XingBie="男性"), "张三.lrmx：性别（XingBie）“男性”应为“男”或“女”"),
    "bad month": (person(ChuShengNianYue="1980-13"),
                  "张三.lrmx：出生年月（ChuShengNianYue）“1980-13”不是有效的年月（应为 YYYYMM，如 198005）"),
    "month 13": (person(RuDangShiJian="200113"),
                 "张三.lrmx：入党时间（RuDangShiJian）“200113”不是有效的年月（应为 YYYYMM，如 198005）"),
    "unknown ethnicity": (person(MinZu="火星族"), "张三.lrmx：民族（MinZu）“火星族”不在GB 3304 民族代码表中"),
    "unknown relation": (
        person(JiaTingChengYuan=family_item("妻子") + family_item("表舅")),
        "张三.lrmx：家庭成员第 2 行称谓（ChengWei）“表舅”不在GB/T 4761 家庭关系代码表中"),
    "unknown political status": (
        person(JiaTingChengYuan=family_item("12", political="99")),
        "张三.lrmx：家庭成员第 1 行政治面貌（ZhengZhiMianMao）“99”不在GB/T 4762 政治面貌代码表中"),
    "bad family birth": (
        person(JiaTingChengYuan=family_item("12", birth="1950")),
        "张三.lrmx：家庭成员第 1 行出生日期（ChuShengRiQi）“1950”不是有效的年月（应为 YYYYMM，如 198005）"),
    "resume without a period": (
        person(JianLi="在某县工作\r\n2001.01--2002.01  某县科员"),
        "张三.lrmx：简历（JianLi）第 1 行“在某县工作”不以起止年月开头（应如“1998.09--2002.07  某某大学学生”）"),
    "resume month 13": (person(JianLi="2001.13--2002.01  某县科员"),
                        "张三.lrmx：简历（JianLi）第 1 行“2001.13--2002.01  某县科员”的年月无效"),
    "bad photo": (person(ZhaoPian="not*base64!"), "张三.lrmx：照片（ZhaoPian）不是有效的 Base64 编码"),
}


@pytest.mark.parametrize(("data", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_file_is_refused_with_a_clear_message(data, message):
    with pytest.raises(LrmxError) as refused:
        read_lrmx(data, "张三.lrmx")
    assert refused.value.message == message


def test_read_many_keeps_good_files_and_reports_bad_ones():
    good = write_lrmx(EXAMPLE)
    forms, errors = read_many([
        ("张三.lrmx", good), ("坏1.lrmx", person(MinZu="火星族")),
        ("李红.lrmx", HAND_WRITTEN.encode("gb2312")), ("坏2.lrmx", b"<Person>"),
    ])
    assert [(name, form.name) for name, form in forms] == [("张三.lrmx", "张三"), ("李红.lrmx", "李红")]
    assert [error.split("：", 1)[0] for error in errors] == ["坏1.lrmx", "坏2.lrmx"]
    assert "火星族" in errors[0]
