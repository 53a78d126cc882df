"""Double submits, constraint violations and shared rate limits (core.submissions, core.throttle)."""

import datetime as dt
import uuid

import pytest
from django import forms
from django.db import IntegrityError

from tests.concurrency import at_once, needs_postgres
from zugong.accounts.models import RoleAssignment
from zugong.core import throttle
from zugong.core.forms_helpers import run_service
from zugong.core.models import FormSubmission, RateWindow
from zugong.core.submissions import (
    ALREADY_SUBMITTED,
    CONFLICT,
    STALE_PAGE,
    OnceOnlyForm,
    constraint_message,
)


class NoteForm(OnceOnlyForm):
    note = forms.CharField(max_length=20)


def _submitted(token, note="一"):
    form = NoteForm({"submission_token": str(token), "note": note})
    assert form.is_valid(), form.errors
    return form


@pytest.mark.django_db
def test_the_same_page_submitted_twice_acts_once():
    token, calls = uuid.uuid4(), []
    first, second = _submitted(token), _submitted(token)
    assert run_service(first, lambda: calls.append(1) or "已保存") == "已保存"
    assert run_service(second, lambda: calls.append(2) or "已保存") is None
    assert calls == [1]
    assert second.non_field_errors() == [ALREADY_SUBMITTED]
    assert FormSubmission.objects.filter(token=token).count() == 1


@pytest.mark.django_db
def test_a_refused_submission_can_be_corrected_and_sent_again():
    from zugong.core.access import DomainError

    token = uuid.uuid4()
    form = _submitted(token)

    def refuse():
        raise DomainError("备注不对", field="note")

    assert run_service(form, refuse) is None
    assert form.errors["note"] == ["备注不对"]
    assert not FormSubmission.objects.filter(token=token).exists()
    assert run_service(_submitted(token, "二"), lambda: "已保存") == "已保存"


def test_a_page_without_its_token_is_refused_with_a_message_above_the_form():
    from django.template.loader import render_to_string

    form = NoteForm({"note": "一"})
    assert not form.is_valid()
    assert STALE_PAGE in render_to_string("partials/form_fields.html", {"form": form})


def test_each_rendering_of_the_page_carries_a_new_token():
    first, second = NoteForm(), NoteForm()
    assert first["submission_token"].value() != second["submission_token"].value()
    assert 'type="hidden"' in str(first["submission_token"])


@pytest.mark.django_db
def test_a_constraint_violation_is_a_message_on_the_form(township_operator, county):
    from zugong.accounts.capabilities import Role

    def duplicate():
        return RoleAssignment.objects.create(user=township_operator, role=Role.OPERATOR, organization=county.township)

    form = _submitted(uuid.uuid4())
    assert run_service(form, duplicate) is None
    assert form.non_field_errors() == [CONFLICT]
    constraint_message("unique_role_assignment", "该用户已在该范围担任此角色")
    try:
        form = _submitted(uuid.uuid4())
        assert run_service(form, duplicate) is None
        assert form.non_field_errors() == ["该用户已在该范围担任此角色"]
    finally:
        from zugong.core import submissions

        submissions._MESSAGES.pop("unique_role_assignment")


@pytest.mark.django_db
def test_a_page_that_hits_a_constraint_shows_a_message_not_a_500(client, department_admin):
    from django.test import RequestFactory

    from zugong.core.middleware import ConflictMiddleware

    request = RequestFactory().post("/organizations/1/edit/")
    request.session = client.session
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    response = ConflictMiddleware(lambda r: None).process_exception(request, IntegrityError("UNIQUE constraint failed"))
    assert response.status_code == 302 and response["Location"] == "/organizations/1/edit/"
    assert [m.message for m in request._messages] == [CONFLICT]
    request = RequestFactory().post("/dues/pay/", HTTP_REFERER="http://testserver/members/7/?tab=dues")
    request.session = client.session
    request._messages = FallbackStorage(request)
    response = ConflictMiddleware(lambda r: None).process_exception(request, IntegrityError("UNIQUE constraint failed"))
    assert response["Location"] == "http://testserver/members/7/?tab=dues"  # back to the form, not the POST-only URL
    request = RequestFactory().post("/dues/pay/", HTTP_REFERER="https://elsewhere.example/")
    request.session = client.session
    request._messages = FallbackStorage(request)
    response = ConflictMiddleware(lambda r: None).process_exception(request, IntegrityError("UNIQUE constraint failed"))
    assert response["Location"] == "/dues/pay/"


@pytest.mark.django_db
def test_a_rate_limit_counts_every_attempt_in_its_window():
    now = dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=dt.UTC)
    assert [throttle.hit("code:addr:1", limit=3, window_seconds=60, now=now) for _ in range(5)] == [
        True, True, True, False, False]
    assert throttle.exceeded("code:addr:1", limit=3, window_seconds=60, now=now)
    assert not throttle.exceeded("code:addr:2", limit=3, window_seconds=60, now=now)
    later = now + dt.timedelta(seconds=40)  # the next minute's window
    assert throttle.hit("code:addr:1", limit=3, window_seconds=60, now=later)
    assert throttle.forget_before(later.replace(second=0)) == 1
    assert RateWindow.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_never_all_pass_a_rate_limit():
    results = at_once(*[lambda: throttle.hit("code:all", limit=5, window_seconds=3600) for _ in range(12)])
    assert sorted(results) == [False] * 7 + [True] * 5
    assert RateWindow.objects.get(key="code:all").count == 12


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_page_sent_four_times_at_once_acts_once():
    token = uuid.uuid4()
    saved = []

    def submit():
        form = _submitted(token)
        result = run_service(form, lambda: saved.append(1) or "已保存")
        return result or form.non_field_errors()[0]

    results = at_once(*[submit for _ in range(4)])
    assert sorted(results) == sorted(["已保存"] + [ALREADY_SUBMITTED] * 3)
    assert saved == [1]
