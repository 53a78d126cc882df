from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.ballots.models import Ballot
from zugong.core import bounds
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.development.models import (
    AnnualEvaluation,
    BranchVote,
    CaseBallot,
    DevelopmentCase,
    DevelopmentStep,
    EvaluationRound,
)
from zugong.development.procedure import VOTES
from zugong.members.codes import ETHNICITY_CHOICES, Education, Occupation
from zugong.members.models import Member
from zugong.organizations.models import Organization
from zugong.organizations.selectors import tree_filter_field

ANY = [("", _("全部"))]
K = DevelopmentStep.Kind


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或身份证号"), required=False, max_length=bounds.SEARCH_MAX)
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    stage = forms.ChoiceField(label=_("阶段"), choices=ANY + list(DevelopmentCase.Stage.choices), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("open", _("进行中")), ("", _("全部"))] + list(
                                   DevelopmentCase.Status.choices)[1:])

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class ApplicationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, help_text=_("出生日期和性别按身份证号自动确定"))
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES)
    education = forms.ChoiceField(label=_("学历"), choices=Education.choices)
    occupation = forms.ChoiceField(label=_("职业"), choices=Occupation.choices)
    organization = forms.ModelChoiceField(label=_("所在党支部"), queryset=Organization.objects.none())
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    applied_on = forms.DateField(label=_("递交入党申请书日期"), widget=DateInput())

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        field.label_from_instance = lambda o: _("%(name)s（%(detail)s）") % {"name": o.name, "detail": o.parent.name if o.parent else ''}


