"""Forms of reporting upward (逐级汇总上报): a lower instance's registration and a package upload."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core.forms import StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.organizations.models import Organization


class LowerInstanceForm(StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("例如：某某县委组织部"))
    organization = forms.ModelChoiceField(label=_("对应党组织"), queryset=Organization.objects.none(),
                                          help_text=_("下级实例的数据作为本系统中这个党组织（含下级）的统计数"))
    public_key = forms.CharField(label=_("公钥"), max_length=100,
                                 help_text=_("下级实例「上报数据包」页面显示的公钥（44个字符）"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations


class PackageImportForm(StyledFormMixin, OnceOnlyForm):
    package = UploadField(label=_("上报数据包（.json）"), extensions=(".json",))
