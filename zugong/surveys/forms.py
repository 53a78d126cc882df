"""Forms of the survey design pages (问卷设计) and of the public answering page (网上填写)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.access import DomainError
from zugong.core.forms import StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field
from zugong.surveys import services
from zugong.surveys.models import Indicator, Invitation, Question, RespondentGroup, Section, Survey


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, **kwargs)


class SurveyFilterForm(StyledFormMixin, forms.Form):
    year = _year_field(required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + list(Survey.Kind.choices))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部"))] + list(Survey.Status.choices))


class _ComparisonMixin:
    """``compare_with`` offers the surveys the user sees (the service checks the year)."""

    fields: dict[str, forms.Field]

    def _comparison(self, surveys) -> None:
        field = self.fields["compare_with"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = surveys
        field.empty_label = _("不对比")
        field.label_from_instance = lambda s: _("%(year)s年 · %(survey)s · %(organization)s") % {
            "year": s.year, "survey": s, "organization": s.organization.name}


class SurveyCreateForm(_ComparisonMixin, StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_("调查名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Survey.Kind.choices)
    year = _year_field()
    organization = forms.ModelChoiceField(label=_("组织单位"), queryset=Organization.objects.none())
    anonymous = forms.BooleanField(label=_("匿名调查（答卷不记录任何个人信息）"), required=False, initial=True)
    double_entry = forms.BooleanField(label=_("纸质问卷双人录入"), required=False)
    compare_with = forms.ModelChoiceField(label=_("对比的上年调查"), queryset=Survey.objects.none(), required=False)
    intro = forms.CharField(label=_("填写说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=bounds.max_length_of(Survey, "intro"),
                            help_text=_("显示在问卷开头；使用现成问卷且此处留空时，采用现成问卷的说明"))
    from_template = forms.BooleanField(label=_("使用现成问卷（按类型预置指标、题目和评价等次）"), required=False,
                                       initial=True)

    def __init__(self, *args, organizations, surveys, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))
        self._comparison(surveys)


class SurveyEditForm(_ComparisonMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("调查名称"), max_length=100)
    year = _year_field()
    compare_with = forms.ModelChoiceField(label=_("对比的上年调查"), queryset=Survey.objects.none(), required=False)
    intro = forms.CharField(label=_("填写说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=bounds.max_length_of(Survey, "intro"))
    anonymous = forms.BooleanField(label=_("匿名调查（答卷不记录任何个人信息）"), required=False)
    double_entry = forms.BooleanField(label=_("纸质问卷双人录入"), required=False)

    def __init__(self, *args, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self._comparison(surveys)


class IndicatorForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("指标代码"), max_length=20, help_text=_("如 M1、S3，同一调查内不重复"))
    name = forms.CharField(label=_("指标名称"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=Indicator.Level.choices)


class SectionForm(StyledFormMixin, OnceOnlyForm):
    title = forms.CharField(label=_("部分标题"), max_length=100)


OPTIONS_HELP = _("每行一个选项，写作“选项=分值”，如“好=100”；不计入得分的写作“不了解=不计分”。简答题不需要选项。")


class QuestionForm(StyledFormMixin, OnceOnlyForm):
    section = forms.ModelChoiceField(label=_("所属部分"), queryset=Section.objects.none())
    text = forms.CharField(label=_("题目"), max_length=300)
    kind = forms.ChoiceField(label=_("题型"), choices=Question.Kind.choices)
    indicator = forms.ModelChoiceField(label=_("计入指标"), queryset=Indicator.objects.none(), required=False)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)
    options = forms.CharField(label=_("选项及分值"), required=False, help_text=OPTIONS_HELP, max_length=bounds.TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 6, "data-options": "true"}))

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        section, indicator = self.fields["section"], self.fields["indicator"]
        assert isinstance(section, forms.ModelChoiceField) and isinstance(indicator, forms.ModelChoiceField)
        section.queryset = survey.sections.all()
        indicator.queryset = survey.indicators.all()
        indicator.empty_label = _("不计入指标")
        indicator.label_from_instance = lambda i: _("%(name)s（%(detail)s）") % {"name": f"{i.code} {i.name}", "detail": i.get_level_display()}

    def clean_options(self) -> list[services.OptionData]:
        try:
            return services.parse_options(self.cleaned_data.get("options") or "")
        except DomainError as error:
            raise forms.ValidationError(error.message) from error


class GroupForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("被调查单位"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("调查对象"), choices=RespondentGroup.Kind.choices)
    quota = forms.IntegerField(label=_("样本数"), min_value=0, max_value=100000)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


INVITEES_MAX = services.MAX_INVITATIONS_AT_ONCE * (bounds.max_length_of(Invitation, "invitee") + 1)  # names and line ends


class InvitationForm(StyledFormMixin, OnceOnlyForm):
    """N nameless codes, or (a survey that is not anonymous) one per name; the service refuses names otherwise.
    Its one-time token keeps a page sent twice from issuing the codes twice."""

    count = forms.IntegerField(label=_("生成个数"), min_value=0, max_value=bounds.COUNT_MAX,
                               required=False, widget=forms.NumberInput(attrs={"placeholder": _("个数")}))
    invitees = forms.CharField(label=_("受邀人姓名（每行一人，仅记名调查）"), required=False,
                               max_length=INVITEES_MAX,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean() or {}
        names = [line for line in (data.get("invitees") or "").splitlines() if line.strip()]
        data["names"] = names
        if not names and not data.get("count"):
            self.add_error("count", _("请填写生成个数，或逐行填写受邀人姓名"))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("邀请码"), max_length=16,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg text-center font-monospace",
                                                         "autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}),
                           error_messages={"required": _("请输入邀请码")})


class CopyGroupsForm(StyledFormMixin, OnceOnlyForm):
    """复制调查对象: every group of another survey the user sees (by default the one compared with, or last year's)."""

    source = forms.ModelChoiceField(label=_("复制来源（往年调查）"), queryset=Survey.objects.none())

    def __init__(self, *args, survey: Survey, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        choices = surveys.exclude(pk=survey.pk).filter(groups__isnull=False).distinct().order_by("-year", "name", "pk")
        self.fields["source"].queryset = choices
        self.fields["source"].label_from_instance = lambda s: _("%(year)s年 %(survey)s") % {"year": s.year, "survey": s}
        last = survey.compare_with if survey.compare_with_id else (
            choices.filter(kind=survey.kind, organization=survey.organization, year__lt=survey.year).first())
        self.fields["source"].initial = last.pk if last is not None else None


class ChildGroupsForm(StyledFormMixin, OnceOnlyForm):
    """每个下级组织一组: one group of a kind for each organization directly under the one chosen."""

    parent = forms.ModelChoiceField(label=_("上级党组织"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("对象类别"), choices=RespondentGroup.Kind.choices)
    quota = forms.IntegerField(label=_("每组样本（份）"), min_value=0, max_value=100000)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "parent", organizations.filter(children__is_closed=False).distinct(),
                          _("—— 请选择 ——"))
