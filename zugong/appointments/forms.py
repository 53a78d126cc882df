"""Forms of selection and appointment: the list filter, the case (动议), a candidate, each step, notices, opinions,
holds. A step's form shows only the fields its step takes (``StepForm.fields_for``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    Hold,
    Notice,
    Opinion,
    ProbationReview,
    SelectionCase,
)
from zugong.ballots.models import Ballot
from zugong.cadres.models import Cadre, Position
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

ANY = [("", _("全部"))]
K = CaseStep.Kind


def _text(model, name: str, label=None, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label or bounds.column_of(model, name).verbose_name, required=required, widget=widget,
                           max_length=bounds.max_length_of(model, name))


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("事项名称或人选姓名"), required=False, max_length=bounds.SEARCH_MAX)
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=Organization.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=ANY + list(SelectionCase.Kind.choices), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ANY + list(SelectionCase.Status.choices), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("全部"))


class CaseForm(StyledFormMixin, OnceOnlyForm):
    title = _text(SelectionCase, "title")
    kind = forms.ChoiceField(label=_("类型"), choices=SelectionCase.Kind.choices)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.none())
    positions = forms.ModelMultipleChoiceField(label=_("拟任职位"), queryset=Position.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    elected_posts = forms.BooleanField(label=_("选举产生的职务（不实行试用期）"), required=False)
    motion_on = forms.DateField(label=_("动议日期（部务会研究）"), widget=DateInput())
    handled_by = _text(CaseStep, "handled_by", _("动议提出人 / 经办人"), required=False)
    note = _text(CaseStep, "note", _("职位空缺情况和工作方案要点"), required=False, rows=3)
    document = forms.FileField(label=_("选拔任用工作方案（部务会研究通过）"))

    def __init__(self, *args, organizations, positions, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = organizations
        unit.label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"
        field = self.fields["positions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = positions
        field.label_from_instance = lambda p: _("%(organization)s · %(title)s（%(rank)s）") % {
            "organization": p.organization.name, "title": p.title, "rank": p.get_rank_display()}


class CandidateForm(StyledFormMixin, OnceOnlyForm):
    cadre = forms.ModelChoiceField(label=_("干部"), queryset=Cadre.objects.none())
    position = forms.ModelChoiceField(label=_("拟任职位"), queryset=Position.objects.none())
    named_on = forms.DateField(label=_("提名日期"), widget=DateInput())

    def __init__(self, *args, cadres, positions, **kwargs):
        super().__init__(*args, **kwargs)
        cadre = self.fields["cadre"]
        assert isinstance(cadre, forms.ModelChoiceField)
        cadre.queryset = cadres
        cadre.label_from_instance = lambda c: _("%(name)s（%(detail)s）") % {"name": c.name, "detail": c.organization.name}
        position = self.fields["position"]
        assert isinstance(position, forms.ModelChoiceField)
        position.queryset = positions


class StepForm(StyledFormMixin, OnceOnlyForm):
    done_on = forms.DateField(label=_("办理日期"), widget=DateInput())
    candidate = forms.ModelChoiceField(label=_("人选"), queryset=CaseCandidate.objects.none(), required=False)
    ballot = forms.ModelChoiceField(label=_("表决票（已结束计票）"), queryset=Ballot.objects.none(), required=False,
                                    help_text=_("表决结果取自计票结果，不手工填写"))
    recommended = forms.ModelMultipleChoiceField(label=_("谈话调研推荐中得到推荐的人选"), required=False,
                                                 queryset=CaseCandidate.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)
    chosen = forms.ModelMultipleChoiceField(label=_("确定为考察对象的人选"), required=False,
                                            queryset=CaseCandidate.objects.none(), widget=forms.CheckboxSelectMultiple)
    talks = forms.IntegerField(label=_("个别谈话人数"), required=False, min_value=0,
                               max_value=bounds.integer_range_of(CaseStep, "talks")[1])
    result = forms.ChoiceField(label=_("考核结论"), choices=[("", "—")] + list(ProbationReview.Result.choices),
                               required=False)
    notice_text = _text(Notice, "text", _("公示内容（人选基本情况和拟任职务）"), required=False, rows=4)
    phone = _text(Notice, "phone", _("受理电话"), required=False)
    handled_by = _text(CaseStep, "handled_by", required=False)
    number = _text(CaseStep, "number", required=False)
    note = _text(CaseStep, "note", _("情况说明"), required=False, rows=3)
    document = forms.FileField(label=_("材料（扫描件等）"), required=False)

    def __init__(self, *args, kind: str, candidates, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = self.fields_for(kind)
        for name in list(self.fields):
            if name not in keep and name != "submission_token":
                del self.fields[name]
        for name in ("candidate", "recommended", "chosen"):
            if name in self.fields:
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
                field.queryset = candidates
                field.label_from_instance = lambda c: _("%(name)s（拟任%(post)s）") % {
                    "name": c.name, "post": c.position.title}
        if "ballot" in self.fields:
            ballot = self.fields["ballot"]
            assert isinstance(ballot, forms.ModelChoiceField)
            ballot.queryset = ballots
            ballot.label_from_instance = lambda b: _("%(name)s（%(detail)s）") % {"name": b.title, "detail": f"{b.held_on:%Y-%m-%d}"}
        if kind == K.APPOINTMENT:
            self.fields["number"].label = _("任职文号")
        if kind == K.DECISION:
            self.fields["number"].label = _("会议名称（常委会 / 全委会）")

    @staticmethod
    def fields_for(kind: str) -> list[str]:
        fields = ["done_on"]
        if kind in (K.DECISION, K.APPOINTMENT, K.REVIEW):
            fields.append("candidate")
        if kind in (K.MEETING_RECOMMENDATION, K.DECISION):
            fields.append("ballot")
        if kind == K.TALK_RECOMMENDATION:
            fields += ["talks", "recommended"]
        if kind == K.CANDIDATES_CHOSEN:
            fields.append("chosen")
        if kind in (K.INSPECTION, K.COMMUNITY):
            fields.append("talks")
        if kind == K.REVIEW:
            fields.append("result")
        if kind == K.PUBLIC_NOTICE:
            fields += ["notice_text", "phone"]
        return fields + ["handled_by", "number", "note", "document"]


class InspectionNoticeForm(StyledFormMixin, OnceOnlyForm):
    text = _text(Notice, "text", _("预告内容（考察对象姓名、单位及职务）"), rows=4)
    inspectors = _text(Notice, "inspectors")
    phone = _text(Notice, "phone", _("举报电话"))
    publish_on = forms.DateField(label=_("发布日期"), widget=DateInput())


class OpinionForm(StyledFormMixin, OnceOnlyForm):
    source = forms.ChoiceField(label=_("征求意见单位"), choices=Opinion.Source.choices)
    candidate = forms.ModelChoiceField(label=_("涉及人选"), queryset=CaseCandidate.objects.none(), required=False)
    received_on = forms.DateField(label=_("回复日期"), widget=DateInput())
    favourable = forms.TypedChoiceField(label=_("意见"), coerce=lambda v: v == "yes",
                                        choices=[("yes", _("无不良反映")), ("no", _("反映有问题"))])
    content = _text(Opinion, "content", _("意见内容（反映问题的须填写）"), required=False, rows=2)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class ResolveForm(StyledFormMixin, forms.Form):
    resolved_on = forms.DateField(label=_("查清日期"), widget=DateInput())
    resolution = _text(Opinion, "resolution", rows=2)


class HoldForm(StyledFormMixin, OnceOnlyForm):
    candidate = forms.ModelChoiceField(label=_("涉及人选（不选为整个事项）"), queryset=CaseCandidate.objects.none(),
                                       required=False)
    reason = _text(Hold, "reason")
    placed_on = forms.DateField(label=_("暂缓日期"), widget=DateInput())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class LiftForm(StyledFormMixin, forms.Form):
    lifted_on = forms.DateField(label=_("解除日期"), widget=DateInput())
    reason = _text(Hold, "lift_reason")


class ExceptionalForm(StyledFormMixin, forms.Form):
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput())
    document = _text(SelectionCase, "exceptional_document")
    reason = _text(SelectionCase, "exceptional_reason", rows=2)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class WithdrawForm(StyledFormMixin, forms.Form):
    withdraw_on = forms.DateField(label=_("撤下日期"), widget=DateInput())


class DueFilterForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "unit", organizations, _("全部"))


class KeyPostForm(StyledFormMixin, OnceOnlyForm):
    position = forms.ModelChoiceField(label=_("职位"), queryset=Position.objects.none())
    note = forms.CharField(label=_("依据"), max_length=200, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = positions
        field.label_from_instance = lambda p: f"{p.organization.name} · {p.title}"
