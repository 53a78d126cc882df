"""Code tables of the cadre record: family relation (GB/T 4761), political status (GB/T 4762), assessment grades.

Each table maps the code to the name written on the 任免审批表; ``ALIASES`` holds other names forms use for the
same code (妻子 for 妻), so that a file written by another system still reads.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.members.codes import ETHNICITY_CHOICES

ETHNICITY_BY_NAME = {name: code for code, name in ETHNICITY_CHOICES}

RELATIONS = {  # GB/T 4761-2008 家庭关系代码 (the entries a 任免审批表 uses)
    "11": "丈夫", "12": "妻子", "20": "儿子", "21": "独生子", "22": "长子", "23": "次子", "30": "女儿",
    "31": "独生女", "32": "长女", "33": "次女", "51": "父亲", "52": "母亲", "53": "公公", "54": "婆婆",
    "55": "岳父", "56": "岳母", "57": "继父", "58": "继母", "61": "祖父", "62": "祖母", "63": "外祖父",
    "64": "外祖母", "71": "哥哥", "73": "弟弟", "75": "姐姐", "77": "妹妹", "81": "儿媳", "82": "女婿",
    "97": "其他亲属",
}
RELATION_ALIASES = {"夫": "11", "妻": "12", "子": "20", "女": "30", "父": "51", "母": "52", "兄": "71",
                    "弟": "73", "姐": "75", "妹": "77", "配偶": "12"}

POLITICAL_STATUSES = {  # GB/T 4762-1984 政治面貌代码
    "01": "中共党员", "02": "中共预备党员", "03": "共青团员", "04": "民革党员", "05": "民盟盟员",
    "06": "民建会员", "07": "民进会员", "08": "农工党党员", "09": "致公党党员", "10": "九三学社社员",
    "11": "台盟盟员", "12": "无党派人士", "13": "群众",
}
POLITICAL_STATUS_ALIASES = {"党员": "01", "预备党员": "02", "团员": "03"}


def code_for(table: dict[str, str], aliases: dict[str, str], value: str) -> str | None:
    """The code for a name or a code as found in a file; None when the table has neither."""
    value = value.strip()
    if value in table:
        return value
    by_name = {name: code for code, name in table.items()}
    return by_name.get(value) or aliases.get(value)


class Grade(models.TextChoices):
    """Annual assessment grades of civil servants and cadres (RULES.md, Assessment)."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


# The form is always written in Chinese, whatever language the user works in.
GRADE_NAMES = {Grade.EXCELLENT: "优秀", Grade.COMPETENT: "称职", Grade.BASICALLY_COMPETENT: "基本称职",
               Grade.INCOMPETENT: "不称职"}
