from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.cadres.codes import POLITICAL_STATUSES, RELATIONS, Grade
from zugong.cadres.models import Cadre, ComponentScore, Position, Rank, RoutineAssessment
from zugong.core import bounds
from zugong.core.forms import DateInput, MonthField, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.members.codes import ETHNICITY_CHOICES, HAN
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

EDUCATION_LEVELS = [("", _("全部")), ("研究生", _("研究生")), ("大学", _("大学")), ("大专", _("大专")),
                    ("中专", _("中专"))]


class CadreFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或身份证号"), required=False, max_length=bounds.SEARCH_MAX)
    post = forms.CharField(label=_("现任职务"), required=False, max_length=bounds.SEARCH_MAX)
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


class ResumeLineForm(StyledFormMixin, OnceOnlyForm):
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
        self.fields["position"].label_from_instance = lambda p: _("%(organization)s · %(title)s（%(rank)s）") % {
            "organization": p.organization.name, "title": p.title, "rank": p.get_rank_display()}


class EndTenureForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("免职时间"), widget=DateInput())
    document = forms.CharField(label=_("任免文号"), max_length=100, required=False)


class RoutineForm(StyledFormMixin, forms.Form):
    prefix = "routine"  # shown on the assessment tab beside the annual form: ids must differ
    year = forms.IntegerField(label=_("年度"), min_value=1980, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=[(q, f"第{q}季度") for q in range(1, 5)])
    grade = forms.ChoiceField(label=_("平时考核等次"), choices=RoutineAssessment.Grade.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class ComponentScoreForm(StyledFormMixin, forms.Form):
    prefix = "score"
    year = forms.IntegerField(label=_("年度"), min_value=1980, max_value=2100)
    component = forms.ChoiceField(label=_("考核组成"), choices=ComponentScore.Component.choices)
    score = forms.DecimalField(label=_("得分（百分制）"), max_digits=5, decimal_places=2, min_value=0, max_value=100)


class CadreRecordForm(StyledFormMixin, OnceOnlyForm):
    """The 任免审批表's own fields (posts and assessments come from their records); a page sent twice saves once."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Cadre.Gender.choices)
    birth = MonthField(label=_("出生年月"))
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES, initial=HAN)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    native_place = forms.CharField(label=_("籍贯"), max_length=50, required=False)
    birthplace = forms.CharField(label=_("出生地"), max_length=50, required=False)
    party_joined = MonthField(label=_("入党时间"), required=False)
    work_started = MonthField(label=_("参加工作时间"), required=False)
    health = forms.CharField(label=_("健康状况"), max_length=50, required=False)
    professional_title = forms.CharField(label=_("专业技术职务"), max_length=100, required=False)
    speciality = forms.CharField(label=_("熟悉专业有何专长"), max_length=200, required=False)
    full_time_level = forms.CharField(label=_("全日制教育学历"), max_length=50, required=False)
    full_time_degree = forms.CharField(label=_("全日制教育学位"), max_length=50, required=False)
    full_time_level_school = forms.CharField(label=_("全日制学历毕业院校系及专业"), max_length=200, required=False)
    full_time_degree_school = forms.CharField(label=_("全日制学位毕业院校系及专业"), max_length=200, required=False)
    in_service_level = forms.CharField(label=_("在职教育学历"), max_length=50, required=False)
    in_service_degree = forms.CharField(label=_("在职教育学位"), max_length=50, required=False)
    in_service_level_school = forms.CharField(label=_("在职学历毕业院校系及专业"), max_length=200, required=False)
    in_service_degree_school = forms.CharField(label=_("在职学位毕业院校系及专业"), max_length=200, required=False)
    proposed_post = forms.CharField(label=_("拟任职务"), max_length=300, required=False)
    proposed_removal = forms.CharField(label=_("拟免职务"), max_length=300, required=False)
    rewards_and_penalties = forms.CharField(label=_("奖惩情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                            max_length=bounds.max_length_of(Cadre, "rewards_and_penalties"))
    appointment_reason = forms.CharField(label=_("任免理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                         max_length=bounds.max_length_of(Cadre, "appointment_reason"))
    reporting_unit = forms.CharField(label=_("呈报单位"), max_length=100, required=False)
    age_as_of = MonthField(label=_("计算年龄时间"), required=False)
    filled_on = MonthField(label=_("填表时间"), required=False)
    filled_by = forms.CharField(label=_("填表人"), max_length=50, required=False)
    photo = forms.FileField(label=_("照片（JPEG，不选则不变）"), required=False)
    organization = forms.ModelChoiceField(label=_("管理单位"), queryset=Organization.objects.none())

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:  # editing: the managing unit is changed elsewhere
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            self.fields["organization"].label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        content = photo.read()
        if not content.startswith(b"\xff\xd8"):
            raise forms.ValidationError(_("照片应为 JPEG 文件"))
        if len(content) > 2 * 1024 * 1024:
            raise forms.ValidationError(_("照片不能超过 2 MB"))
        return content


class FamilyMemberForm(StyledFormMixin, OnceOnlyForm):
    relation = forms.ChoiceField(label=_("称谓"), choices=list(RELATIONS.items()))
    name = forms.CharField(label=_("姓名"), max_length=50)
    birth = MonthField(label=_("出生年月（已去世的不填）"), required=False)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=list(POLITICAL_STATUSES.items()), initial="13")
    work_unit_and_post = forms.CharField(label=_("工作单位及职务"), max_length=200, required=False)
