"""What other areas show on an organization's page (组织概况): a figure (members, study days …) and the link to
that area's list filtered to the organization's subtree. Each area registers its own (``register_figure``), as
members register their close blocker: the organization page imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    url: str
    count: int | None = None  # None: a link without a figure
    order: int = 100
    testid: str = ""


FIGURES: list[Callable] = []  # (user, organization) -> Figure | None


def register_figure(function: Callable) -> Callable:
    FIGURES.append(function)
    return function


def figures_for(user, org) -> list[Figure]:
    shown = (function(user, org) for function in FIGURES)
    return sorted((figure for figure in shown if figure is not None), key=lambda figure: figure.order)
