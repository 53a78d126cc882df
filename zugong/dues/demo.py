"""Demo dues: a year of monthly payments, most members on time, some behind (a few past six months)."""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from zugong.core.dates import add_months, month_start
from zugong.dues.models import DuesArrearsReason, DuesPayment
from zugong.dues.rates import RateTable
from zugong.dues.services import months_between
from zugong.members.models import Member
from zugong.organizations import demo


def add_payments(ctx: demo.DemoContext) -> None:
    rng, current = ctx.rng, month_start(ctx.today)
    table = RateTable.load()
    batch: list[tuple] = []
    now = timezone.now()
    reasons: list[DuesArrearsReason] = []
    rows = Member.objects.active().order_by("pk").values_list(
        "pk", "organization_id", "dues_category", "dues_base", "dues_from")
    for pk, org_id, category, base, dues_from in list(rows):
        luck = rng.random()
        if luck < 0.01:
            stop = add_months(current, -rng.randint(7, 9))  # past the lapse threshold
            if rng.random() < 0.3:
                reasons.append(DuesArrearsReason(member_id=pk, reason="长期患病住院，经党支部研究暂缓交纳",
                                                 recorded_on=ctx.today - dt.timedelta(days=20)))
        elif luck < 0.03:
            stop = add_months(current, -rng.randint(3, 5))  # a warning
        elif luck < 0.08:
            stop = add_months(current, -1)  # last month not yet paid
        elif luck < 0.55:
            stop = current  # this month not yet paid
        else:
            stop = add_months(current, 1)
        for month in months_between(dues_from, add_months(stop, -1)):
            due = table.due(category, base, month)
            if due is None:
                continue
            paid_on = min(ctx.today, month + dt.timedelta(days=rng.randint(2, 25)))
            batch.append((pk, month, due, due, paid_on, org_id, now))
        if len(batch) >= demo.BATCH * 5:
            _insert(batch)
            batch = []
    _insert(batch)
    DuesArrearsReason.objects.bulk_create(reasons, batch_size=demo.BATCH)


def _insert(rows: list[tuple]) -> None:
    """A year of payments is ~12 rows a member: plain executemany, as the ORM's bulk_create spends 4× longer
    compiling SQL than the database spends inserting."""
    table = DuesPayment._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (member_id, month, amount, due_amount, paid_on, organization_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)


demo.register_step(add_payments)
demo.RESET_MODELS[:0] = [DuesPayment, DuesArrearsReason]  # before the members they point to
