"""Forms of 12380 reports: the public pages' (the report, the receipt, an addition) and the staff pages' (the list's
filter, intake of letters, calls and visits, one form per step, matching the reported person, the identity reading)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.complaints.models import Report
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import MultipleFileInput, UploadsField
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

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


# --- Staff pages ----------------------------------------------------------------------------------------------------

ANY = [("", _("全部"))]


def _model_text(name: str, *, required: bool = True, rows: int = 0, label=None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label or Report._meta.get_field(name).verbose_name, required=required, widget=widget,
                           max_length=bounds.max_length_of(Report, name))


def _day(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, error_messages={"required": _("请填写日期")})


class ReportFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("登记编号或被举报人姓名"), required=False, max_length=bounds.SEARCH_MAX)
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=Organization.objects.none(), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ANY + [("open", _("未结案"))] + list(Report.Status.choices),
                               required=False)
    channel = forms.ChoiceField(label=_("举报方式"), choices=ANY + list(Report.Channel.choices), required=False)
    kind = forms.ChoiceField(label=_("问题类别"), choices=ANY + list(Report.Kind.choices), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("全部"))


STAFF_CHANNELS = [(value, label) for value, label in Report.Channel.choices if value != Report.Channel.WEB]


class IntakeForm(StyledFormMixin, OnceOnlyForm):
    """A letter, a 12380 call or a visit, registered by staff (the web form registers itself)."""

    channel = forms.ChoiceField(label=_("举报方式"), choices=STAFF_CHANNELS,
                                error_messages={"required": _("请选择收到举报的方式")})
    received_on = _day(_("收到日期"))
    unit = forms.ModelChoiceField(label=_("被举报人所在单位（组织）"), queryset=Organization.objects.none(),
                                  error_messages={"required": _("请选择被举报人所在单位")})
    person_name = _model_text("person_name")
    person_unit = _model_text("person_unit", required=False)
    person_post = _model_text("person_post", required=False)
    kind = forms.ChoiceField(label=_("问题类别"), choices=Report.Kind.choices, initial=Report.Kind.OTHER)
    happened = _model_text("happened", required=False)
    content = _model_text("content", rows=6)
    identity_name = forms.CharField(label=_("举报人姓名（实名举报填写，身份信息加密保存；匿名不填）"), max_length=50,
                                    required=False)
    identity_phone = forms.CharField(label=_("举报人联系电话"), max_length=30, required=False)
    identity_id_number = forms.CharField(label=_("举报人身份证号"), max_length=18, required=False)
    identity_address = forms.CharField(label=_("举报人住址"), max_length=200, required=False)
    evidence = _files(_("证据材料（图片、PDF、Office文档）"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("—— 请选择 ——"))

    def identity(self) -> dict | None:
        """Named when anything of the reporter is typed (what the letter or the caller gave is kept, never dropped)."""
        values = {key: self.cleaned_data.get(f"identity_{key}", "") for key in ("name", "phone", "id_number",
                                                                                  "address")}
        return values if any(values.values()) else None


class DecideForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("受理决定"), choices=Report.Decision.choices,
                                 error_messages={"required": _("请选择受理决定")})
    day = _day(_("决定日期"))
    note = _model_text("decision_note", required=False, rows=2, label=_("说明（不属于受理范围的须写明理由）"))
    forwarded_to = _model_text("forwarded_to", required=False, label=_("转办机关（转办时填写）"))


class AssignForm(StyledFormMixin, forms.Form):
    handler = forms.TypedChoiceField(label=_("承办人"), coerce=int, error_messages={"required": _("请选择承办人")})
    day = _day(_("交办日期"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["handler"].choices = [("", _("—— 请选择 ——"))] + [
            (person.pk, f"{person}（{person.username}）") for person in people]


class VerifyForm(StyledFormMixin, forms.Form):
    day = _day(_("开始核查日期"))
    note = _model_text("verification_note", required=False, rows=4, label=_("核查安排（可选）"))


class ConcludeForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("核查结论"), choices=Report.Outcome.choices,
                                error_messages={"required": _("请选择核查结论")})
    day = _day(_("办结日期"))
    note = _model_text("verification_note", rows=5)


class ExtendForm(StyledFormMixin, forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365)
    reason = _model_text("extension_reason", rows=2)
    day = _day(_("申请延长日期"))


class ReplyForm(StyledFormMixin, forms.Form):
    via = forms.ChoiceField(label=_("答复方式"), choices=Report.ReplyVia.choices,
                            error_messages={"required": _("请选择答复方式")})
    text = forms.CharField(label=_("答复内容（网上答复的，举报人凭查询码可见；不得含举报人身份或核查人员信息）"),
                           max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("请填写答复内容")})
    day = _day(_("答复日期"))


class CloseForm(StyledFormMixin, forms.Form):
    day = _day(_("结案日期"))


STEP_FORMS = {"decide": DecideForm, "assign": AssignForm, "verify": VerifyForm, "conclude": ConcludeForm,
              "extend": ExtendForm, "reply": ReplyForm, "close": CloseForm}


class LinkForm(StyledFormMixin, forms.Form):
    """The reported person matched: the unit, and the cadre or member record when one is the person."""

    unit = forms.ModelChoiceField(label=_("被举报人所在单位（组织）"), queryset=Organization.objects.none(),
                                  required=False)
    person = forms.ChoiceField(label=_("对应人员"), required=False)

    def __init__(self, *args, organizations, cadres, members, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("—— 与所选人员的组织相同 ——"))
        self.cadres = {cadre.pk: cadre for cadre in cadres}
        self.members = {member.pk: member for member in members}
        self.fields["person"].choices = (
            [("", _("不对应干部或党员，只确定单位"))]
            + [(f"cadre:{c.pk}", f"{c.name} · {_('干部')} · {c.organization}") for c in cadres]
            + [(f"member:{m.pk}", f"{m.name} · {_('党员')} · {m.organization}") for m in members])

    def clean(self):
        data = super().clean()
        kind, _sep, pk = (data.get("person") or "").partition(":")
        data["cadre"] = self.cadres.get(int(pk)) if kind == "cadre" else None
        data["member"] = self.members.get(int(pk)) if kind == "member" else None
        chosen = data["cadre"] or data["member"]
        if data.get("unit") is None:
            if chosen is None:
                raise forms.ValidationError(_("请选择被举报人所在单位，或选择对应的干部或党员"))
            data["unit"] = chosen.organization
        return data


class IdentityForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("查看理由（记入历史）"), max_length=200,
                             error_messages={"required": _("请填写查看举报人身份的理由")})


class EvidenceForm(StyledFormMixin, forms.Form):
    evidence = UploadsField(label=_("核查材料（图片、PDF、Office文档）"), extensions=EXTENSIONS,
                            widget=MultipleFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
                            error_messages={"required": _("请选择要上传的核查材料")})
