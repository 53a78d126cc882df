"""Forms of ballots: create (one-time token), attendance, codes, the teller's keyboard-fast paper entry and the
public voting page's code.

Paper entry: one short input per candidate. 逐人表决/单项表决: 1 同意, 2 不同意, 3 弃权, 4 另选他人 (then the
name in the next input); empty counts as 弃权 as on paper. 差额选举: 1 for each candidate chosen, empty for one
not chosen; names written in go in 另选人, separated by 、 or spaces. 无效票 is one tick.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.ballots import services
from zugong.ballots.models import Ballot, Candidate, Mark
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.organizations.selectors import tree_filter_field

TYPED = {"1": Mark.Choice.YES, "2": Mark.Choice.NO, "3": Mark.Choice.ABSTAIN, "4": Mark.Choice.OTHER}
TYPED_BACK = {choice: digit for digit, choice in TYPED.items()}
SEPARATORS = re.compile(r"[\s,，、;；]+")
LINES_MAX = 20000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BallotCreateForm(StyledFormMixin, OnceOnlyForm):
    organization = forms.ModelChoiceField(label=_("组织"), queryset=Ballot.objects.none())
    title = forms.CharField(label=_("表决事项"), max_length=200)
    purpose = forms.CharField(label=_("用途"), max_length=200, required=False,
                              help_text=_("如：常委会讨论决定、民主推荐、支部大会接收预备党员、支部委员会换届选举"))
    kind = forms.ChoiceField(label=_("表决方式"), choices=Ballot.Kind.choices)
    rule = forms.ChoiceField(label=_("通过规则"), choices=Ballot.Rule.choices)
    method = forms.ChoiceField(label=_("投票方式"), choices=Ballot.Method.choices)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    candidates = forms.CharField(label=_("候选人（事项）"), widget=forms.Textarea(attrs={"rows": 4}),
                                 max_length=LINES_MAX, required=False,
                                 help_text=_("每行一名；单项表决可不填，以表决事项为题"))
    seats = forms.IntegerField(label=_("应选人数"), min_value=1, max_value=services.MAX_CANDIDATES, initial=1,
                               help_text=_("仅差额选举使用"))
    roll = forms.CharField(label=_("应到会人员名单"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           max_length=LINES_MAX * 2, help_text=_("每行一人；名单在纸面保存时留空，填写应到会人数"))
    entitled = forms.IntegerField(label=_("应到会人数"), min_value=1, max_value=services.MAX_ROLL, required=False)
    write_in = forms.BooleanField(label=_("可另选他人"), required=False)
    double_entry = forms.BooleanField(label=_("纸质选票由两名计票员分别录入"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))

    def clean(self):
        data = super().clean()
        if not _lines(data.get("roll", "")) and not data.get("entitled"):
            self.add_error("entitled", _("请填写应到会人员名单，或应到会人数"))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = _lines(data["roll"])
        return {"organization": data["organization"], "title": data["title"], "purpose": data["purpose"],
                "kind": data["kind"], "rule": data["rule"], "method": data["method"], "held_on": data["held_on"],
                "candidates": _lines(data["candidates"]), "seats": data["seats"], "roll": names or data["entitled"],
                "write_in": data["write_in"], "double_entry": data["double_entry"]}


class PresentForm(StyledFormMixin, forms.Form):
    present = forms.IntegerField(label=_("实到会人数"), min_value=0, max_value=services.MAX_ROLL)


class CodesForm(StyledFormMixin, forms.Form):
    count = forms.IntegerField(label=_("生成投票码个数"), min_value=1, max_value=services.MAX_CODES_AT_ONCE)


class VoteCodeForm(forms.Form):
    code = forms.CharField(label=_("投票码"), max_length=16,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg text-center font-monospace",
                                                         "autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}),
                           error_messages={"required": _("请输入投票码")})


def field_name(candidate: Candidate) -> str:
    return f"c{candidate.position}"


class PaperBallotForm(StyledFormMixin, forms.Form):
    """One paper ballot as typed; ``marks()`` gives what ``services.enter_paper`` takes."""

    number = forms.IntegerField(label=_("选票序号"), min_value=1, max_value=services.MAX_ROLL)
    invalid = forms.BooleanField(label=_("无效票"), required=False)

    def __init__(self, *args, ballot: Ballot, candidates: list[Candidate], with_number: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot, self.candidates = ballot, candidates
        if not with_number:
            del self.fields["number"]
        for candidate in candidates:
            self.fields[field_name(candidate)] = forms.CharField(label=candidate.name, required=False, max_length=2)
            if ballot.write_in and ballot.kind != Ballot.Kind.CHOOSE:
                self.fields[f"w{candidate.position}"] = forms.CharField(
                    label=_("另选人"), required=False, max_length=services.NAME_MAX)
        if ballot.kind == Ballot.Kind.CHOOSE and ballot.write_in:
            self.fields["written"] = forms.CharField(label=_("另选人"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        for candidate in self.candidates:
            typed = (data.get(field_name(candidate)) or "").strip()
            allowed = ("1",) if self.ballot.kind == Ballot.Kind.CHOOSE else (
                ("1", "2", "3", "4") if self.ballot.write_in else ("1", "2", "3"))
            if typed and typed not in allowed:
                self.add_error(field_name(candidate), f"「{candidate.name}」只能输入{'、'.join(allowed)}")
        return data

    def marks(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        choices: dict[int, str] = {}
        written: dict[int, str] = {}
        for candidate in self.candidates:
            typed = (data.get(field_name(candidate)) or "").strip()
            if typed:
                choices[candidate.position] = TYPED[typed]
            if data.get(f"w{candidate.position}"):
                written[candidate.position] = data[f"w{candidate.position}"]
        if data.get("written"):
            written = dict(enumerate((n for n in SEPARATORS.split(data["written"]) if n), start=1))
        return choices, written

    def rows(self) -> list[dict]:
        return [{"candidate": c, "field": self[field_name(c)],
                 "written": self[f"w{c.position}"] if f"w{c.position}" in self.fields else None}
                for c in self.candidates]


def typed_initial(ballot: Ballot, entry: dict) -> dict:
    """What a teller would have typed for a stored entry (to prefill the mismatch form)."""
    valid, marks = services.marks_of_entry(entry)
    initial: dict = {"invalid": not valid}
    written = []
    for mark in marks:
        if mark.position == 0:
            written.append(mark.written_name)
            continue
        initial[f"c{mark.position}"] = "1" if ballot.kind == Ballot.Kind.CHOOSE else TYPED_BACK[mark.choice]
        if mark.written_name:
            initial[f"w{mark.position}"] = mark.written_name
    if written:
        initial["written"] = "、".join(written)
    return initial


def shown_entry(ballot: Ballot, candidates: list[Candidate], entry: dict | None) -> dict[str, str]:
    """An entry as words, per candidate (and ``valid``/``written``), for the mismatch page."""
    if entry is None:
        return {}
    valid, marks = services.marks_of_entry(entry)
    if not valid:
        return {"valid": str(_("无效票"))}
    shown = {"valid": str(_("有效"))}
    labels = dict(Mark.Choice.choices)
    for mark in marks:
        if mark.position:
            label = str(_("选")) if ballot.kind == Ballot.Kind.CHOOSE else str(labels[mark.choice])
            shown[f"c{mark.position}"] = label + (str(_("：")) + mark.written_name if mark.written_name else "")
        else:
            shown["written"] = str(_("、")).join(filter(None, [shown.get("written", ""), mark.written_name]))
    if ballot.kind != Ballot.Kind.CHOOSE:
        for c in candidates:
            shown.setdefault(f"c{c.position}", str(_("弃权")))
    return shown
