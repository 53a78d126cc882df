"""The outside averages form: one box per indicator and level (全国、全区（省）、全市平均分)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import StyledFormMixin
from zugong.surveys.models import ExternalAverage, Indicator


class AveragesForm(StyledFormMixin, forms.Form):
    """Boxes are named ``avg-<indicator pk>-<level>``; an empty box means "no such average"."""

    def __init__(self, *args, indicators: list[Indicator], levels: list[str], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.levels = indicators, levels
        for indicator in indicators:
            for level in levels:
                # a score's range is the service's to refuse (its message names the value); the form keeps to
                # what the column holds
                lowest, highest, _digits, _places = bounds.decimal_range_of(ExternalAverage, "value")
                self.fields[self.name(indicator, level)] = forms.DecimalField(
                    label=f"{indicator.name}·{ExternalAverage.Level(level).label}", required=False,
                    max_digits=7, decimal_places=2, min_value=lowest, max_value=highest, initial=current.get((indicator.pk, level)),
                    error_messages={"invalid": _("请输入数字，如75.17"),
                                    "max_decimal_places": _("平均分最多保留两位小数")})
                self.fields[self.name(indicator, level)].widget.attrs["aria-label"] = (
                    f"{indicator.name}·{ExternalAverage.Level(level).label}")

    @staticmethod
    def name(indicator: Indicator, level: str) -> str:
        return f"avg-{indicator.pk}-{level}"

    def boxes(self):
        for indicator in self.indicators:
            for level in self.levels:
                yield self.name(indicator, level), indicator, level

    def rows(self) -> list[tuple[Indicator, list]]:
        return [(indicator, [self[self.name(indicator, level)] for level in self.levels])
                for indicator in self.indicators]
