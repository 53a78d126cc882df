"""Fixtures shared by the statistics tests: the hand-built register of test_statistics."""

from zugong.statistics.tests.test_reports import higher  # noqa: F401  (fixture: a registered lower instance)
from zugong.statistics.tests.test_statistics import register  # noqa: F401  (fixture)
