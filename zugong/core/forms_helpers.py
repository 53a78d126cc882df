"""Running a service from a form: a refusal becomes an error on the field it names; a double submit or a
constraint violation becomes a message on the form (``core.submissions``)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from zugong.core.access import DomainError
from zugong.core.submissions import SUBMISSION_FIELD, claim_submission, integrity_message


def run_service[T](form: forms.Form, service: Callable[[], T]) -> T | None:
    """Run ``service``; a form with a one-time token runs it in one transaction with the token's claim."""
    token = form.cleaned_data.get(SUBMISSION_FIELD)
    try:
        if token is None:
            return service()
        with transaction.atomic():
            claim_submission(token)
            return service()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    except IntegrityError as error:
        form.add_error(None, integrity_message(error))
    return None


def form_page(
    request,
    form: forms.Form,
    service: Callable[[dict], Any],
    *,
    done: str | Callable[[Any], str],
    template: str,
    context: dict,
    then: Callable[[Any], Any] | None = None,
):
    """The page of one use case: show the form; on a valid POST run the service and redirect.

    ``then`` maps the service's result to the redirect target (default: the result itself).
    """
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: service(form.cleaned_data))
        if result is not None:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(then(result) if then else result)
    return render(request, template, {"form": form, **context})
