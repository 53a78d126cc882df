import json

from zugong.core.models import AuditEvent
from zugong.core.validators import uscc_check_char
from zugong.organizations.models import Organization, WorkUnit


def post(client, url, data, method="POST"):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def test_create_edit_and_move_through_the_api_are_audited(client, county, department_admin):
    client.force_login(department_admin)
    response = post(client, "/api/v1/organizations",
                    {"parent_id": county.township.pk, "name": "东风镇机关党总支", "kind": "general_branch", "sector": "agency"})
    assert response.status_code == 201
    created = response.json()
    assert created["parent_id"] == county.township.pk and created["depth"] == 3
    response = post(client, f"/api/v1/organizations/{created['id']}", {"contact_phone": "0791-1"}, "PATCH")
    assert response.json()["contact_phone"] == "0791-1"
    response = post(client, f"/api/v1/organizations/{county.village.pk}/move", {"parent_id": created["id"]})
    assert response.status_code == 200 and response.json()["parent_id"] == created["id"]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "move"]


def test_a_refusal_is_a_400_with_the_chinese_message_and_the_field(client, county, department_admin):
    client.force_login(department_admin)
    response = post(client, f"/api/v1/organizations/{county.township.pk}/move", {"parent_id": county.village.pk})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "不能把「东风镇党委」调整到它自己或它的下级组织「东风村党支部」之下", "field": "parent",
    }
    assert Organization.objects.get(pk=county.township.pk).parent_id == county.county.pk


def test_a_missing_organization_is_a_404_with_a_chinese_message(client, department_admin):
    client.force_login(department_admin)
    response = client.get("/api/v1/organizations/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录，或不在您的权限范围内"}


def test_a_work_unit_with_a_bad_credit_code_is_created_with_a_warning(client, county, township_operator):
    client.force_login(township_operator)
    body = "91360000MA35ABCDE"
    good = uscc_check_char(body)
    bad = "0" if good != "0" else "1"
    response = post(client, "/api/v1/work-units", {
        "name": "红星厂", "kind": "private_enterprise", "managed_by_id": county.township.pk,
        "credit_code": body + bad, "employee_count": 40,
    })
    assert response.status_code == 201
    assert response.json()["warnings"] == [f"统一社会信用代码校验位不符（按 GB 32100 应为 {good}），请核对"]
    assert WorkUnit.objects.get(name="红星厂").credit_code == body + bad


def test_the_api_refuses_anonymous_requests(client, county):
    assert client.get("/api/v1/organizations").status_code in (302, 401)
