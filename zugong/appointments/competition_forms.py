"""Forms of 公开选拔、竞争上岗 (D2): the announcement, a registration, the 资格审查, a panel member, a judge-by-judge
interview score, the scores of a whole list (one form, two fields a registration), the score workbook and the entry of
an outside candidate in the cadre register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.appointments.models import Competition, Notice, PanelMember, Registration
from zugong.cadres.models import Cadre, Position
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.members.codes import ETHNICITY_CHOICES, HAN
from zugong.organizations.models import Organization


def _text(model, name: str, label=None, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label or bounds.column_of(model, name).verbose_name, required=required, widget=widget,
                           max_length=bounds.max_length_of(model, name))


def score_field(label, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, max_value=100, max_digits=5,
                              decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal",
                                                                                "aria-label": str(label)}))


class AnnouncementForm(StyledFormMixin, OnceOnlyForm):
    text = _text(Notice, "text", _("公告正文（选拔职位、名额、程序安排）"), rows=5)
    qualifications = _text(Competition, "qualifications", rows=3)
    phone = _text(Notice, "phone", _("咨询及举报电话"))
    publish_on = forms.DateField(label=_("发布日期"), widget=DateInput())
    registration_starts_on = forms.DateField(label=_("报名开始日期"), widget=DateInput())
    registration_ends_on = forms.DateField(label=_("报名截止日期"), widget=DateInput())
    per_post = forms.IntegerField(label=_("每个职位的考察对象人数（差额考察）"), min_value=1, max_value=10)
    written_weight = forms.DecimalField(label=_("笔试成绩权重（%）"), min_value=0, max_value=100, max_digits=5,
                                        decimal_places=2)
    interview_weight = forms.DecimalField(label=_("面试成绩权重（%）"), min_value=0, max_value=100, max_digits=5,
                                          decimal_places=2, help_text=_("两项权重之和须为100%"))


class RegistrationForm(StyledFormMixin, OnceOnlyForm):
    position = forms.ModelChoiceField(label=_("报考职位"), queryset=Position.objects.none())
    registered_on = forms.DateField(label=_("报名日期"), widget=DateInput())
    cadre = forms.ModelChoiceField(label=_("干部名册中的干部"), queryset=Cadre.objects.none(), required=False,
                                   help_text=_("干部名册中的干部报名：选择后核对任职资格；名册以外的人员报名：不选，填写下列各项"))
    name = _text(Registration, "name", required=False)
    unit = _text(Registration, "unit", required=False)
    post = _text(Registration, "post", required=False)
    birth = forms.DateField(label=_("出生年月"), widget=DateInput(), required=False)
    education = _text(Registration, "education", required=False)

    def __init__(self, *args, cadres, positions, **kwargs):
        super().__init__(*args, **kwargs)
        cadre = self.fields["cadre"]
        assert isinstance(cadre, forms.ModelChoiceField)
        cadre.queryset = cadres
        cadre.label_from_instance = lambda c: _("%(name)s（%(detail)s）") % {"name": c.name, "detail": c.organization.name}
        position = self.fields["position"]
        assert isinstance(position, forms.ModelChoiceField)
        position.queryset = positions


class ReviewForm(StyledFormMixin, forms.Form):
    passed = forms.TypedChoiceField(label=_("资格审查结论"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("资格审查通过")), ("no", _("资格审查未通过"))])
    reviewed_on = forms.DateField(label=_("审查日期"), widget=DateInput())
    reason = _text(Registration, "review_reason", _("未通过的原因（未通过的须填写）"), required=False)


class PanelMemberForm(StyledFormMixin, OnceOnlyForm):
    name = _text(PanelMember, "name")
    kind = forms.ChoiceField(label=_("评委类别"), choices=PanelMember.Kind.choices)
    unit = _text(PanelMember, "unit", required=False)


class PanelScoresForm(StyledFormMixin, OnceOnlyForm):
    """One field a judge."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"m{member.pk}"] = score_field(_("%(name)s（%(detail)s）") % {"name": member.name, "detail": member.get_kind_display()}, required=True)
        self.members = members

    def scores(self) -> dict:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}") for m in self.members}


class ScoresForm(StyledFormMixin, forms.Form):
    """The written and interview scores of every passed registration of the page: all saved, or none."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for r in self.registrations:
            self.fields[f"w{r.pk}"] = score_field(f"{r.name} 笔试成绩")
            self.fields[f"i{r.pk}"] = score_field(f"{r.name} 面试成绩")
            self.initial.setdefault(f"w{r.pk}", r.written)
            self.initial.setdefault(f"i{r.pk}", r.interview)

    def rows(self):
        for r in self.registrations:
            yield r, self[f"w{r.pk}"], self[f"i{r.pk}"]


class ScoreImportForm(StyledFormMixin, OnceOnlyForm):
    workbook = UploadField(label=_("成绩表（.xlsx，导出的排名表填写后上传）"))


class EnterRegisterForm(StyledFormMixin, OnceOnlyForm):
    """登记入干部库: a 考察对象 from outside the register, prefilled from the registration; the 身份证号 required."""

    name = _text(Cadre, "name")
    gender = forms.ChoiceField(label=_("性别"), choices=Cadre.Gender.choices)
    birth = forms.DateField(label=_("出生年月"), widget=DateInput())
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES, initial=HAN)
    id_number = forms.CharField(label=_("身份证号"), max_length=bounds.max_length_of(Cadre, "id_number"),
                                help_text=_("18位，出生年月、性别须与上面填写的一致"))
    education = _text(Cadre, "full_time_level", required=False)
    current_post = _text(Cadre, "post_as_written", _("现任职务（工作单位及职务）"), required=False)
    organization = forms.ModelChoiceField(label=_("管理单位"), queryset=Organization.objects.none())
    link_existing = forms.BooleanField(label=_("关联干部名册中已有的该干部"), required=False,
                                       help_text=_("该身份证号已登记为干部的，勾选后关联该干部，不新建干部记录"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = organizations
