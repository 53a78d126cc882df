import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field
from zugong.statistics.models import VillageIncome


def default_day() -> dt.date:
    """The annual report's day: 31 December of last year."""
    return dt.date(timezone.localdate().year - 1, 12, 31)


class StatisticsForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    day = forms.DateField(label=_("统计时点"), widget=DateInput(), required=False)
    compare = forms.DateField(label=_("对比时点（可选）"), widget=DateInput(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("本人负责范围"))

    def clean_day(self):
        day = self.cleaned_data.get("day") or default_day()
        if day > timezone.localdate():
            raise forms.ValidationError("统计时点不能晚于今天")
        return day

    def clean_compare(self):
        day = self.cleaned_data.get("compare")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("对比时点不能晚于今天")
        return day


class IncomeForm(StyledFormMixin, forms.Form):
    """One amount per village (万元); blank leaves the village without a figure for the year."""

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = list(villages)
        for village in self.villages:
            self.fields[f"v{village.pk}"] = forms.DecimalField(
                label=village.name, required=False, min_value=0, max_digits=10, decimal_places=2,
                max_value=bounds.decimal_range_of(VillageIncome, "amount")[1],
                widget=forms.NumberInput(attrs={"step": "0.01", "aria-label": village.name}))


class IncomeImportForm(StyledFormMixin, OnceOnlyForm):
    workbook = UploadField(label=_("Excel 文件（.xlsx）"))
