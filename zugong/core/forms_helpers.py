"""Running a service from a form: a refusal becomes an error on the field it names."""

from collections.abc import Callable

from django import forms

from zugong.core.access import DomainError


def run_service[T](form: forms.Form, service: Callable[[], T]) -> T | None:
    try:
        return service()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None
