"""Forms of the 回访复查 pages: the list's filter, planning a review by hand, recording each shortcoming (its 四查
aspect, whether it was put right, a note), adding a shortcoming, closing the review, and a result's 述职报告 upload.
Every text is bounded by its column; the services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.assessments import followups as F
from zugong.assessments.models import FollowUp, FollowUpAspect, FollowUpItem
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

REPORT_EXTENSIONS = (".pdf", ".docx", ".doc")


def _choices(field: forms.Field) -> forms.ModelChoiceField:
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _aspect_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("复查内容（四查）"), queryset=FollowUpAspect.objects.none(),
                                  empty_label=None, **kwargs)


class FollowUpFilterForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), *FollowUp.Status.choices, ("overdue", _("逾期未复查"))])
    year = forms.IntegerField(label=_("计划复查年度"), required=False, min_value=bounds.DATE_MIN.year,
                              max_value=bounds.DATE_MAX.year)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class FollowUpForm(StyledFormMixin, OnceOnlyForm):
    organization = forms.ModelChoiceField(label=_("复查对象"), queryset=Organization.objects.none())
    due_on = forms.DateField(label=_("计划复查日期"), widget=DateInput())
    title = forms.CharField(label=_("名称"), max_length=F.TITLE_MAX, required=False,
                            help_text=_("留空为“党组织＋回访复查”"))
    aspect = _aspect_field(help_text=_("下列存在问题归入的复查内容，复查时可逐项调整"))
    shortcomings = forms.CharField(label=_("存在问题（每行一项）"), required=False,
                                   max_length=F.ITEMS_MAX * (F.TEXT_MAX + 1), widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("正在软弱涣散整顿的党组织，整顿原因自动列为第一项"))

    def __init__(self, *args, organizations, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))
        _choices(self.fields["aspect"]).queryset = aspects

    def lines(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("shortcomings") or "").splitlines() if line.strip()]


class ItemsForm(StyledFormMixin, forms.Form):
    """One row per shortcoming: ``i<pk>-aspect``, ``i<pk>-outcome``, ``i<pk>-note``."""

    def __init__(self, *args, items, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"i{item.pk}-aspect"] = _aspect_field(initial=item.aspect_id)
            _choices(self.fields[f"i{item.pk}-aspect"]).queryset = aspects
            self.fields[f"i{item.pk}-outcome"] = forms.ChoiceField(
                label=_("整改情况"), required=False, initial=item.outcome,
                choices=[("", _("—— 待复查 ——")), *FollowUpItem.Outcome.choices])
            self.fields[f"i{item.pk}-note"] = forms.CharField(label=_("复查说明"), required=False,
                                                              max_length=F.NOTE_MAX, initial=item.note)
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name.endswith(("-aspect", "-outcome")) else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def rows(self) -> list[dict]:
        rows = []
        for item in self.items:
            fields = [self[f"i{item.pk}-{name}"] for name in ("aspect", "outcome", "note")]
            rows.append({"item": item, "aspect": fields[0], "outcome": fields[1], "note": fields[2], "fields": fields})
        return rows

    def entries(self) -> list[F.Entry]:
        data = self.cleaned_data
        return [F.Entry(item, data[f"i{item.pk}-outcome"], data[f"i{item.pk}-note"], data[f"i{item.pk}-aspect"])
                for item in self.items]


class AddItemForm(StyledFormMixin, forms.Form):
    shortcoming = forms.CharField(label=_("存在问题"), max_length=F.TEXT_MAX)
    aspect = _aspect_field()

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["aspect"]).queryset = aspects


class CloseForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("复查日期"), widget=DateInput())
    reviewers = forms.CharField(label=_("复查人员"), max_length=F.REVIEWERS_MAX)
    summary = forms.CharField(label=_("复查结论"), max_length=F.SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(StyledFormMixin, forms.Form):
    report = UploadField(label=_("述职报告（PDF、Word）"), extensions=REPORT_EXTENSIONS,
                         widget=forms.ClearableFileInput(attrs={"accept": ",".join(REPORT_EXTENSIONS)}))
