from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.branchlife.models import Attendance, Meeting
from zugong.core import bounds
from zugong.core.forms import DateInput, MonthField, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.education.models import MutualAidGrant, Pledge, ScoreItem
from zugong.members.models import Member
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field


class ScopeForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class StudySessionForm(StyledFormMixin, OnceOnlyForm):
    """A study day with its roll: the ticked members present, the ones marked 请假 excused, the rest absent."""

    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    topic = forms.CharField(label=_("学习内容"), max_length=bounds.max_length_of(Meeting, "topic"))
    notes = forms.CharField(label=_("学习记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=bounds.max_length_of(Meeting, "minutes"))
    attendees = forms.ModelMultipleChoiceField(label=_("出席党员"), queryset=Member.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    excused = forms.ModelMultipleChoiceField(label=_("请假党员"), queryset=Member.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("未勾选出席或请假的党员登记为缺席"))
    reason = forms.CharField(label=_("请假或缺席原因"), required=False,
                             max_length=bounds.max_length_of(Attendance, "reason"),
                             help_text=_("不填写则登记为“未登记原因”，可在支部工作的会议页逐人修改"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("attendees", "excused"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = members


class PledgeForm(StyledFormMixin, OnceOnlyForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    content = forms.CharField(label=_("承诺内容"), max_length=300)


class PledgeReviewForm(StyledFormMixin, forms.Form):
    """``seen``: the version of the review the page showed (``services.review_version``)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)  # a version fingerprint
    leader_comment = forms.CharField(label=_("领导点评"), max_length=300, required=False)
    public_review = forms.ChoiceField(label=_("群众评议"), choices=[("", "—")] + list(Pledge.Review.choices),
                                      required=False)
    kept = forms.TypedChoiceField(label=_("是否践诺"), required=False, empty_value=None,
                                  coerce=lambda v: {"yes": True, "no": False}.get(v),
                                  choices=[("", _("尚未认定")), ("yes", _("已践诺")), ("no", _("未践诺"))])


class PointsEntryForm(StyledFormMixin, OnceOnlyForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    item = forms.ModelChoiceField(label=_("积分项目"), queryset=ScoreItem.objects.all(), required=False,
                                  empty_label=_("加分或扣分"))
    points = forms.DecimalField(label=_("分数"), max_digits=5, decimal_places=1, min_value=-100, max_value=100,
                                help_text=_("扣分填负数，如 -5"))
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].label_from_instance = lambda item: _("%(name)s（%(points)s分）") % {
            "name": item.name, "points": item.max_points}


class SchemeForm(StyledFormMixin, forms.Form):
    """Every item's points at once: the scheme must add up to 100. ``seen``: the scheme's version the page showed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)  # a version fingerprint

    def __init__(self, *args, items, seen: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = seen
        self.items = list(items)
        for item in self.items:
            self.fields[f"points_{item.pk}"] = forms.IntegerField(
                label=_("%(name)s（%(detail)s）") % {"name": item.name, "detail": item.get_source_display()}, min_value=0, max_value=100,
                initial=item.max_points)
            if item.source == ScoreItem.Source.ATTENDANCE:
                self.fields[f"kinds_{item.pk}"] = forms.MultipleChoiceField(
                    label=_("%(name)s：计入出勤的会议") % {"name": item.name}, choices=Meeting.Kind.choices,
                    widget=forms.CheckboxSelectMultiple, initial=list(item.meeting_kinds), required=False)

    def kinds(self) -> dict:
        """The meeting kinds chosen for each attendance item."""
        return {item: self.cleaned_data[f"kinds_{item.pk}"] for item in self.items
                if f"kinds_{item.pk}" in self.fields}


class CarePayForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("发放月份"))
    paid_on = forms.DateField(label=_("发放日期"), widget=DateInput())
    members = forms.ModelMultipleChoiceField(label=_("发放对象"), queryset=Member.objects.none(),
                                             widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members


class AidForm(StyledFormMixin, OnceOnlyForm):
    granted_on = forms.DateField(label=_("发放日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=10, decimal_places=2, min_value=0,
                                max_value=bounds.decimal_range_of(MutualAidGrant, "amount")[1])
    reason = forms.CharField(label=_("事由"), max_length=200)


class VisitForm(StyledFormMixin, OnceOnlyForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DateInput())
    visitor = forms.CharField(label=_("走访人"), max_length=100)
    note = forms.CharField(label=_("情况"), max_length=300, required=False)
