"""Forms of the portal's staff pages (党务公开): the list's filter, an article's text, a 公示's people, an attachment,
a step's reason, and the development 公示 (发展党员公示) drawn from the development cases."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField
from zugong.development.models import DevelopmentCase
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field
from zugong.portal import services
from zugong.portal.models import Article, PublicityEntry

ANY = [("", _("全部"))]
# The names an attachment may carry; what a file IS is decided by its content (core.filetypes.sniff).
EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx")


def _text(name: str, *, rows: int = 0, required: bool = False) -> forms.CharField:
    field = bounds.column_of(Article, name)
    return forms.CharField(label=field.verbose_name, required=required, max_length=bounds.max_length_of(Article, name),
                           help_text=field.help_text,
                           widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput())


class ArticleFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("标题或摘要"), required=False, max_length=bounds.SEARCH_MAX)
    kind = forms.ChoiceField(label=_("栏目"), choices=ANY + list(Article.Kind.choices), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ANY + list(Article.Status.choices), required=False)
    unit = forms.ModelChoiceField(label=_("发布单位（含下级）"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("全部"))


class ArticleForm(StyledFormMixin, forms.Form):
    """The text of a draft; the organization only when it is made (a draft stays with its unit)."""

    title = _text("title", required=True)
    summary = _text("summary", rows=2)
    body = _text("body", rows=12)
    starts_on = forms.DateField(label=_("发布日期"), required=False, widget=DateInput,
                                help_text=_("公示期的第一天；其他栏目为对外显示的日期，不填则为审核发布之日"))
    ends_on = forms.DateField(label=_("截止日期"), required=False, widget=DateInput,
                              help_text=_("公示期的最后一天，次日自动撤下；其他栏目一般不填"))
    contact = _text("contact")


class NewArticleForm(OnceOnlyForm, ArticleForm):
    organization = forms.ModelChoiceField(label=_("发布单位"), queryset=Organization.objects.none(),
                                          error_messages={"required": _("请选择发布单位")})
    field_order = ["organization", "title", "summary", "body", "starts_on", "ends_on", "contact"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


def _entry_text(name: str, *, required: bool = False) -> forms.CharField:
    field = bounds.column_of(PublicityEntry, name)
    return forms.CharField(label=field.verbose_name, required=required,
                           max_length=bounds.max_length_of(PublicityEntry, name),
                           error_messages={"required": _("请填写%(label)s") % {"label": field.verbose_name}})


class EntryForm(StyledFormMixin, forms.Form):
    """One person of a 公示: the six fields a 公示 may show, nothing else."""

    name = _entry_text("name", required=True)
    sex = forms.ChoiceField(label=_("性别"), choices=[("", "—"), ("男", _("男")), ("女", _("女"))],
                            error_messages={"required": _("请选择性别")})
    birth_month = _entry_text("birth_month", required=True)
    education = _entry_text("education")
    current_post = _entry_text("current_post")
    proposed_post = _entry_text("proposed_post")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_month"].widget.attrs["placeholder"] = "1990.05"
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm" if "form-control" in field.widget.attrs[
                "class"] else " form-select-sm"


EntryFormSet = forms.formset_factory(EntryForm, extra=3, can_delete=True, max_num=services.MAX_ENTRIES,
                                     validate_max=True, absolute_max=services.MAX_ENTRIES)


def entry_rows(formset) -> list[services.Entry]:
    """The filled rows in order (a blank extra row is skipped, a row marked for deletion is left out)."""
    kept = [form for index, form in enumerate(formset.forms) if not form.cleaned_data.get("DELETE") and (
        index < formset.initial_form_count() or form.has_changed())]
    return [services.Entry(**{name: form.cleaned_data.get(name, "") for name in (
        "name", "sex", "birth_month", "education", "current_post", "proposed_post")}) for form in kept]


def entry_errors(formset) -> list[str]:
    """Every bad cell as 第N行「字段」：问题, so a long 公示's mistake is found without scrolling the table."""
    found = []
    for number, form in enumerate(formset.forms, start=1):
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            found += [_("第%(n)s行「%(field)s」：%(error)s") % {"n": number, "field": label, "error": error}
                      for error in errors]
    found += [str(error) for error in formset.non_form_errors()]
    return found


class AttachmentForm(StyledFormMixin, OnceOnlyForm):
    file = UploadField(label=_("文件（图片、PDF、Office文档）"), extensions=EXTENSIONS,
                       widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}))


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=bounds.max_length_of(Article, "withdraw_reason"),
                             widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": _("请写明理由")})


class ConfirmForm(StyledFormMixin, forms.Form):
    """A step without a reason (送审, 审核发布): the button is the whole form."""


class CaseChoiceField(forms.ModelMultipleChoiceField):
    listed: set[tuple[str, str]] = set()  # (name, birth month) already in a 公示 being drafted, reviewed or public

    def label_from_instance(self, obj) -> str:
        label = f"{obj.name}（{obj.organization.name}）"
        if (obj.name, f"{obj.birth_date:%Y.%m}") in self.listed:
            label += " · " + str(_("已列入公示"))
        return label


class ChooseOrganizationForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("发布单位（党委）"), queryset=Organization.objects.none(),
                                          required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


class DevelopmentPublicityForm(StyledFormMixin, OnceOnlyForm):
    """The 发展党员公示 made from the development cases that are due for it under the chosen organization."""

    organization = forms.ModelChoiceField(label=_("发布单位（党委）"), queryset=Organization.objects.none(),
                                          widget=forms.HiddenInput, error_messages={"required": _("请选择发布单位")})
    cases = CaseChoiceField(label=_("公示对象"), queryset=DevelopmentCase.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("请至少选择一名发展对象")})
    title = _text("title", required=True)
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DateInput,
                                error_messages={"required": _("请填写公示开始日期")})
    ends_on = forms.DateField(label=_("公示截止日期"), widget=DateInput,
                              error_messages={"required": _("请填写公示截止日期")})
    contact = _text("contact", required=True)

    def __init__(self, *args, organizations, cases, listed=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        organization, chosen = self.fields["organization"], self.fields["cases"]
        assert isinstance(organization, forms.ModelChoiceField) and isinstance(chosen, CaseChoiceField)
        organization.queryset = organizations
        chosen.queryset = cases
        chosen.listed = set(listed)
        self.fields["cases"].widget.attrs["class"] = "form-check-input"
