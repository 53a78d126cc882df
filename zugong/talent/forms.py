from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.members.codes import Education
from zugong.organizations.models import Organization, WorkUnit
from zugong.organizations.selectors import tree_filter_field
from zugong.talent.models import (
    Application,
    AwardLevel,
    Degree,
    Industry,
    Level,
    LevelRule,
    Program,
    ProgramRound,
    RecognitionList,
    Talent,
    TalentCategory,
    TalentFund,
    TitleGrade,
)

MONEY_MAX = bounds.decimal_range_of(Application, "amount_requested")[1]
ALL = [("", _("全部"))]


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, max_value=MONEY_MAX, **kwargs)


class FilterForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    q = forms.CharField(label=_("姓名或专长"), max_length=bounds.SEARCH_MAX, required=False)
    category = forms.ModelChoiceField(label=_("人才类别"), queryset=TalentCategory.objects.all(), required=False,
                                      empty_label=_("全部"))
    industry = forms.ModelChoiceField(label=_("所属产业"), queryset=Industry.objects.all(), required=False,
                                      empty_label=_("全部"))
    level = forms.ChoiceField(label=_("人才层次"), choices=ALL + list(Level.choices), required=False)
    education = forms.ChoiceField(label=_("学历"), choices=ALL + list(Education.choices), required=False)
    min_age = forms.IntegerField(label=_("年龄不小于"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("年龄不大于"), min_value=0, max_value=120, required=False)
    unit = forms.CharField(label=_("工作单位"), max_length=bounds.SEARCH_MAX, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class _TalentFields(StyledFormMixin, forms.Form):
    own_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    own_gender = forms.ChoiceField(label=_("性别"), choices=[("", "——")] + list(Talent.Gender.choices),
                                   required=False)
    own_birth_date = forms.DateField(label=_("出生日期"), widget=DateInput(), required=False)
    own_education = forms.ChoiceField(label=_("学历"), choices=[("", "——")] + list(Education.choices),
                                      required=False)
    category = forms.ModelChoiceField(label=_("人才类别"), queryset=TalentCategory.objects.all())
    industry = forms.ModelChoiceField(label=_("所属产业"), queryset=Industry.objects.all(), required=False)
    degree = forms.ChoiceField(label=_("学位"), choices=Degree.choices, initial=Degree.NONE)
    title_grade = forms.ChoiceField(label=_("专业技术职称"), choices=TitleGrade.choices, initial=TitleGrade.NONE)
    title_name = forms.CharField(label=_("职称名称"), max_length=50, required=False)
    organization = forms.ModelChoiceField(label=_("所属党组织"), queryset=Organization.objects.none(),
                                          required=False, help_text=_("选择工作单位时可不填，取单位的主管党组织"))
    unit = forms.ModelChoiceField(label=_("工作单位"), queryset=WorkUnit.objects.none(), required=False)
    post = forms.CharField(label=_("职务或岗位"), max_length=100, required=False)
    skills = forms.CharField(label=_("专长技能"), max_length=300, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, organizations, units, linked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))
        self.fields["unit"].queryset = units
        if linked:  # the person's own fields are read through the member or cadre record
            for name in ("own_name", "own_gender", "own_birth_date", "own_education"):
                del self.fields[name]


class TalentForm(_TalentFields, OnceOnlyForm):
    id_number = forms.CharField(label=_("身份证号（党员或干部）"), max_length=18, required=False,
                                help_text=_("是党员或干部的，填写身份证号关联其名册记录，姓名、性别、出生日期、学历不再另填"))
    field_order = ["id_number"]


class TalentEditForm(_TalentFields):
    pass


class AwardForm(StyledFormMixin, OnceOnlyForm):
    title = forms.CharField(label=_("荣誉或奖项"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=AwardLevel.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    issuer = forms.CharField(label=_("授予单位"), max_length=100, required=False)


class SharingForm(StyledFormMixin, forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("共享给"), queryset=Organization.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("所选单位的用户可以查看这条人才信息（只读）"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations


class ApplyForm(StyledFormMixin, OnceOnlyForm):
    round = forms.ModelChoiceField(label=_("人才工程批次"), queryset=ProgramRound.objects.none())
    project = forms.CharField(label=_("申报项目"), max_length=200)
    amount_requested = _money(_("申请资助（元）"), initial=0)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class RecognizeForm(StyledFormMixin, OnceOnlyForm):
    recognition = forms.ModelChoiceField(label=_("表彰"), queryset=RecognitionList.objects.none())
    citation = forms.CharField(label=_("主要事迹"), max_length=300, required=False)

    def __init__(self, *args, recognitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recognition"].queryset = recognitions


class RuralForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name} (0–{criterion.max_points})", min_value=0, max_value=criterion.max_points,
                max_digits=5, decimal_places=1)


class ProgramForm(StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_("人才工程名称"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=AwardLevel.choices, initial=AwardLevel.COUNTY)
    description = forms.CharField(label=_("简介"), max_length=500, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class RoundForm(StyledFormMixin, OnceOnlyForm):
    program = forms.ModelChoiceField(label=_("人才工程"), queryset=Program.objects.all())
    title = forms.CharField(label=_("批次名称"), max_length=100)
    organization = forms.ModelChoiceField(label=_("组织单位"), queryset=Organization.objects.none())
    opens_on = forms.DateField(label=_("申报开始日期"), widget=DateInput())
    closes_on = forms.DateField(label=_("申报截止日期"), widget=DateInput())
    fund = forms.ModelChoiceField(label=_("资助资金来源"), queryset=TalentFund.objects.none(), required=False)
    min_level = forms.ChoiceField(label=_("申报条件：人才层次不低于"), choices=[("", "——")] + list(Level.choices),
                                  required=False)
    category = forms.ModelChoiceField(label=_("申报条件：人才类别为"), queryset=TalentCategory.objects.all(),
                                      required=False, to_field_name="code")
    industry = forms.ModelChoiceField(label=_("申报条件：所属产业为"), queryset=Industry.objects.all(), required=False,
                                      to_field_name="code")
    max_age = forms.IntegerField(label=_("申报条件：年龄不超过（周岁）"), min_value=18, max_value=80, required=False)
    min_degree = forms.ChoiceField(label=_("申报条件：学位不低于"), choices=[("", "——")] + list(Degree.choices),
                                   required=False)

    def __init__(self, *args, organizations, funds, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, None)
        self.fields["fund"].queryset = funds


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=ProgramRound.Status.choices)
    expected = forms.ChoiceField(choices=ProgramRound.Status.choices, widget=forms.HiddenInput)


class ScoreForm(StyledFormMixin, forms.Form):
    score = forms.DecimalField(label=_("评分（0–100）"), min_value=0, max_value=100, max_digits=4, decimal_places=1)
    comment = forms.CharField(label=_("评审意见"), max_length=300, required=False)


class DecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(label=_("决定"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("入选")), ("no", _("不入选"))])
    note = forms.CharField(label=_("决定意见"), max_length=300, required=False)


class GrantForm(StyledFormMixin, OnceOnlyForm):
    amount = _money(_("资助金额（元）"))
    day = forms.DateField(label=_("发放日期"), widget=DateInput())
    note = forms.CharField(label=_("摘要"), max_length=200, required=False)


class DepositForm(GrantForm):
    amount = forms.DecimalField(label=_("拨入金额（元）"), max_digits=14, decimal_places=2, min_value=0,
                                max_value=1_000_000_000)


class RecognitionForm(StyledFormMixin, OnceOnlyForm):
    title = forms.CharField(label=_("表彰名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    level = forms.ChoiceField(label=_("级别"), choices=AwardLevel.choices, initial=AwardLevel.COUNTY)
    organization = forms.ModelChoiceField(label=_("表彰单位"), queryset=Organization.objects.none())
    announced_on = forms.DateField(label=_("公布日期"), widget=DateInput())

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, None)


class LevelRuleForm(StyledFormMixin, OnceOnlyForm):
    basis = forms.ChoiceField(label=_("认定依据"), choices=LevelRule.Basis.choices)
    value = forms.ChoiceField(label=_("条件"), choices=[
        (_("学位"), list(Degree.choices)), (_("专业技术职称"), list(TitleGrade.choices)),
        (_("获奖或荣誉级别"), list(AwardLevel.choices))])
    level = forms.ChoiceField(label=_("认定层次"), choices=Level.choices)
    source = forms.CharField(label=_("依据来源"), max_length=200, required=False)
