from django.urls import reverse

from zugong.core.checks import run_checks


def test_the_dashboard_counts_and_findings_cover_only_the_user_scope(client, county, township_operator):
    run_checks()
    client.force_login(township_operator)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="org-total">3<' in page
    assert "东风村党支部没有换届选举记录" in page
    assert "南山" not in page


def test_findings_can_be_filtered_by_check(client, county, department_admin):
    run_checks()
    client.force_login(department_admin)
    page = client.get(reverse("core:dashboard") + "?check=organizations.no_secretary").content.decode()
    assert "未配备书记" in page
    assert "没有换届选举记录" not in page


def test_the_interface_switches_to_english_and_back(client, department_admin):
    client.force_login(department_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "工作台" in client.get("/").content.decode()


def test_the_browser_language_alone_does_not_switch_to_english(client, department_admin):
    client.force_login(department_admin)
    assert "工作台" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
