"""Every form field of the pages is bounded (表单输入边界): a text its length, a number its range, a date 1900-2100.

The walk takes every form class defined in zugong (``django.forms.BaseForm`` subclasses, forms.py and the views
that define their own), field by field as the class declares them or takes them from its model:

- a ``CharField`` has ``max_length`` (a model form's comes from the column; a text column without one gets
  ``TEXT_MAX`` from ``StyledFormMixin``);
- an ``IntegerField`` / ``DecimalField`` has ``min_value`` and ``max_value``, or is a model column's in a form built
  on ``StyledFormMixin``, which gives it the column's range when the form is made;
- a ``DateField`` (and ``MonthField``) has a range, or is in a form built on ``StyledFormMixin``, which gives every
  date 1900-01-01..2100-12-31 (``core.bounds``).

Fields a form adds in its own ``__init__`` are walked on an instance made by ``DYNAMIC`` below; a new form that
adds fields fails here until it has an entry. Upload size limits are the imports' own settings, not walked here.
"""

import datetime as dt
import importlib
import inspect
import pkgutil
import re
import uuid
from decimal import Decimal

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

import zugong
from zugong.core.forms import StyledFormMixin


def _modules():
    for info in pkgutil.walk_packages(zugong.__path__, "zugong."):
        if not any(part in info.name for part in (".tests", ".migrations", ".management")):
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_modules()
FORMS = sorted({c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("zugong.")},
               key=lambda c: (c.__module__, c.__qualname__))


def _has_range(field: forms.Field) -> bool:
    kinds = {type(v) for v in field.validators}
    return MinValueValidator in kinds and MaxValueValidator in kinds


def _model_column(form_class, name: str) -> bool:
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is None or name in getattr(form_class, "declared_fields", {}):
        return False
    return any(f.name == name for f in model._meta.get_fields())


def problems_of(form_class, fields: dict[str, forms.Field]) -> list[str]:
    styled = issubclass(form_class, StyledFormMixin)
    found = []
    for name, field in fields.items():
        where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        if isinstance(field, forms.UUIDField):
            continue  # a fixed format (the one-time submission token)
        if isinstance(field, forms.CharField) and field.max_length is None:
            if not (styled and _model_column(form_class, name)):
                found.append(f"{where}: {type(field).__name__} without max_length")
        elif isinstance(field, forms.IntegerField) and (field.min_value is None or field.max_value is None):
            if not (styled and _model_column(form_class, name)):
                found.append(f"{where}: {type(field).__name__} min={field.min_value} max={field.max_value}")
        elif isinstance(field, (forms.DateField, forms.DateTimeField)) and not _has_range(field) and not styled:
            found.append(f"{where}: {type(field).__name__} without a range")
    return found


def test_every_form_field_is_bounded():
    assert len(FORMS) > 80
    found = [problem for form_class in FORMS for problem in problems_of(form_class, form_class.base_fields)]
    assert not found, "\n".join(found)


ADDS_A_FIELD = re.compile(r"^\s*self\.fields\[[^\]]+\]\s*=[^=]", re.MULTILINE)


def _assigns_fields(function) -> bool:
    return bool(ADDS_A_FIELD.search(inspect.getsource(function)))


@pytest.fixture
def dynamic_forms(county, department_admin, full_members):
    """An instance of each form that adds fields in its __init__, with something to add."""
    from zugong.appointments.competition_forms import PanelScoresForm, ScoresForm
    from zugong.appointments.models import PanelMember, Registration
    from zugong.assessments.followup_forms import ItemsForm as FollowUpItemsForm
    from zugong.assessments.forms import ScoresForm as AssessmentScoresForm
    from zugong.assessments.models import Criterion, FollowUpAspect, FollowUpItem, Score
    from zugong.ballots.forms import PaperBallotForm
    from zugong.ballots.models import Ballot
    from zugong.ballots.services import open_ballot
    from zugong.cadres.models import Cadre
    from zugong.cadres.supervision_views import ReportForm
    from zugong.campaigns.models import Campaign
    from zugong.development.forms import EvaluationForm, StepForm
    from zugong.development.models import DevelopmentStep
    from zugong.dues.forms import RateForm
    from zugong.education.forms import SchemeForm
    from zugong.education.models import ScoreItem
    from zugong.members.models import Member
    from zugong.organizations.models import Organization, WorkUnit
    from zugong.pairing.forms import PairingForm
    from zugong.statistics.forms import IncomeForm
    from zugong.surveys.entry_forms import AnswersForm, PaperSheetForm
    from zugong.surveys.report_forms import AveragesForm
    from zugong.surveys.services import questions_of
    from zugong.surveys.tests.factories import make_group, make_survey
    from zugong.talent.forms import RuralForm
    from zugong.talent.models import RuralCriterion

    survey = make_survey(county.county)
    make_group(survey, county.township)
    groups = survey.groups.all()
    questions = questions_of(survey)
    indicators = list(survey.indicators.all())
    return [
        EvaluationForm(members=full_members, graded_probationers=False),
        RateForm(based=True), RateForm(based=False),
        SchemeForm(items=list(ScoreItem.objects.all()), seen=""),
        IncomeForm(villages=[county.village, county.village2]),
        AnswersForm(groups=groups, questions=questions),
        PaperSheetForm(groups=groups, questions=questions),
        AveragesForm(indicators=indicators, levels=["national"], current={}),
        ReportForm(),
        PairingForm(villages=Organization.objects.all(), units=WorkUnit.objects.all(),
                    organizations=Organization.objects.all(), cadres=Cadre.objects.all(),
                    campaigns=Campaign.objects.all()),
        ScoresForm(registrations=[Registration(pk=1, name="张三")]),
        PanelScoresForm(members=[PanelMember(pk=1, name="王评委", kind=PanelMember.Kind.PUBLIC)]),
        AssessmentScoresForm(scores=[Score(pk=1, criterion=Criterion(label="工作实绩", max_points=Decimal(10)))],
                             row_label=lambda s: s.criterion.label, with_files=True),
        FollowUpItemsForm(items=[FollowUpItem(pk=1, shortcoming="整改措施未落实")], aspects=FollowUpAspect.objects.all()),
        StepForm(kind=DevelopmentStep.Kind.THREE_VOTES, members=Member.objects.all()),
        RuralForm(criteria=[RuralCriterion(pk=1, name="技术技能水平", max_points=30)]),
        _paper_ballot_form(PaperBallotForm, Ballot, open_ballot, county, department_admin),
    ]


