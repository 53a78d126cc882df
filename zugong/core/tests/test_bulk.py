"""Bulk writing: plain rows get the defaults and timestamps a saved object would, in the rows' order; a long
batch leaves the garbage collector as it found it."""

import gc

import pytest
from django.contrib.contenttypes.models import ContentType

from zugong.core.bulk import insert_rows, young_garbage_only
from zugong.core.models import AuditEvent
from zugong.organizations.models import WorkUnit
from zugong.organizations.services import create_root_organization


def test_plain_rows_are_stored_in_order_with_their_defaults(db):
    root = create_root_organization("示范县委")
    rows = [{"name": f"单位{n}", "kind": WorkUnit.Kind.VILLAGE, "managed_by_id": root.pk} for n in range(3)]
    pks = insert_rows(WorkUnit, rows)
    stored = WorkUnit.objects.in_bulk(pks)
    assert [stored[pk].name for pk in pks] == ["单位0", "单位1", "单位2"]
    first = stored[pks[0]]
    assert (first.is_closed, first.credit_code, first.employee_count, first.covered_by) == (False, "", None, None)
    assert first.created_at is not None and first.managed_by == root


def test_rows_with_json_and_timestamps_are_stored(db):
    kind = ContentType.objects.get_for_model(WorkUnit).pk
    pks = insert_rows(AuditEvent, [{"action": AuditEvent.Action.CREATE, "object_type_id": kind, "object_id": "1",
                                    "object_repr": "甲", "subject_type_id": kind, "subject_id": "1",
                                    "changes": {"姓名": [None, "甲"]}}])
    event = AuditEvent.objects.get(pk=pks[0])
    assert event.changes == {"姓名": [None, "甲"]} and event.at is not None and event.message == ""


def test_a_failed_batch_leaves_the_garbage_collector_running():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), young_garbage_only() as collect_young:
        assert not gc.isenabled()
        collect_young()
        raise RuntimeError
    assert gc.isenabled()
