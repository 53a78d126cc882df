"""Materialized-path helpers shared by every record placed in the organization tree.

A path is the chain of organization ids, each written as a fixed-width run of
digits: organization 17 under organization 1 has path ``00000000010000000017``.
A subtree is then a string range — ``[prefix, prefix + 1)`` with the prefix read
as a number — which the database answers with an index range scan. Digits
only, so the range is the same under any collation (C, en_US, zh_CN …).
"""

from django.db.models import Q, QuerySet

SEGMENT_WIDTH = 10
ROOT = ""  # the prefix that covers the whole tree


def child_path(parent_path: str | None, pk: int) -> str:
    return f"{parent_path or ''}{pk:0{SEGMENT_WIDTH}d}"


def depth_of(path: str) -> int:
    return len(path) // SEGMENT_WIDTH


def subtree_upper_bound(prefix: str) -> str:
    return str(int(prefix) + 1).zfill(len(prefix))


def subtree_q(prefix: str, field: str = "path") -> Q:
    if prefix == ROOT:
        return Q()
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": subtree_upper_bound(prefix)})


def is_within(path: str, prefix: str) -> bool:
    return path.startswith(prefix)


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT_WIDTH]) for i in range(0, len(path), SEGMENT_WIDTH)]


def outermost(prefixes: list[str]) -> list[str]:
    """Drop prefixes already covered by a shorter one."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return sorted(kept)


class InTreeQuerySet(QuerySet):
    """Records placed in the organization tree; ``path_field`` names their tree path."""

    path_field = "path"

    def under(self, prefix_or_record):
        prefix = getattr(prefix_or_record, "path", prefix_or_record)
        return self.filter(subtree_q(prefix, self.path_field))
