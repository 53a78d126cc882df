"""Surveys for tests, made without an actor: a template design, groups, and answered questionnaires."""

import datetime as dt

from zugong.surveys import design as designs
from zugong.surveys.models import Invitation, RespondentGroup, Response, Survey
from zugong.surveys.services import AnswerData, install_design, questions_of, record_responses


def make_survey(organization, *, name="组织工作满意度民意调查", year=2026, kind="satisfaction", status="open",
                anonymous=True, double_entry=False, compare_with=None) -> Survey:
    survey = Survey.objects.create(name=name, kind=kind, year=year, organization=organization, status=status,
                                   anonymous=anonymous, double_entry=double_entry, compare_with=compare_with)
    install_design(survey, designs.DESIGNS[kind])
    return survey


def make_group(survey, organization, kind="cadres", quota=20) -> RespondentGroup:
    return RespondentGroup.objects.create(survey=survey, organization=organization, kind=kind, quota=quota)


def make_invitation(group, code="ABCD2345", invitee="") -> Invitation:
    return Invitation.objects.create(group=group, code=code, invitee=invitee)


def answer(survey, group, picks: dict[str, str], *, times: int = 1, channel="online",
           day: dt.date = dt.date(2026, 5, 20)) -> list[Response]:
    """``times`` questionnaires choosing, for each indicator code in ``picks``, the option with that label.

    Questions whose indicator is not in ``picks`` are left unanswered.
    """
    answers = []
    for question in questions_of(survey):
        code = question.indicator.code if question.indicator else None
        if code in picks:
            option = next(o for o in question.options.all() if o.label == picks[code])
            answers.append(AnswerData(question, option=option))
    return record_responses(survey, [(group, answers)] * times, channel=channel, day=day)
