from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.ballots.models import Ballot
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.organizations.models import (
    CommitteeMember,
    DemonstrationSite,
    Election,
    Organization,
    Rectification,
    WorkUnit,
)


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "sector", "founded_on", "contact_phone"]
        widgets = {"founded_on": DateInput()}


class MoveForm(StyledFormMixin, forms.Form):
    parent = forms.ModelChoiceField(label=_("调整到（新的上级党组织）"), queryset=Organization.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = targets
        self.fields["parent"].label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"


class CloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("撤销日期"), widget=DateInput())
    reason = forms.CharField(label=_("撤销原因"), max_length=200)


class ElectionForm(StyledFormMixin, OnceOnlyForm):
    """A plain form: the rules (term, seats, candidates) are checked by ``record_election``; sent twice (a
    double click, a resent page) it records one election."""

    elected_on = forms.DateField(label=_("选举日期"), widget=DateInput())
    method = forms.ChoiceField(label=_("选举方式"), choices=Election.Method.choices)
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, max_value=99)
    candidates_count = forms.IntegerField(label=_("候选人数"), min_value=1, max_value=199)
    term_ends_on = forms.DateField(
        label=_("届满日期"), required=False, widget=DateInput(),
        help_text=_("留空则按政策规则中的任期年限自动计算"),
    )
    notes = forms.CharField(label=_("备注"), max_length=300, required=False)


class ElectionFromBallotForm(StyledFormMixin, OnceOnlyForm):
    """An election recorded from a sealed 差额 ballot: the date, seats, candidates and votes come from the tally."""

    ballot = forms.ModelChoiceField(label=_("差额选举票决"), queryset=Ballot.objects.none(),
                                    help_text=_("已结束计票的差额选举（限选N人）；选举日期、应选名额、候选人及得票取自计票结果"))
    method = forms.ChoiceField(label=_("选举方式"), choices=Election.Method.choices)
    term_ends_on = forms.DateField(
        label=_("届满日期"), required=False, widget=DateInput(),
        help_text=_("留空则按政策规则中的任期年限自动计算"),
    )
    notes = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ballot"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ballots
        field.label_from_instance = lambda b: _("#%(id)s %(title)s（%(day)s，应选%(seats)s人）") % {
            "id": b.pk, "title": b.title, "day": f"{b.held_on:%Y-%m-%d}", "seats": b.seats}


class ElectedMemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    position = forms.ChoiceField(
        label=_("职务"), choices=[("", "—"), *CommitteeMember.Position.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name", "").strip() and not data.get("position"):
            self.add_error("position", _("请选择职务"))
        return data


ElectedMemberFormSet = forms.formset_factory(ElectedMemberForm, extra=7, max_num=30)


class WorkUnitForm(StyledFormMixin, OnceOnlyForm, forms.ModelForm):
    """A unit has no natural key: the page's one-time token keeps a double submit from creating two."""

    class Meta:
        model = WorkUnit
        fields = [
            "name", "kind", "credit_code", "employee_count", "is_above_scale", "address", "managed_by", "covered_by",
        ]

    def __init__(self, *args, managers, coverers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managed_by"].queryset = managers
        self.fields["covered_by"].queryset = coverers


class RectificationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["started_on", "reason", "plan"]
        widgets = {"started_on": DateInput(), "plan": forms.Textarea(attrs={"rows": 3})}


class RectificationCloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("销号日期"), widget=DateInput())
    note = forms.CharField(label=_("销号说明"), max_length=300)


class DemonstrationSiteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DemonstrationSite
        fields = ["level", "title", "named_on"]
        widgets = {"named_on": DateInput()}


class UnitCloseForm(StyledFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("注销日期"), widget=DateInput())
