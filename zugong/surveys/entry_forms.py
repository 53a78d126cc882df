"""Forms of paper questionnaire entry (纸质问卷录入): one short input per question, typed as option numbers.

A teller types the number of the chosen option on the scale (1 = the first option), for a multiple choice
the numbers of all chosen options (``13``), a text for a text question; empty is unanswered. The form turns
that into what ``services.enter_paper_sheet`` takes: ``{question id: option id | [option ids] | text}``.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from zugong.core.forms import StyledFormMixin
from zugong.surveys.models import Option, PaperSheet, Question, RespondentGroup
from zugong.surveys.services import TEXT_ANSWER_MAX

SEPARATORS = re.compile(r"[\s,，、;；.。]+")


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def options_of(question: Question) -> list[Option]:
    return list(question.options.all())  # ordered by ``order``: position + 1 is the number typed


def legend(question: Question) -> list[tuple[int, str]]:
    return [(number, option.label) for number, option in enumerate(options_of(question), 1)]


def parse_numbers(question: Question, typed: str) -> int | list[int] | None:
    """The option ids a teller's digits stand for; ``ValueError`` with the Chinese reason otherwise."""
    options = options_of(question)
    text = typed.strip()
    if not text:
        return None
    if SEPARATORS.search(text) or len(options) > 9:  # 10 options and more are typed "1 10" or "1,10"
        parts = [part for part in SEPARATORS.split(text) if part]
    else:
        parts = list(text)
    if not all(part.isdigit() and 1 <= int(part) <= len(options) for part in parts):
        raise ValueError(f"第{question.number}题：只能输入1—{len(options)}")
    chosen = [options[int(part) - 1].pk for part in dict.fromkeys(parts)]
    if question.kind == Question.Kind.SINGLE:
        if len(chosen) > 1:
            raise ValueError(f"第{question.number}题：单选题只能输入一个数字（1—{len(options)}）")
        return chosen[0]
    return sorted(chosen)


def typed_value(question: Question, stored) -> str:
    """What a teller would have typed for a stored entry value (the inverse of ``parse_numbers``)."""
    if question.kind == Question.Kind.TEXT:
        return str(stored or "")
    numbers = {option.pk: str(number) for number, option in enumerate(options_of(question), 1)}
    ids = stored if isinstance(stored, list) else ([] if stored in (None, "") else [stored])
    joiner = " " if len(numbers) > 9 else ""
    return joiner.join(numbers.get(pk, "?") for pk in ids)


def shown_value(question: Question, stored) -> str:
    """A stored entry value as the teller reads it on paper: ``2 较好`` (or the text)."""
    if question.kind == Question.Kind.TEXT:
        return str(stored or "")
    labels = {option.pk: f"{number} {option.label}" for number, option in enumerate(options_of(question), 1)}
    ids = stored if isinstance(stored, list) else ([] if stored in (None, "") else [stored])
    return "、".join(labels.get(pk, "?") for pk in ids)


class AnswersForm(StyledFormMixin, forms.Form):
    """The respondent group and one input per question; ``raw`` holds the answers once valid."""

    group = forms.ModelChoiceField(label=_("调查对象组"), queryset=RespondentGroup.objects.none(),
                                   error_messages={"required": _("请选择调查对象组"),
                                                   "invalid_choice": _("所选调查对象组不在可选范围内")})

    def __init__(self, *args, groups, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        for question in questions:
            text = question.kind == Question.Kind.TEXT
            self.fields[field_name(question)] = forms.CharField(
                label=_("第%(n)s题") % {"n": question.number}, required=False,
                max_length=TEXT_ANSWER_MAX if text else 40,
                error_messages={"max_length": _("第%(n)s题：最多%(max)s字") % {
                    "n": question.number, "max": TEXT_ANSWER_MAX if text else 40}})
        self.raw: dict[int, object] = {}

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            typed = data.get(name) or ""
            try:
                value = typed.strip() if question.kind == Question.Kind.TEXT else parse_numbers(question, typed)
            except ValueError as error:
                self.add_error(name, str(error))
                continue
            if value in (None, "") and question.required:
                self.add_error(name, _("第%(n)s题未作答") % {"n": question.number})
            elif value not in (None, ""):
                self.raw[question.pk] = value
        return data

    def question_rows(self) -> list[dict]:
        """Each question with its bound input and legend, for the template (section titles where they change)."""
        rows, section = [], None
        for question in self.questions:
            rows.append({"question": question, "field": self[field_name(question)], "legend": legend(question),
                         "section": question.section.title if question.section_id != section else "",
                         "max": len(options_of(question))})
            section = question.section_id
        return rows


class PaperSheetForm(AnswersForm):
    number = forms.CharField(label=_("问卷编号"), max_length=30,
                             error_messages={"required": _("请填写问卷编号")})

    field_order = ["group", "number"]


def resolve_initial(sheet: PaperSheet, questions: list[Question]) -> dict:
    """The resolve form starts from the first entry: the teller changes only what the paper says otherwise."""
    initial: dict[str, object] = {"group": sheet.group_id}
    for question in questions:
        initial[field_name(question)] = typed_value(question, sheet.first_entry.get(str(question.pk)))
    return initial