def _paper_ballot_form(form_class, Ballot, open_ballot, county, actor):  # noqa: N803  (classes passed in)
    ballot = open_ballot(actor, organization=county.village, title="选举支部委员", kind=Ballot.Kind.APPROVAL,
                         candidates=["张三", "李四"], roll=9, rule=Ballot.Rule.MAJORITY_OF_DUE,
                         method=Ballot.Method.PAPER, write_in=True)
    return form_class(ballot=ballot, candidates=list(ballot.candidates.order_by("position")))


def test_fields_a_form_adds_itself_are_bounded(dynamic_forms):
    adding = {c for c in FORMS if "__init__" in vars(c) and _assigns_fields(c.__init__)}
    missing = adding - {type(form) for form in dynamic_forms}
    assert not missing, f"{missing} add fields in __init__: give each an instance in dynamic_forms"
    found = []
    for form in dynamic_forms:
        form_class = type(form)
        added = {name: field for name, field in form.fields.items() if name not in form_class.base_fields}
        assert added, f"{form_class.__qualname__} added no field: its entry does not show its fields"
        found += problems_of(form_class, added)
    assert not found, "\n".join(found)


# What the shared bounds do on a page's form.

def test_a_date_outside_1900_to_2100_is_refused_on_any_styled_form(county):
    from zugong.organizations.forms import CloseForm

    form = CloseForm(data={"closed_on": "20226-01-01", "reason": "合并"})
    assert not form.is_valid()
    form = CloseForm(data={"closed_on": "0026-01-01", "reason": "合并"})
    assert form.errors["closed_on"] == ["日期须在 1900-01-01 至 2100-12-31 之间"]
    assert 'min="1900-01-01"' in str(form["closed_on"]) and 'max="2100-12-31"' in str(form["closed_on"])
    assert CloseForm(data={"closed_on": "2100-12-31", "reason": "合并"}).is_valid()


def test_a_month_outside_the_range_is_refused(county):
    from zugong.dues.forms import MonthForm

    form = MonthForm(data={"month": "0999-12"})
    assert form.errors["month"] == ["月份须在 1900-01 至 2100-12 之间"]
    assert 'min="1900-01"' in str(form["month"])


def test_a_model_forms_number_keeps_within_its_column(county):
    from zugong.organizations.forms import WorkUnitForm
    from zugong.organizations.models import Organization, WorkUnit

    organizations = Organization.objects.all()
    data = {"name": "红星厂", "kind": WorkUnit.Kind.PRIVATE_ENTERPRISE, "managed_by": county.township.pk,
            "employee_count": 2**31, "submission_token": uuid.uuid4()}
    form = WorkUnitForm(data=data, managers=organizations, coverers=organizations)
    assert form.errors["employee_count"] == ["不能大于 2147483647"]
    assert WorkUnitForm(data={**data, "employee_count": 2**31 - 1}, managers=organizations,
                        coverers=organizations).is_valid()


def test_a_date_field_added_after_the_form_was_made_is_bounded_before_cleaning():
    class LateDate(StyledFormMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["on"] = forms.DateField()

    assert LateDate(data={"on": "1899-12-31"}).errors["on"] == ["日期须在 1900-01-01 至 2100-12-31 之间"]
    assert LateDate(data={"on": dt.date(1900, 1, 1)}).is_valid()


def test_django_refuses_nul_in_any_text_field_in_chinese():
    from zugong.organizations.forms import CloseForm

    form = CloseForm(data={"closed_on": "2026-01-01", "reason": "合\x00并"})
    assert "空字符" in form.errors["reason"][0]  # Django's own message, in its Chinese catalog


def test_a_decimal_column_keeps_its_digits(county):
    from zugong.members.forms import MemberForm
    from zugong.organizations.models import Organization, WorkUnit

    form = MemberForm(data={"dues_base": "123456789.00"}, organizations=Organization.objects.all(),
                      units=WorkUnit.objects.all())
    assert form.fields["dues_base"].max_value == Decimal("99999999.99")
    assert "dues_base" in form.errors
