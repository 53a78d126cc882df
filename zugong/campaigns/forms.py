"""Forms of campaigns: a campaign, a phase, a work group, a contact point, a visit, a task (to some units or to every
work group, or a template's tasks), a task report from a phone, a review, an inspection and its per-unit finding,
the rectification done, a bulletin's draft day and its edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.campaigns.models import (
    Bulletin,
    Campaign,
    ContactPoint,
    Inspection,
    InspectionFinding,
    Phase,
    Task,
    TaskReport,
    TaskTemplate,
    Visit,
    WorkGroup,
)
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import MultipleFileInput, UploadsField
from zugong.organizations.models import Organization, WorkUnit
from zugong.organizations.selectors import tree_filter_field

EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx")


def _label(field: str, model=Campaign) -> str:
    return model._meta.get_field(field).verbose_name


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput())


def _org(label, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Organization.objects.none(), required=required)


def _cadres(organization: Organization):
    return Cadre.objects.under(organization.path).filter(status=Cadre.Status.SERVING).order_by("name", "pk")


def campaign_cadres(campaign: Campaign):
    """The cadres a campaign's records may name: serving, under its organization."""
    return _cadres(campaign.organization)


class PickedOrganizations(forms.MultipleHiddenInput):
    """The coverage comes from the search-as-you-type picker (``campaigns/_cover_candidate.html``), whose ticked rows
    carry the values; the field itself draws nothing, so the county's ~300 villages never reach the page as a list."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class CoverageMixin(forms.Form):
    """The coverage (``Campaign.covers``): the subtree roots the campaign covers; none ticked: the owner's whole
    subtree. The service checks each root is under the owner and that no record falls outside."""

    covers = forms.ModelMultipleChoiceField(
        label=_label("covers"), queryset=Organization.objects.none(), required=False, widget=PickedOrganizations,
        help_text=_("不选：牵头组织全部下级。选定后只覆盖所选组织及其下级。"),
        error_messages={"invalid_choice": _("覆盖范围：所选组织不存在或不在您的管理范围内，请重新查找选择"),
                        "invalid_pk_value": _("覆盖范围：所选组织不存在或不在您的管理范围内，请重新查找选择")})

    def coverage(self, organizations) -> None:
        self.fields["covers"].queryset = organizations  # type: ignore[attr-defined]

    def chosen_covers(self) -> list[Organization]:
        """The roots ticked: those posted, or the campaign's as it stands (initial), in tree order."""
        if self.is_bound:
            values = self.data.getlist("covers") if hasattr(self.data, "getlist") else self.data.get("covers") or []
            ticked = [v for v in values if str(v).isdigit()][:bounds.LIST_ITEMS_MAX]
        else:
            ticked = [getattr(o, "pk", o) for o in self.initial.get("covers") or []]
        return list(self.fields["covers"].queryset.filter(pk__in=ticked)  # type: ignore[attr-defined]
                    .select_related("parent").order_by("path"))


class CampaignForm(StyledFormMixin, OnceOnlyForm, CoverageMixin):
    title = forms.CharField(label=_label("title"), max_length=100)
    organization = _org(_label("organization"))
    starts_on = _date(_label("starts_on"))
    ends_on = _date(_label("ends_on"))
    goals = forms.CharField(label=_label("goals"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))
        self.coverage(organizations)


