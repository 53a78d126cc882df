"""Forms of branch work (支部工作): the organization filter, the quick entry of a meeting with its roll (one line per
member: 出席 / 请假 / 缺席 and the reason), a 四议两公开 matter and its steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.branchlife.models import (
    DOCUMENT_EXTENSIONS,
    Attendance,
    Meeting,
    ThemeDayItem,
    VillageDecision,
)
from zugong.branchlife.services import OWN_ITEMS_MAX
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

PK_MAX = 2**31 - 1
NOT_ON_ROLL = ""  # a named-roll meeting (支委会, 党小组会, 民主生活会): the member is not on this meeting's roll


def _text(model, name: str, *, required: bool = False, rows: int = 0, label=None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label or bounds.label_of(model, name), required=required, widget=widget,
                           max_length=bounds.max_length_of(model, name))


class OrganizationFilterForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("党组织"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "org", organizations, _("本人负责的党组织"))


class OverviewFilterForm(OrganizationFilterForm):
    """The overview's filter: the organization and the year its tally and its export count."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=bounds.YEAR_MIN, max_value=bounds.YEAR_MAX)


class RollLineForm(forms.Form):
    """One member's line of the roll; the member is named by the page (the line's initial), never typed."""

    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=PK_MAX)
    status = forms.ChoiceField(label=_("出席情况"), required=False, widget=forms.RadioSelect,
                               choices=Attendance.Status.choices)
    reason = forms.CharField(label=_("请假或缺席原因"), required=False, max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": _("请假或缺席原因")}))


class BaseRollFormSet(forms.BaseFormSet):
    def __init__(self, *args, named_roll: bool = False, **kwargs):
        self.named_roll = named_roll
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "use_required_attribute": False}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        status = form.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = ([(NOT_ON_ROLL, _("不列入"))] if self.named_roll else []) + list(Attendance.Status.choices)
        return form


RollFormSet = forms.formset_factory(RollLineForm, formset=BaseRollFormSet, extra=0, max_num=5000,
                                    absolute_max=5000, validate_max=True)


class MeetingForm(StyledFormMixin, forms.Form):
    """A meeting's fields; its roll is ``RollFormSet`` beside it, its kind and organization the page's."""

    held_on = forms.DateField(label=_("召开日期"), widget=DateInput, error_messages={"required": _("请填写召开日期")})
    topic = _text(Meeting, "topic", required=True, label=_("主题"))
    topic.error_messages["required"] = _("请填写会议主题")
    lecturer = _text(Meeting, "lecturer", label=_("授课人（党课必填）"))
    fixed_items = forms.ModelMultipleChoiceField(label=_("规定动作（5）"), required=False,
                                                 queryset=ThemeDayItem.objects.filter(is_active=True),
                                                 widget=forms.CheckboxSelectMultiple)
    own_items = forms.CharField(label=_("自选动作（N，每行一项）"), required=False, max_length=OWN_ITEMS_MAX * 101,
                                widget=forms.Textarea(attrs={"rows": 3}))
    minutes = _text(Meeting, "minutes", rows=4, label=_("会议记录（可选）"))
    resolutions = _text(Meeting, "resolutions", rows=2, label=_("决议事项（可选）"))
    document = UploadField(label=_("附件（可选：会议记录扫描件、照片、课件）"), required=False,
                           extensions=DOCUMENT_EXTENSIONS,
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_EXTENSIONS)}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != Meeting.Kind.THEME_DAY:
            del self.fields["fixed_items"], self.fields["own_items"]
        if kind != Meeting.Kind.LECTURE:
            del self.fields["lecturer"]
        else:
            self.fields["lecturer"].label = _("授课人")
            self.fields["lecturer"].required = True
            self.fields["lecturer"].error_messages["required"] = _("请填写授课人")

    def own_item_names(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("own_items") or "").splitlines() if line.strip()]


class NewMeetingForm(MeetingForm, OnceOnlyForm):
    """A new meeting: its page carries a one-time token, so a double tap saves it once."""


class DeleteForm(forms.Form):
    """The confirmation of a deletion (a POST with nothing else)."""


class DecisionForm(StyledFormMixin, OnceOnlyForm):
    title = _text(VillageDecision, "title", required=True, label=_("事项"))
    content = _text(VillageDecision, "content", rows=3, label=_("事项内容"))
    day = forms.DateField(label=_("党支部提议日期"), widget=DateInput, error_messages={"required": _("请填写提议日期")})
    note = forms.CharField(label=_("情况说明（可选）"), required=False, max_length=500)


class StepForm(StyledFormMixin, forms.Form):
    day = forms.DateField(label=_("日期"), widget=DateInput, error_messages={"required": _("请填写日期")})
    note = forms.CharField(label=_("情况说明（可选）"), required=False, max_length=500)
    meeting = forms.ModelChoiceField(label=_("支部党员大会（与审议同日召开）"), queryset=Meeting.objects.none(),
                                     required=False)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["meeting"]
        else:
            field = self.fields["meeting"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = meetings
            field.empty_label = _("—— 不关联 ——")
            field.label_from_instance = lambda m: f"{m.held_on:%Y-%m-%d} {m.topic}"


class ImportForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("会议台账（.xlsx）"))
