"""Forms of the assessment pages: the rounds' filter, opening a round, a scheme's figures edited in place, and the
score entry (one target's entered criteria, or one criterion for every target) with every number bounded by the
criterion's points (0 … max, one decimal) and the evidence required."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.assessments.models import Round, Scheme, Score
from zugong.assessments.services import EVIDENCE_MAX, NAME_MAX
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.uploads import UploadField
from zugong.organizations.selectors import tree_filter_field

YEAR = {"min_value": bounds.DATE_MIN.year, "max_value": bounds.DATE_MAX.year}
EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


class RoundFilterForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label=_("考核方案"), queryset=Scheme.objects.none(), required=False)
    year = forms.IntegerField(label=_("考核年度"), required=False, **YEAR)
    organization = forms.ModelChoiceField(label=_("党组织"), queryset=None, required=False)

    def __init__(self, *args, schemes, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].empty_label = _("全部")
        tree_filter_field(self, "organization", organizations, _("全部"))


class RoundForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label=_("考核方案"), queryset=Scheme.objects.none())
    organization = forms.ModelChoiceField(label=_("组织考核的党组织"), queryset=None,
                                          help_text=_("考核其下的全部考核对象"))
    year = forms.IntegerField(label=_("考核年度"), **YEAR)
    starts_on = forms.DateField(label=_("考核期起"), widget=DateInput())
    ends_on = forms.DateField(label=_("考核期止"), widget=DateInput())
    name = forms.CharField(label=_("名称"), max_length=NAME_MAX, required=False,
                           help_text=_("留空为“党组织＋年度＋方案名称”"))
    survey = forms.ModelChoiceField(label=_("测评问卷"), queryset=None, required=False,
                                    help_text=_("测评（如述职评议）在民意调查中进行时选择，其主要指标平均得分按对象读取"))

    def __init__(self, *args, schemes, organizations, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["survey"].queryset = surveys
        self.fields["survey"].empty_label = _("不关联")
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))

    def clean_name(self):
        value = self.cleaned_data["name"]
        if "\x00" in value:
            raise forms.ValidationError(_("「名称」不能包含空字符"))
        return value


class CriterionPointsForm(StyledFormMixin, forms.Form):
    max_points = forms.DecimalField(label=_("分值"), min_value=0, max_value=1000, decimal_places=1, max_digits=5)


class GradeBandForm(StyledFormMixin, forms.Form):
    min_total = forms.DecimalField(label=_("总分下限"), min_value=0, max_value=1000, decimal_places=1, max_digits=5)
    max_share_percent = forms.IntegerField(label=_("比例上限（%）"), min_value=1, max_value=100, required=False)


class ScoresForm(StyledFormMixin, forms.Form):
    """One row per score: its points (0 … the criterion's points, one decimal) and evidence. A row left without
    points is not scored now; a row with points needs its evidence (or the shared evidence, or a file)."""

    shared_evidence = forms.CharField(label=_("评分依据（各行未填写时适用）"), max_length=EVIDENCE_MAX, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scores: list[Score], row_label, with_files: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for score in scores:
            top = score.criterion.max_points
            points_name, evidence_name, file_name = (f"s{score.pk}-points", f"s{score.pk}-evidence",
                                                     f"s{score.pk}-file")
            self.fields[points_name] = forms.DecimalField(
                label=_("得分"), required=False, max_digits=6, decimal_places=1, min_value=Decimal(0), max_value=top,
                initial=score.points,
                error_messages={"min_value": _("得分不能小于0"),
                                "max_value": _("得分不能超过该项分值%(top)s分") % {"top": _shown(top)},
                                "max_decimal_places": _("得分最多保留一位小数"), "invalid": _("得分应为数字")},
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))
            self.fields[evidence_name] = forms.CharField(label=_("评分依据"), required=False, max_length=EVIDENCE_MAX,
                                                         initial=score.evidence)
            names = {"points": points_name, "evidence": evidence_name}
            if with_files:
                names["file"] = file_name
                self.fields[file_name] = UploadField(label=_("佐证材料"), required=False, extensions=EVIDENCE_EXTENSIONS)
            self.rows.append({"score": score, "label": row_label(score), "names": names})
            for name in names.values():  # added after StyledFormMixin styled the declared fields
                self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def bound_rows(self) -> list[dict]:
        return [{**row, "fields": {key: self[name] for key, name in row["names"].items()}} for row in self.rows]

    def clean(self):
        data = super().clean()
        shared = (data.get("shared_evidence") or "").strip()
        for row in self.rows:
            names = row["names"]
            value = data.get(names["points"])
            evidence = (data.get(names["evidence"]) or "").strip()
            if "\x00" in evidence or "\x00" in shared:
                self.add_error(names["evidence"], _("评分依据不能包含空字符"))
            if value is not None and not evidence and not shared and not data.get(names.get("file", "")):
                self.add_error(names["evidence"], _("%(row)s：有得分时须填写评分依据") % {"row": row["label"]})
        return data

    def entries(self) -> list[tuple[Score, Decimal, str, object]]:
        shared = (self.cleaned_data.get("shared_evidence") or "").strip()
        found = []
        for row in self.rows:
            names = row["names"]
            value = self.cleaned_data.get(names["points"])
            if value is None:
                continue
            evidence = (self.cleaned_data.get(names["evidence"]) or "").strip() or shared
            found.append((row["score"], value, evidence, self.cleaned_data.get(names.get("file", "")) or None))
        return found


def _shown(points: Decimal) -> str:
    return f"{points.normalize():f}"


ROUND_STATUS_CHOICES = Round.Status.choices
