"""Forms of the 12380 public pages (the staff pages' forms come with them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.complaints.models import Report
from zugong.core.uploads import MultipleFileInput, UploadsField

_TEXT = {"class": "form-control"}
# The names a reporter's files may carry; what a file IS is decided by its content (``evidence.sniff``).
EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx")


def _files(label):
    return UploadsField(label=label, required=False, extensions=EXTENSIONS,
                        widget=MultipleFileInput(attrs={"class": "form-control", "accept": ",".join(EXTENSIONS)}))


class PublicReportForm(forms.Form):
    person_name = forms.CharField(label=_("被举报人姓名"), max_length=50, widget=forms.TextInput(attrs=_TEXT),
                                  error_messages={"required": _("请填写被举报人姓名")})
    person_unit = forms.CharField(label=_("被举报人单位"), max_length=100, required=False,
                                  widget=forms.TextInput(attrs=_TEXT))
    person_post = forms.CharField(label=_("被举报人职务"), max_length=100, required=False,
                                  widget=forms.TextInput(attrs=_TEXT))
    kind = forms.ChoiceField(label=_("问题类别"), choices=Report.Kind.choices, initial=Report.Kind.OTHER,
                             widget=forms.Select(attrs={"class": "form-select"}))
    happened = forms.CharField(label=_("发生时间"), max_length=100, required=False,
                               widget=forms.TextInput(attrs={**_TEXT, "placeholder": "如：2026年5月前后"}))
    content = forms.CharField(label=_("举报内容"), max_length=5000,
                              widget=forms.Textarea(attrs={**_TEXT, "rows": 6}),
                              error_messages={"required": _("请填写举报内容")})
    named = forms.BooleanField(label=_("实名举报（身份信息加密保存，仅经指定的人员可查看）"), required=False,
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    identity_name = forms.CharField(label=_("您的姓名"), max_length=50, required=False,
                                    widget=forms.TextInput(attrs=_TEXT))
    identity_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False,
                                     widget=forms.TextInput(attrs=_TEXT))
    identity_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False,
                                         widget=forms.TextInput(attrs=_TEXT))
    identity_address = forms.CharField(label=_("住址"), max_length=200, required=False,
                                       widget=forms.TextInput(attrs=_TEXT))
    evidence = _files(_("证据材料（图片、PDF、Office文档）"))

    def identity(self) -> dict | None:
        if not self.cleaned_data.get("named"):
            return None
        return {key: self.cleaned_data.get(f"identity_{key}", "") for key in ("name", "phone", "id_number", "address")}


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=40,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg text-center font-monospace",
                                                         "autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}),
                           error_messages={"required": _("请输入查询码")})


class AdditionForm(ReceiptForm):
    text = forms.CharField(label=_("补充内容"), max_length=5000, widget=forms.Textarea(attrs={**_TEXT, "rows": 4}),
                           error_messages={"required": _("请填写补充内容")})
    evidence = _files(_("补充证据材料"))
