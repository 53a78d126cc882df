import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import DateInput, MonthField, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.dues.models import DuesBracket
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_choice_options


class TotalsForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织"), queryset=Organization.objects.none(), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        field.empty_label = None
        field.label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"
        tree_choice_options(self, "organization")  # deeper: the drill-down links of the table


class MonthForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("月份"))


class CollectForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("交纳日期"), widget=DateInput())
    members = forms.TypedMultipleChoiceField(label=_("已交纳的党员"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, member_ids, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, pk) for pk in member_ids]


class PaymentForm(StyledFormMixin, forms.Form):
    months = forms.TypedMultipleChoiceField(label=_("交纳月份"), widget=forms.CheckboxSelectMultiple,
                                            coerce=dt.date.fromisoformat)
    paid_on = forms.DateField(label=_("交纳日期"), widget=DateInput())

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["months"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = months


class ReasonForm(StyledFormMixin, OnceOnlyForm):
    """Sent twice (a double click, a resent page), it still records one reason."""

    reason = forms.CharField(label=_("未缴原因"), max_length=300,
                             help_text=_("如长期患病、生活困难经党支部同意减免等；登记后当前这段未缴不再视为无正当理由"))


class RateForm(StyledFormMixin, forms.Form):
    """Up to six brackets of one category's new version."""

    ROWS = 6
    effective_from = MonthField(label=_("起用月份"))
    source = forms.CharField(label=_("依据（文件名称与文号）"), max_length=300)

    def __init__(self, *args, based: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.based = based
        for i in range(1, self.ROWS + 1 if based else 2):
            if based:
                self.fields[f"up_to_{i}"] = forms.DecimalField(
                    label=_("基数上限（元，含）"), required=False, min_value=Decimal("0.01"), max_digits=10,
                    decimal_places=2, max_value=bounds.decimal_range_of(DuesBracket, "up_to")[1])
                self.fields[f"rate_{i}"] = forms.DecimalField(label=_("比例（%）"), required=False, max_digits=5,
                                                              decimal_places=2, min_value=0, max_value=100)
            else:
                self.fields[f"fixed_{i}"] = forms.DecimalField(
                    label=_("定额（元/月）"), max_digits=8, decimal_places=2, min_value=0,
                    max_value=bounds.decimal_range_of(DuesBracket, "fixed_amount")[1])
        for field in self.fields.values():
            css = "form-control"  # the mixin styled the fields declared on the class; these are added here
            if css not in field.widget.attrs.get("class", ""):
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def rows(self):
        """The bracket rows as (number, up_to field, rate field) for the template."""
        return [(i, self[f"up_to_{i}"], self[f"rate_{i}"]) for i in range(1, self.ROWS + 1)] if self.based else []

    def clean(self):
        data = super().clean()
        if self.based:
            filled = [i for i in range(1, self.ROWS + 1)
                      if data.get(f"rate_{i}") is not None or data.get(f"up_to_{i}") is not None]
            if filled and filled != list(range(1, len(filled) + 1)):
                raise ValidationError(_("请从第1档起连续填写，中间不要留空行"))
            data["bracket_rows"] = [(data.get(f"up_to_{i}"), data.get(f"rate_{i}"), None) for i in filled]
        else:
            data["bracket_rows"] = [(None, None, data.get("fixed_1"))]
        return data
