"""Demo village collective income (示范村级集体经济收入): last year's income for every village, about two thirds at
or above the policy target (``economy.village_income_target``), the rest spread below it, so the economy page of
the demo has a figure for every village and a share to compare with the target share."""

from decimal import Decimal

from zugong.core.policy import policy_value
from zugong.organizations import demo
from zugong.organizations.models import WorkUnit
from zugong.statistics.models import VillageIncome
from zugong.statistics.policies import INCOME_TARGET

AT_TARGET = 0.68  # share of villages at or above the target in the demo (seed 000 aims at 70 % in 3–5 years)


def add_village_incomes(ctx: demo.DemoContext) -> None:
    rng, year = ctx.rng, ctx.today.year - 1
    target = Decimal(str(policy_value(INCOME_TARGET.key)))
    incomes = []
    for pk in WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, is_closed=False).order_by("pk").values_list(
            "pk", flat=True).iterator():
        factor = rng.uniform(1, 6) if rng.random() < AT_TARGET else rng.uniform(0.1, 0.98)
        incomes.append(VillageIncome(village_id=pk, year=year, amount=(target * Decimal(f"{factor:.3f}")).quantize(
            Decimal("0.01"))))
    VillageIncome.objects.bulk_create(incomes, batch_size=demo.BATCH)


demo.register_step(add_village_incomes)
demo.RESET_MODELS.insert(0, VillageIncome)  # before the work units it points to
