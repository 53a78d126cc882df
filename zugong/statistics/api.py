"""API for statistics (统计接口): the member tables as of a day, for other systems."""

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from zugong.core.api_types import Day, Id
from zugong.organizations.selectors import access_organization, scope_roots
from zugong.statistics import forms, selectors, snapshots

router = Router(tags=["statistics"])


class CellOut(Schema):
    key: str
    label: str
    count: int
    amount: Decimal | None  # money tables (dues): the sum in yuan beside the number of payments
    subtotal: bool


class TableOut(Schema):
    key: str
    title: str
    total: int
    total_amount: Decimal | None
    cells: list[CellOut]


class StatisticsOut(Schema):
    organization_id: int
    day: dt.date
    finalized: bool  # read from the day's finalized statistics (年报定稿), not counted now
    tables: list[TableOut]


@router.get("/statistics/members", response=StatisticsOut)
def member_statistics(request, organization_id: Id | None = None, day: Day | None = None, live: bool = False):
    root = (access_organization(request.user, organization_id) if organization_id is not None
            else scope_roots(request.user, "members.view").first())
    if root is None:
        from django.http import Http404

        raise Http404
    day = day or forms.default_day()
    kept = None if live else snapshots.figures(request.user, day, root.path)
    figures = kept if kept is not None else selectors.tables(request.user, day, root.path, live=True)
    return {"organization_id": root.pk, "day": day, "finalized": kept is not None, "tables": [
        {"key": f.table.key, "title": str(f.table.title), "total": f.total, "total_amount": f.amount(None),
         "cells": [{"key": c.key, "label": str(c.label), "count": n, "amount": f.amount(c.key), "subtotal": c.subtotal}
                   for c, n in f.rows()]}
        for f in figures]}
