"""The talent register in Excel (人才信息导出与导入), in the organization import's cycle.

The export follows the list's filters; the phone is masked (the full number is a reveal on the talent's page).
The import adds new talents: every row is checked first through ``services.check_new_talent`` and every bad row is
named (row number, column, reason in Chinese); applying writes every row through ``services.create_talent`` in one
transaction, or none. A row with a 身份证号 links the member or cadre of the register with that number (its name,
sex, birth and education are then read from there, not from the row); the others keep their own.
"""

from zugong.core import bounds
from zugong.core.access import DomainError
from zugong.core.workbooks import shown
from zugong.members.codes import Education
from zugong.organizations.excel import (
    SheetReport,
    _failer,
    _has_errors,
    _run,
    _workbook,
    day,
    full_names,
    open_by_full_name,
    text,
)
from zugong.organizations.models import Organization, WorkUnit
from zugong.talent import services
from zugong.talent.models import Degree, Industry, Talent, TalentCategory, TitleGrade

COLUMNS = [("姓名", 10), ("身份证号（党员或干部）", 20), ("性别", 6), ("出生日期", 12), ("学历", 10), ("人才类别", 16),
           ("所属产业", 14), ("人才层次", 10), ("学位", 8), ("专业技术职称", 12), ("职称名称", 16), ("所属党组织", 40),
           ("工作单位", 24), ("职务或岗位", 16), ("专长技能", 30), ("联系电话", 14), ("备注", 20)]
REQUIRED = ["姓名", "人才类别", "所属党组织"]
FIELD_COLUMNS = {"own_name": "姓名", "own_gender": "性别", "own_birth_date": "出生日期", "own_education": "学历",
                 "category": "人才类别", "industry": "所属产业", "degree": "学位", "title_grade": "专业技术职称",
                 "title_name": "职称名称", "organization": "所属党组织", "unit": "工作单位", "post": "职务或岗位",
                 "skills": "专长技能", "phone": "联系电话", "note": "备注", "id_number": "身份证号（党员或干部）",
                 "member": "身份证号（党员或干部）", "cadre": "身份证号（党员或干部）"}
LENGTHS = {"姓名": 50, "身份证号（党员或干部）": 18, "职称名称": 50, "工作单位": 150, "职务或岗位": 100, "专长技能": 300,
           "联系电话": 20, "备注": 300, "所属党组织": 12 * 101}
GENDERS = {str(label): value for value, label in Talent.Gender.choices}
EDUCATIONS = {str(label): value for value, label in Education.choices}
DEGREES = {str(label): value for value, label in Degree.choices}
TITLES = {str(label): value for value, label in TitleGrade.choices}


def export_talents(talents) -> bytes:
    talents = list(talents)
    names = full_names(Organization.objects.filter(pk__in={t.organization_id for t in talents}))
    return _workbook("人才", COLUMNS, (
        [t.name, "", t.gender_label, t.birth_date, t.education_label, t.category.name,
         t.industry.name if t.industry else "", t.get_level_display(), t.get_degree_display(),
         t.get_title_grade_display(), t.title_name, names[t.organization_id], t.unit.name if t.unit else "", t.post,
         t.skills, t.masked_phone, t.note] for t in talents))


def import_talents(actor, path, *, apply: bool) -> SheetReport:
    report = SheetReport()
    organizations = open_by_full_name()
    categories = {c.name: c for c in TalentCategory.objects.all()}
    industries = {i.name: i for i in Industry.objects.all()}
    seen_people: dict[tuple[str, int], int] = {}

    def choice(cells, title, table, fail, required=False):
        written = text(cells, title)
        if not written:
            if required:
                fail(title, "必填项为空")
            return None
        if written not in table:
            fail(title, f"「{shown(written)}」不是有效的{title}（应为{'、'.join(table)}之一）")
            return None
        return table[written]

    def row(number: int, cells: dict) -> None:
        fail = _failer(report, number)
        for title, limit in LENGTHS.items():
            if len(written := text(cells, title)) > limit:
                fail(title, f"最多 {limit} 个字符，此处有 {len(written)} 个")
            elif bounds.NUL in written:
                fail(title, f"{title}{bounds.NUL_MESSAGE}")
        if _has_errors(report, number):
            return
        member = cadre = None
        id_number = text(cells, "身份证号（党员或干部）")
        if id_number:
            try:
                member, cadre = services.find_person(actor, id_number)
            except DomainError as error:
                fail("身份证号（党员或干部）", error.message)
                return
            person = member or cadre
            key = ("member" if member else "cadre", person.pk)
            if key in seen_people:
                fail("身份证号（党员或干部）", f"与第 {seen_people[key]} 行是同一人")
                return
            seen_people[key] = number
        organization = None
        if written := text(cells, "所属党组织"):
            organization = organizations.get(written)
            if organization is None:
                fail("所属党组织", f"没有名为「{shown(written)}」的党组织（请写从最高层起的全称路径）")
        else:
            fail("所属党组织", "必填项为空")
        unit = None
        if (unit_name := text(cells, "工作单位")) and organization is not None:
            unit = WorkUnit.objects.filter(name=unit_name, is_closed=False,
                                           managed_by__path__startswith=organization.path).first()
            if unit is None:
                fail("工作单位", f"「{shown(unit_name)}」不是「{organization.name}」及其下级管理的单位")
        phone = text(cells, "联系电话")
        if "*" in phone:
            fail("联系电话", "联系电话是导出时隐去中间位数的号码，请填写完整号码或留空")
        try:
            birth = day(cells.get("出生日期"))
        except ValueError as error:
            fail("出生日期", str(error))
            birth = None
        fields = {
            "own_name": text(cells, "姓名"), "own_gender": choice(cells, "性别", GENDERS, fail) or "",
            "own_birth_date": birth, "own_education": choice(cells, "学历", EDUCATIONS, fail) or "",
            "category": choice(cells, "人才类别", categories, fail, required=True),
            "industry": choice(cells, "所属产业", industries, fail),
            "degree": choice(cells, "学位", DEGREES, fail) or Degree.NONE,
            "title_grade": choice(cells, "专业技术职称", TITLES, fail) or TitleGrade.NONE,
            "title_name": text(cells, "职称名称"), "organization": organization, "unit": unit,
            "post": text(cells, "职务或岗位"), "skills": text(cells, "专长技能"), "phone": phone,
            "note": text(cells, "备注"),
        }
        if _has_errors(report, number):
            return
        try:
            if apply:
                services.create_talent(actor, member=member, cadre=cadre, **fields)
            else:
                services.check_new_talent(actor, fields, member, cadre)
        except DomainError as error:
            fail(FIELD_COLUMNS.get(error.field or "", "姓名"), error.message)
            return
        report.to_create.append((member or cadre).name if (member or cadre) else fields["own_name"])

    return _run(path, REQUIRED, apply, report, row)