class CampaignEditForm(StyledFormMixin, OnceOnlyForm, CoverageMixin):
    """A campaign corrected: its title, dates, goals and coverage (its owner stays)."""

    title = forms.CharField(label=_label("title"), max_length=100)
    starts_on = _date(_label("starts_on"))
    ends_on = _date(_label("ends_on"))
    goals = forms.CharField(label=_label("goals"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.coverage(organizations)


class PhaseForm(StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_label("name", Phase), max_length=50)
    starts_on = _date(_label("starts_on", Phase))
    ends_on = _date(_label("ends_on", Phase))
    description = forms.CharField(label=_label("description", Phase), max_length=500, required=False)


class PickedCadres(forms.MultipleHiddenInput):
    """The members come from the search-as-you-type picker (the training roster's, ``cadres/_roster_candidate.html``),
    whose ticked rows carry the values; the field itself draws nothing, so no county-wide list reaches the page."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class GroupForm(StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_label("name", WorkGroup), max_length=100)
    village = _org(_label("village", WorkGroup))
    leader_unit = forms.ModelChoiceField(label=_label("leader_unit", WorkGroup), queryset=WorkUnit.objects.none(),
                                         required=False)
    leader_organization = _org(_label("leader_organization", WorkGroup), required=False)
    leader = forms.ModelChoiceField(label=_("组长（从勾选的成员中选）"), queryset=Cadre.objects.none(), required=False)
    cadres = forms.ModelMultipleChoiceField(label=_label("members", WorkGroup), queryset=Cadre.objects.none(),
                                            required=False, widget=PickedCadres)
    arrived_on = forms.DateField(label=_label("arrived_on", WorkGroup), widget=DateInput(), required=False)

    def __init__(self, *args, campaign: Campaign, organizations, units, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "village", organizations, _("—— 请选择 ——"))
        tree_filter_field(self, "leader_organization", organizations, _("—— 不选 ——"))
        self.fields["leader_unit"].queryset = units.filter(is_closed=False).order_by("name", "pk")
        cadres = _cadres(campaign.organization)
        self.fields["leader"].queryset = cadres
        self.fields["cadres"].queryset = cadres
        self.fields["leader"].widget.attrs["data-leader-from"] = "[data-testid=roster-chosen]"
        # The leader's options are the chosen members only (js/campaign_group.js follows the picker's choices).
        self.fields["leader"].widget.choices = [("", _("—— 不选 ——"))] + [(c.pk, c.name) for c in self.chosen()]

    def chosen(self) -> list[Cadre]:
        """The members ticked: those posted, or the group's as it stands (initial)."""
        if self.is_bound:
            values = self.data.getlist("cadres") if hasattr(self.data, "getlist") else self.data.get("cadres") or []
            ticked = [v for v in values if str(v).isdigit()][:200]
        else:
            ticked = [getattr(c, "pk", c) for c in self.initial.get("cadres") or []]
        return list(self.fields["cadres"].queryset.filter(pk__in=ticked))  # type: ignore[attr-defined]


class PointForm(StyledFormMixin, OnceOnlyForm):
    cadre = forms.ModelChoiceField(label=_label("cadre", ContactPoint), queryset=Cadre.objects.none())
    holder = forms.ChoiceField(label=_label("holder", ContactPoint), choices=ContactPoint.Holder.choices)
    kind = forms.ChoiceField(label=_label("kind", ContactPoint), choices=ContactPoint.Kind.choices)
    organization = _org(_label("organization", ContactPoint))

    def __init__(self, *args, campaign: Campaign, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = _cadres(campaign.organization)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


class VisitForm(StyledFormMixin, OnceOnlyForm):
    cadre = forms.ModelChoiceField(label=_label("cadre", Visit), queryset=Cadre.objects.none())
    organization = _org(_label("organization", Visit))
    visited_on = _date(_label("visited_on", Visit))
    purpose = forms.CharField(label=_label("purpose", Visit), max_length=300)

    def __init__(self, *args, campaign: Campaign, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = _cadres(campaign.organization)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


class TaskForm(StyledFormMixin, OnceOnlyForm):
    template = forms.ModelChoiceField(label=_("任务模板（选用则按模板逐项部署）"), queryset=TaskTemplate.objects.all(),
                                      required=False)
    title = forms.CharField(label=_label("title", Task), max_length=200, required=False)
    description = forms.CharField(label=_label("description", Task), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    deadline = _date(_label("deadline", Task))
    phase = forms.ModelChoiceField(label=_label("phase", Task), queryset=Phase.objects.none(), required=False)
    all_groups = forms.BooleanField(label=_("交给本活动的每个工作组"), required=False)
    organization = _org(_("或交给一个单位（党组织）"), required=False)

    def __init__(self, *args, campaign: Campaign, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        tree_filter_field(self, "organization", organizations, _("—— 不选 ——"))

    def clean(self):
        data = super().clean()
        if not data.get("template") and not (data.get("title") or "").strip():
            self.add_error("title", _("请填写任务名称，或选用任务模板"))
        if not data.get("all_groups") and not data.get("organization"):
            self.add_error("organization", _("请选择承担任务的单位，或交给每个工作组"))
        return data


class TaskEditForm(StyledFormMixin, OnceOnlyForm):
    title = forms.CharField(label=_label("title", Task), max_length=200)
    description = forms.CharField(label=_label("description", Task), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    deadline = _date(_label("deadline", Task))
    phase = forms.ModelChoiceField(label=_label("phase", Task), queryset=Phase.objects.none(), required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()


class RemoveForm(forms.Form):
    """The confirmation of a removal (a POST with nothing else)."""


class ReportForm(StyledFormMixin, OnceOnlyForm):
    text = forms.CharField(label=_label("text", TaskReport), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    quantity = forms.IntegerField(label=_label("quantity", TaskReport), required=False, min_value=0,
                                  max_value=1_000_000, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    amount = forms.DecimalField(label=_label("amount", TaskReport), required=False, min_value=0,
                                max_value=99_999_999, max_digits=10, decimal_places=2,
                                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))
    files = UploadsField(label=_("照片或材料（图片、PDF、Office文档）"), required=False, extensions=EXTENSIONS,
                         widget=MultipleFileInput(attrs={"accept": ",".join(EXTENSIONS), "capture": "environment"}))


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=[("accept", _("通过")), ("return", _("退回"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("退回理由"), max_length=300, required=False)


class InspectionForm(StyledFormMixin, OnceOnlyForm):
    title = forms.CharField(label=_label("title", Inspection), max_length=100)
    kind = forms.ChoiceField(label=_label("kind", Inspection), choices=Inspection.Kind.choices)
    started_on = _date(_label("started_on", Inspection))
    ended_on = _date(_label("ended_on", Inspection))
    inspectors = forms.CharField(label=_label("inspectors", Inspection), max_length=200, required=False)
    summary = forms.CharField(label=_label("summary", Inspection), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(StyledFormMixin, forms.Form):
    organization = _org(_label("organization", InspectionFinding))
    rating = forms.ChoiceField(label=_label("rating", InspectionFinding), choices=InspectionFinding.Rating.choices)
    found = forms.CharField(label=_label("found", InspectionFinding), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    rectification = forms.CharField(label=_label("rectification", InspectionFinding), max_length=500, required=False)
    rectify_by = forms.DateField(label=_label("rectify_by", InspectionFinding), widget=DateInput(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


class FindingEditForm(FindingForm, OnceOnlyForm):
    """One finding corrected (a one-time page: the token is claimed with the change)."""


class RectifiedForm(StyledFormMixin, forms.Form):
    day = _date(_label("rectified_on", InspectionFinding))
    note = forms.CharField(label=_label("rectification_note", InspectionFinding), max_length=500)


class DraftForm(StyledFormMixin, forms.Form):
    as_of = _date(_label("as_of", Bulletin))


class BulletinForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_label("title", Bulletin), max_length=100)
    body = forms.CharField(label=_label("body", Bulletin), max_length=20000, widget=forms.Textarea(attrs={"rows": 18}))


class IssueForm(StyledFormMixin, forms.Form):
    day = _date(_label("issued_on", Bulletin))
