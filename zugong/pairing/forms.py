from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.organizations.models import Organization, WorkUnit
from zugong.organizations.selectors import tree_filter_field
from zugong.pairing.models import MicroLoan, Project, Venue

MONEY_MAX = bounds.decimal_range_of(Project, "funds_planned")[1]


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0, max_value=MONEY_MAX,
                              **kwargs)


class FilterForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label=_("帮扶方或帮扶户"), max_length=bounds.SEARCH_MAX, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class LoanFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + list(MicroLoan.Status.choices),
                               required=False)


class PairingForm(StyledFormMixin, OnceOnlyForm):
    village = forms.ModelChoiceField(label=_("帮扶村（党组织）"), queryset=Organization.objects.none())
    household = forms.CharField(label=_("帮扶户户主"), max_length=50, required=False,
                                help_text=_("结对到户时填写户主姓名；结对到村则留空"))
    helper_unit = forms.ModelChoiceField(label=_("帮扶单位"), queryset=WorkUnit.objects.none(), required=False)
    helper_organization = forms.ModelChoiceField(label=_("帮扶党组织"), queryset=Organization.objects.none(),
                                                 required=False)
    helper_cadre = forms.ModelChoiceField(label=_("帮扶干部"), queryset=Cadre.objects.none(), required=False,
                                          help_text=_("帮扶单位、帮扶党组织、帮扶干部三者选其一"))
    started_on = forms.DateField(label=_("结对日期"), widget=DateInput())
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("帮扶内容"), max_length=300, required=False)

    def __init__(self, *args, villages, units, organizations, cadres, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "village", villages, None)
        self.fields["village"].empty_label = _("—— 请选择 ——")
        self.fields["helper_unit"].queryset = units
        tree_filter_field(self, "helper_organization", organizations, _("—— 请选择 ——"))
        self.fields["helper_cadre"].queryset = cadres
        if campaigns is not None:
            self.fields["campaign"] = forms.ModelChoiceField(label=_("所属主题实践活动"), queryset=campaigns,
                                                             required=False)


class EndForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput())


class ProjectEditForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=100)
    kind = forms.ChoiceField(label=_("项目类别"), choices=Project.Kind.choices)
    funds_planned = _money(_("计划资金（元）"))
    funds_spent = _money(_("到位资金（元）"), initial=0)
    status = forms.ChoiceField(label=_("状态"), choices=Project.Status.choices)
    planned_on = forms.DateField(label=_("立项日期"), widget=DateInput())
    completed_on = forms.DateField(label=_("完成日期"), widget=DateInput(), required=False)


class ProjectForm(ProjectEditForm, OnceOnlyForm):
    """A new project: the page's one-time token refuses a double submit."""


class VenueForm(StyledFormMixin, OnceOnlyForm):
    kind = forms.ChoiceField(label=_("建设方式"), choices=Venue.Kind.choices)
    area = forms.DecimalField(label=_("建筑面积（平方米）"), max_digits=8, decimal_places=2, min_value=0,
                              max_value=bounds.decimal_range_of(Venue, "area")[1])
    funds = _money(_("投入资金（元）"))
    started_on = forms.DateField(label=_("开工日期"), widget=DateInput())
    completed_on = forms.DateField(label=_("竣工日期"), widget=DateInput(), required=False)


class VisitForm(StyledFormMixin, OnceOnlyForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DateInput())
    visitors = forms.CharField(label=_("走访人"), max_length=100)
    content = forms.CharField(label=_("走访内容"), max_length=300)


class LoanForm(StyledFormMixin, OnceOnlyForm):
    amount = _money(_("贷款金额（元）"))
    bank = forms.CharField(label=_("贷款银行"), max_length=100)
    purpose = forms.CharField(label=_("贷款用途"), max_length=200, required=False)
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput())


class LoanStatusForm(StyledFormMixin, forms.Form):
    """``seen``: the status the page showed; the service refuses when the loan has changed since."""

    seen = forms.ChoiceField(choices=MicroLoan.Status.choices, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("改为"), choices=MicroLoan.Status.choices)
    on = forms.DateField(label=_("日期"), widget=DateInput(), help_text=_("发放、还清或认定逾期的日期"))
    due_on = forms.DateField(label=_("到期日期"), widget=DateInput(), required=False,
                             help_text=_("发放贷款时填写"))

