from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.cadres.codes import Grade
from zugong.cadres.models import Cadre, ComponentScore, Position, Rank, RoutineAssessment
from zugong.core.forms import DateInput, MonthField, StyledFormMixin
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

EDUCATION_LEVELS = [("", _("全部")), ("研究生", _("研究生")), ("大学", _("大学")), ("大专", _("大专")),
                    ("中专", _("中专"))]


class CadreFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或身份证号"), required=False)
    post = forms.CharField(label=_("现任职务"), required=False)
    organization = forms.ModelChoiceField(label=_("管理单位（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    rank = forms.ChoiceField(label=_("现职务层次"), choices=[("", _("全部")), *Rank.choices], required=False)
    min_age = forms.IntegerField(label=_("年龄自"), min_value=18, max_value=80, required=False)
    max_age = forms.IntegerField(label=_("年龄至"), min_value=18, max_value=80, required=False)
    education = forms.ChoiceField(label=_("学历"), choices=EDUCATION_LEVELS, required=False)
    min_years_in_post = forms.IntegerField(label=_("任现职年限≥"), min_value=0, max_value=40, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *Cadre.Status.choices], required=False,
                               initial=Cadre.Status.SERVING)
    reserve = forms.ChoiceField(label=_("后备干部"), required=False,
                                choices=[("", _("全部")), ("yes", _("在后备干部库")), ("no", _("不在库"))])
    on = forms.DateField(label=_("计算年龄时间"), widget=DateInput(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("本人负责范围"))

    def clean_on(self):
        return self.cleaned_data.get("on") or timezone.localdate()

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("年龄上限不能小于下限"))
        return data


class LrmxImportForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("新干部的管理单位"), queryset=Organization.objects.none())

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"


class ResumeLineForm(StyledFormMixin, forms.Form):
    start = MonthField(label=_("起始年月"))
    end = MonthField(label=_("截止年月（空：至今）"), required=False)
    text = forms.CharField(label=_("经历"), max_length=300)


class AssessmentForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1980, max_value=2100)
    grade = forms.ChoiceField(label=_("考核等次"), choices=Grade.choices)


class AppointForm(StyledFormMixin, forms.Form):
    position = forms.ModelChoiceField(label=_("职位"), queryset=Position.objects.none())
    started_on = forms.DateField(label=_("任职时间"), widget=DateInput())
    document = forms.CharField(label=_("任免文号"), max_length=100, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: f"{p.organization.name} · {p.title}（{p.get_rank_display()}）"


class EndTenureForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("免职时间"), widget=DateInput())
    document = forms.CharField(label=_("任免文号"), max_length=100, required=False)


class XlsxImportForm(StyledFormMixin, forms.Form):
    workbook = forms.FileField(label=_("干部信息表（.xlsx）"))

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 文件"))
        return workbook


class RoutineForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1980, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, f"第{q}季度") for q in range(1, 5)])
    grade = forms.ChoiceField(label=_("平时考核等次"), choices=RoutineAssessment.Grade.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class ComponentScoreForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1980, max_value=2100)
    component = forms.ChoiceField(label=_("考核组成"), choices=ComponentScore.Component.choices)
    score = forms.DecimalField(label=_("得分（百分制）"), max_digits=5, decimal_places=2)
