"""Dashboard panels: each domain app registers what it adds to the home page for a user's scope."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (user) -> dict
    order: int


PANELS: list[Panel] = []


def register_panel(template: str, order: int = 100):
    def decorator(function):
        PANELS.append(Panel(template=template, context=function, order=order))
        PANELS.sort(key=lambda p: p.order)
        return function

    return decorator


def panels_for(user) -> list[dict]:
    return [{"template": p.template, **p.context(user)} for p in PANELS]
