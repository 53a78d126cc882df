from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.forms import DateInput, MonthField, MonthInput, StyledFormMixin
from zugong.members.codes import ETHNICITY_CHOICES, DuesCategory, Education, Occupation
from zugong.members.models import Member
from zugong.members.selectors import AGE_BAND_LABELS, AGE_BANDS
from zugong.members.services import DUES_CATEGORY_REQUIRED
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

ANY = [("", _("全部"))]


class MemberFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名、拼音首字母或身份证号"), required=False, max_length=bounds.SEARCH_MAX)
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    stage = forms.ChoiceField(label=_("党员类别"), choices=ANY + list(Member.Stage.choices), required=False)
    gender = forms.ChoiceField(label=_("性别"), choices=ANY + list(Member.Gender.choices), required=False)
    age_band = forms.ChoiceField(
        label=_("年龄段"), required=False,
        choices=ANY + [(k, AGE_BAND_LABELS[k]) for k in AGE_BANDS],
    )
    education = forms.ChoiceField(label=_("学历"), choices=ANY + list(Education.choices), required=False)
    occupation = forms.ChoiceField(label=_("职业"), choices=ANY + list(Occupation.choices), required=False)
    sector = forms.ChoiceField(label=_("所属领域"), choices=ANY + list(Organization.Sector.choices), required=False)
    is_in_hardship = forms.BooleanField(label=_("仅生活困难党员"), required=False)
    is_mobile = forms.BooleanField(label=_("仅流动党员"), required=False)
    in_arrears = forms.BooleanField(label=_("仅上月起未交党费"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("organization", _("按党组织")), ("name", _("按姓名")), ("-joined_on", _("入党日期（新→旧）")),
        ("joined_on", _("入党日期（旧→新）")), ("birth_date", _("年龄（大→小）")),
    ])

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class MemberForm(StyledFormMixin, forms.ModelForm):
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES)

    class Meta:
        model = Member
        fields = [
            "name", "id_number", "gender", "birth_date", "ethnicity", "education", "occupation", "joined_on",
            "stage", "full_member_on", "organization", "work_unit", "phone", "address", "is_in_hardship",
            "dues_category", "dues_base", "dues_from",
        ]
        widgets = {"birth_date": DateInput(), "joined_on": DateInput(), "full_member_on": DateInput(),
                   "dues_from": MonthInput()}
        field_classes = {"dues_from": MonthField}
        help_texts = {"birth_date": _("可留空，按身份证号自动填写"), "gender": _("可留空，按身份证号自动填写"),
                      "dues_category": _("正式党员和预备党员都须选择；农民、学生等按定额交纳"),
                      "dues_base": _("在职、年薪制、个体、离退休党员填写；农民、学生等按定额交纳，不填"),
                      "dues_from": _("可留空，默认为登记当月；新发展的党员从入党当月起")}

    def __init__(self, *args, organizations, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["work_unit"].queryset = units
        self.fields["gender"].required = False
        self.fields["gender"].choices = [("", _("按身份证号"))] + list(Member.Gender.choices)
        self.fields["birth_date"].required = False
        category = self.fields["dues_category"]
        category.required, category.initial = True, None
        category.choices = [("", _("—— 请选择 ——"))] + list(DuesCategory.choices)
        category.error_messages["required"] = DUES_CATEGORY_REQUIRED
        self.fields["dues_from"].required = False
        if self.instance.pk:
            self.fields["organization"].disabled = True
            self.fields["organization"].help_text = _("调整所在党组织须办理组织关系转接")

    def validate_unique(self):
        """Uniqueness of the ID number is checked by the service, with its own message."""


class TransferForm(StyledFormMixin, forms.Form):
    to_organization = forms.ModelChoiceField(label=_("接收党组织"), queryset=Organization.objects.none())
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = destinations
        field.label_from_instance = lambda o: _("%(name)s（%(detail)s）") % {"name": o.name, "detail": o.parent.name if o.parent else ''}


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300)


class TransferOutForm(StyledFormMixin, forms.Form):
    destination = forms.CharField(label=_("转往的党组织全称"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=50)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class ReceiveForm(MemberForm):
    source = forms.CharField(label=_("转出的党组织全称"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=50)


class MobileStartForm(StyledFormMixin, forms.Form):
    started_on = forms.DateField(label=_("外出日期"), widget=DateInput())
    destination = forms.CharField(label=_("外出地点"), max_length=200)
    contact = forms.CharField(label=_("外出期间联系方式"), max_length=100)
    certificate_number = forms.CharField(label=_("流动党员活动证编号"), max_length=50, required=False)
    mobile_branch = forms.ModelChoiceField(label=_("编入的流动党支部"), queryset=Organization.objects.none(),
                                           required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mobile_branch"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = branches


class ReceiptForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("回执寄回日期"), widget=DateInput())


class DateForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())


class LeaveForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("原因"), choices=[
        ("deceased", _("去世")), ("lapsed", _("自行脱党或除名")), ("expelled", _("开除党籍"))])
    on = forms.DateField(label=_("日期"), widget=DateInput())
    note = forms.CharField(label=_("说明（文号等）"), max_length=300, required=False)
