"""Full-ID exports (导出完整身份证号) are written to the history like a single reveal (issue 15, item 8)."""

import datetime as dt

from django.urls import reverse

from zugong.core.audit import history_of
from zugong.core.models import AuditEvent
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for


def _register(county, department_admin):
    for n, (org, gender_digit) in enumerate([(county.village, 1), (county.village, 2), (county.village2, 3),
                                            (county.other_village, 5)], start=1):
        create_member(department_admin, **fields(org, name=f"党员{n}", id_number=id_for(dt.date(1970, 1, n), gender_digit)))


def test_an_export_with_full_id_numbers_is_in_the_history_with_scope_filter_and_count(client, county, department_admin):
    _register(county, department_admin)
    client.force_login(department_admin)
    client.get(reverse("members:export"), {"organization": county.township.pk, "gender": "male"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT_SENSITIVE)
    assert event.actor == department_admin
    assert event.changes == {"导出范围": [None, "东风镇党委（含下级）"], "筛选条件": [None, "党组织（含下级）：东风镇党委；性别：男"],
                             "记录数": [None, 2]}
    assert event.message == "导出党员名册 Excel，含完整身份证号 2 条"
    assert list(history_of(county.township)) == [event]

    client.get(reverse("members:export"))
    whole = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_SENSITIVE).first()
    assert (whole.object_repr, whole.changes["筛选条件"][1], whole.changes["记录数"][1]) == ("示范县委", "无", 4)


def test_a_masked_export_is_not_a_sensitive_event(client, county, department_admin, township_operator):
    _register(county, department_admin)
    client.force_login(township_operator)
    assert client.get(reverse("members:export")).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_SENSITIVE).exists()
