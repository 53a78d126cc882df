"""A page sent twice (重复提交, a double click): the mutual-aid grant is paid once and the page says so; the cadre
form pages render their one-time token hidden, without a stray label."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.education.models import MutualAidGrant

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_aid_grant_sent_twice_is_paid_once(page, county, branch_secretary, full_members):
    log_in(page, "branch", PASSWORD)
    page.goto(reverse("education:aid_new", args=[full_members[0].pk]))
    page.get_by_label("金额（元）").fill("500")
    page.get_by_label("事由").fill("因病住院")
    # a double click: the first submission reaches the server, its answer is dropped, the second follows
    first = page.evaluate("""() => {
        const form = document.querySelector("input[name=submission_token]").form;
        return fetch(location.href, {method: "POST", body: new FormData(form), redirect: "manual"})
            .then(response => response.type === "opaqueredirect" ? 302 : response.status);
    }""")
    assert first == 302 and MutualAidGrant.objects.count() == 1
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("form-error")).to_have_text(ALREADY_SUBMITTED)
    shot(page, "education-aid-sent-twice")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "education-aid-sent-twice-mobile")
    assert MutualAidGrant.objects.count() == 1


def test_the_cadre_forms_show_no_token_field(page, county, department_admin):
    from zugong.cadres.tests.test_training import make_cadre

    cadre = make_cadre(county.township)
    log_in(page, "admin", PASSWORD)
    page.goto(reverse("cadres:family_add", args=[cadre.pk]))
    expect(page.locator("input[name=submission_token]")).to_be_hidden()
    expect(page.get_by_text("Submission token")).to_have_count(0)
    shot(page, "cadres-family-add")
    page.goto(reverse("cadres:new"))
    expect(page.get_by_text("Submission token")).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "cadres-new-mobile")
