"""The talent level as data (人才层次认定): the rule table says what a degree, a title grade or an award's level
makes a talent; the one function ``level_for`` applies it, for the form, the import and the services alike."""

from collections.abc import Iterable

from zugong.talent.models import LEVEL_RANK, Level, LevelRule

B = LevelRule.Basis


def active_rules() -> list[tuple[str, str, str]]:
    return list(LevelRule.objects.filter(is_active=True).values_list("basis", "value", "level"))


def level_for(*, degree: str, title_grade: str, award_levels: Iterable[str],
              rules: list[tuple[str, str, str]] | None = None) -> str:
    """The highest level any active rule gives the talent's degree, title grade or one of its award levels."""
    rules = active_rules() if rules is None else rules
    facts = {(B.DEGREE, degree), (B.TITLE, title_grade)} | {(B.AWARD, level) for level in award_levels}
    found = [level for basis, value, level in rules if (basis, value) in facts]
    return max(found, key=lambda level: LEVEL_RANK[level], default=Level.GENERAL)


def refresh_level(talent) -> str:
    """Computes the talent's level again from its degree, title and awards and saves it when it changed."""
    level = level_for(degree=talent.degree, title_grade=talent.title_grade,
                      award_levels=talent.awards.values_list("level", flat=True))
    if level != talent.level:
        talent.level = level
        talent.save(update_fields=["level"])
    return level
