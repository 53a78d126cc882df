"""Code tables for member records: ethnicity (GB 3304), education, occupation (the eight statistics classes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 "
    "撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 "
    "京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
# GB 3304 numbers the 56 ethnic groups 01–56 in this order.
ETHNICITY_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(ETHNICITIES, start=1)]
HAN = "01"


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    UNDERGRADUATE = "undergraduate", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    MIDDLE_SCHOOL = "middle_school", _("初中及以下")


TERTIARY = frozenset({Education.POSTGRADUATE, Education.UNDERGRADUATE, Education.COLLEGE})


class Occupation(models.TextChoices):
    WORKER = "worker", _("工人（工勤技能人员）")
    FARMER = "farmer", _("农牧渔民")
    PROFESSIONAL = "professional", _("专业技术人员")
    MANAGER = "manager", _("企事业单位管理人员")
    OFFICIAL = "official", _("党政机关工作人员")
    STUDENT = "student", _("学生")
    OTHER = "other", _("其他职业人员")
    RETIRED = "retired", _("离退休人员")


class DuesCategory(models.TextChoices):
    """Who pays how (中组发〔2008〕3号 第二至六条)."""

    WAGE = "wage", _("在职（工资收入）")
    ANNUAL_SALARY = "annual_salary", _("实行年薪制")
    SELF_EMPLOYED = "self_employed", _("个体或灵活就业")
    RETIREE = "retiree", _("离退休")
    FARMER = "farmer", _("农民")
    STUDENT = "student", _("学生")
    RELIEF = "relief", _("下岗失业或领取低保")


# These pay a share of a monthly base (income or pension); the others pay a fixed monthly amount.
BASED_DUES_CATEGORIES = frozenset({
    DuesCategory.WAGE, DuesCategory.ANNUAL_SALARY, DuesCategory.SELF_EMPLOYED, DuesCategory.RETIREE,
})

DUES_CATEGORY_BY_OCCUPATION = {
    Occupation.FARMER: DuesCategory.FARMER, Occupation.STUDENT: DuesCategory.STUDENT,
    Occupation.RETIRED: DuesCategory.RETIREE,
}
