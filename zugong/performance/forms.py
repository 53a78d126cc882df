"""Forms of the performance pages: a template, its perspectives and indicators, a period's step, an agency's targets,
breakdown and values (each value with its evidence, a file through the site's upload cap). Every number bounded."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.assessments import measures
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.performance.models import Indicator, Period
from zugong.performance.services import AGENCY_TARGET

VALUE: dict[str, Any] = {"min_value": Decimal(0), "max_value": Decimal("999999999999.99"), "decimal_places": 2, "max_digits": 14}
EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


class _NoNul:
    def clean(self):
        data = super().clean()  # type: ignore[misc]
        for name, value in (data or {}).items():
            if isinstance(value, str) and bounds.NUL in value:
                self.add_error(name, _("不能包含空字符（\\0）"))  # type: ignore[attr-defined]
        return data


class TemplateForm(_NoNul, StyledFormMixin, OnceOnlyForm):
    organization = forms.ModelChoiceField(label=_("制定单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("模板名称"), max_length=100)
    source = forms.CharField(label=_("依据"), max_length=300, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class PerspectiveForm(_NoNul, StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("维度"), max_length=50)


class IndicatorForm(_NoNul, StyledFormMixin, forms.Form):
    perspective = forms.ModelChoiceField(label=_("维度"), queryset=None)
    objective = forms.CharField(label=_("战略目标"), max_length=100)
    label = forms.CharField(label=_("衡量指标"), max_length=100)
    unit = forms.CharField(label=_("计量单位"), max_length=20, required=False)
    target = forms.DecimalField(label=_("目标值"), **VALUE)
    weight = forms.DecimalField(label=_("权重"), min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2,
                                max_digits=5)
    direction = forms.ChoiceField(label=_("方向"), choices=Indicator.Direction.choices)
    measure = forms.ChoiceField(label=_("计算方法"), required=False)

    def __init__(self, *args, perspectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = perspectives
        self.fields["measure"].choices = [("", _("由机关填报"))] + [
            (code, _(found.label)) for code, found in sorted(measures.REGISTRY.items())
            if AGENCY_TARGET in found.target_kinds]


class StepForm(_NoNul, StyledFormMixin, forms.Form):
    done = forms.ChoiceField(choices=[(s, s) for s in Period.Step.values if s != Period.Step.PLANNED],
                             widget=forms.HiddenInput)
    on = forms.DateField(label=_("日期"), widget=DateInput())
    note = forms.CharField(label=_("要点或情况"), max_length=500, required=False)
    number = forms.CharField(label=_("通报文号"), max_length=50, required=False)


class ActualForm(_NoNul, StyledFormMixin, forms.Form):
    value = forms.DecimalField(label=_("完成值"), **VALUE)
    evidence = forms.CharField(label=_("完成情况及佐证"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = UploadField(label=_("佐证材料"), required=False, extensions=EVIDENCE_EXTENSIONS)


class TargetForm(StyledFormMixin, forms.Form):
    target = forms.DecimalField(label=_("目标值"), **VALUE)


class BreakdownForm(_NoNul, StyledFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label=_("衡量指标"), queryset=None)
    part = forms.CharField(label=_("承接科室"), max_length=50, required=False)
    cadre = forms.ModelChoiceField(label=_("承接干部"), queryset=None, required=False)
    target = forms.DecimalField(label=_("目标值"), **VALUE)

    def __init__(self, *args, indicators, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["cadre"].queryset = cadres


class BreakdownActualForm(_NoNul, StyledFormMixin, forms.Form):
    actual = forms.DecimalField(label=_("年度完成值"), **VALUE)
    evidence = forms.CharField(label=_("完成情况说明"), max_length=500, required=False)