class StepForm(StyledFormMixin, forms.Form):
    """The fields of one step; which appear depends on the step (``fields_for``)."""

    done_on = forms.DateField(label=_("办理日期"), widget=DateInput())
    handled_by = forms.CharField(label=_("经办人 / 谈话人"), max_length=100, required=False)
    people = forms.ModelMultipleChoiceField(label=_("正式党员"), queryset=Member.objects.none(), required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    number = forms.CharField(label=_("编号"), max_length=50, required=False)
    training_days = forms.IntegerField(label=_("培训天数"), min_value=0, required=False,
                                       max_value=bounds.integer_range_of(DevelopmentStep, "training_days")[1])
    training_hours = forms.IntegerField(label=_("培训学时"), min_value=0, required=False,
                                        max_value=bounds.integer_range_of(DevelopmentStep, "training_hours")[1])
    entitled = forms.IntegerField(label=_("应到会有表决权的正式党员（人）"), min_value=0, required=False,
                                  max_value=bounds.integer_range_of(BranchVote, "entitled")[1])
    present = forms.IntegerField(label=_("实到会有表决权的正式党员（人）"), min_value=0, required=False,
                                 max_value=bounds.integer_range_of(BranchVote, "present")[1])
    yes = forms.IntegerField(label=_("赞成（票）"), min_value=0, required=False,
                             max_value=bounds.integer_range_of(BranchVote, "yes")[1])
    no = forms.IntegerField(label=_("反对（票）"), min_value=0, required=False,
                            max_value=bounds.integer_range_of(BranchVote, "no")[1])
    abstain = forms.IntegerField(label=_("弃权（票）"), min_value=0, required=False,
                                 max_value=bounds.integer_range_of(BranchVote, "abstain")[1])
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=bounds.max_length_of(DevelopmentStep, "note"))
    document = forms.FileField(label=_("附件（扫描件等）"), required=False)

    ballot = forms.ModelChoiceField(label=_("采用票决计票结果"), queryset=Ballot.objects.none(), required=False,
                                    help_text=_("选择已结束计票的表决票，表决人数和日期取自计票结果；"
                                                "在本系统启用前以纸质方式召开的会议，不选，手工填写下列人数"))

    on_paper = forms.BooleanField(label=_("三票决在本系统启用前以纸质方式进行，手工登记"), required=False,
                                  help_text=_("不选表决票时勾选；此时本步骤只登记日期，不登记表决人数"))

    def __init__(self, *args, kind: str, members, ballots=None, body_ballots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = self.fields_for(kind)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == K.THREE_VOTES:  # one sealed ballot per body, the newest closed one chosen first
            for body, body_label in CaseBallot.Body.choices:
                field = forms.ModelChoiceField(
                    label=_("%(body)s票决") % {"body": body_label}, required=False,
                    queryset=(body_ballots or {}).get(body, Ballot.objects.none()),
                    widget=forms.Select(attrs={"class": "form-select"}))  # added after the mixin styled the rest
                field.label_from_instance = (
                    lambda b: _("#%(id)s %(title)s（%(day)s，%(status)s）") % {
                        "id": b.pk, "title": b.title, "day": f"{b.held_on:%Y-%m-%d}", "status": b.get_status_display()})
                self.fields[f"ballot_{body}"] = field
            self.order_fields(["done_on", "handled_by"] + [f"ballot_{body}" for body in CaseBallot.Body.values]
                              + ["on_paper"])
        if "people" in self.fields:
            field = self.fields["people"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = members
            field.required = True
            field.label = _("培养联系人（正式党员）") if kind == K.MENTORS else _("入党介绍人（正式党员）")
        if "number" in self.fields:
            self.fields["number"].label = {K.APPLICATION_FORM: _("入党志愿书编号")}.get(kind, _("备案文号 / 编号"))
            self.fields["number"].required = kind == K.APPLICATION_FORM
        if kind in VOTES:
            field = self.fields["ballot"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = ballots if ballots is not None else Ballot.objects.none()
            field.label_from_instance = lambda b: _("#%(id)s %(title)s（%(day)s，%(status)s）") % {
                "id": b.pk, "title": b.title, "day": f"{b.held_on:%Y-%m-%d}", "status": b.get_status_display()}
            self.order_fields(["done_on", "handled_by", "ballot"])  # the ballot first, the hand figures after it

    @staticmethod
    def fields_for(kind: str) -> list[str]:
        fields = ["done_on", "handled_by"]
        if kind in (K.MENTORS, K.SPONSORS):
            fields.append("people")
        if kind in (K.ACTIVIST_FILED, K.CANDIDATE_FILED, K.APPLICATION_FORM, K.APPROVAL_FILED, K.APPROVAL,
                    K.CONFIRMATION_APPROVAL):
            fields.append("number")
        if kind == K.TRAINING:
            fields += ["training_days", "training_hours"]
        if kind in VOTES:
            fields += ["ballot", "entitled", "present", "yes", "no", "abstain"]
        if kind == K.THREE_VOTES:
            fields.append("on_paper")
        return fields + ["note", "document"]

    def clean(self):
        data = super().clean()
        if self.kind in VOTES and not data.get("ballot"):
            for name in VOTE_FIELDS:
                if name in self.fields and data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("请选择票决，或填写此项（以纸质方式召开的会议）"))
        if self.kind == K.THREE_VOTES and data.get("on_paper") and any(
                data.get(f"ballot_{body}") for body in CaseBallot.Body.values):
            self.add_error("on_paper", _("已选择表决票的，不能再勾选手工登记"))
        return data

    def three_ballots(self) -> dict | None:
        """{body: Ballot} for the 三票决 step (a missing body is the service's refusal), or None for a hand record."""
        if self.kind != K.THREE_VOTES or self.cleaned_data.get("on_paper"):
            return None
        return {body: self.cleaned_data.get(f"ballot_{body}") for body in CaseBallot.Body.values
                if self.cleaned_data.get(f"ballot_{body}")}

    def vote(self) -> dict | None:
        if self.kind not in VOTES or self.cleaned_data.get("ballot"):
            return None
        return {name: self.cleaned_data[name] for name in VOTE_FIELDS}


VOTE_FIELDS = ("entitled", "present", "yes", "no", "abstain")


class VoteBallotForm(StyledFormMixin, OnceOnlyForm):
    """Open the branch meeting's secret ballot for a vote step (the roll is the branch's full members that day)."""

    method = forms.ChoiceField(label=_("投票方式"), choices=Ballot.Method.choices)
    held_on = forms.DateField(label=_("支部大会日期"), widget=DateInput())


class ThreeVoteBallotForm(VoteBallotForm):
    """Open one body's ballot of the 三票决; the entitled number only where the register knows no committee members."""

    entitled = forms.IntegerField(label=_("应到会委员人数"), required=False, min_value=1,
                                  max_value=bounds.integer_range_of(BranchVote, "entitled")[1],
                                  help_text=_("班子成员已在组织信息中登记的，应到会名单按登记生成，不必填写"))

    def __init__(self, *args, roll_known: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].label = _("会议日期")
        if roll_known:
            del self.fields["entitled"]
        else:  # the register knows no committee members on the day: the number is the roll
            self.fields["entitled"].required = True


class ExtensionForm(StyledFormMixin, forms.Form):
    months = forms.IntegerField(label=_("延长月数"), min_value=1, max_value=24)
    reason = forms.CharField(label=_("延长原因"), max_length=300)
    decided_on = forms.DateField(label=_("支部大会决定日期"), widget=DateInput())


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class DueFilterForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("全部"))


class EvaluationForm(StyledFormMixin, OnceOnlyForm):
    """The round's three dates and one grade per member (a probationary member's grade stays empty).

    ``loaded`` says whether the page showed a saved round: a new round saved meanwhile by someone else is then
    not overwritten; the one-time token keeps the same page from saving twice."""

    loaded = forms.BooleanField(required=False, widget=forms.HiddenInput)

    self_assessed_on = forms.DateField(label=_("个人自评日期"), widget=DateInput())
    mutually_evaluated_on = forms.DateField(label=_("党员互评日期"), widget=DateInput())
    voted_on = forms.DateField(label=_("民主测评（表决）日期"), widget=DateInput())
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=bounds.max_length_of(EvaluationRound, "note"))

    def __init__(self, *args, members, graded_probationers: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            ungraded = member.stage == Member.Stage.PROBATIONARY and not graded_probationers
            choices = [("", _("参加评议，不评定等次") if ungraded else _("请选择"))] + (
                [] if ungraded else list(AnnualEvaluation.Grade.choices))
            self.fields[f"grade_{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=choices, required=False,
                widget=forms.Select(attrs={"aria-label": member.name, "class": "form-select form-select-sm"}))
            self.fields[f"votes_{member.pk}"] = forms.IntegerField(
                label=_("“优秀”得票"), min_value=0, required=False,
                max_value=bounds.integer_range_of(AnnualEvaluation, "excellent_votes")[1],
                widget=forms.NumberInput(attrs={"aria-label": _("%(name)s“优秀”得票") % {"name": member.name},
                                                "class": "form-control form-control-sm"}))

    def rows(self):
        return [(member, self[f"grade_{member.pk}"], self[f"votes_{member.pk}"]) for member in self.members]
