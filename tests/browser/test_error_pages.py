"""The site's own error pages in a browser, on a desktop and a phone: Chinese, styled, nothing overflowing."""

import pytest

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD

PHONE = {"width": 390, "height": 844}
NOT_FOUND = "未找到该页面或记录，或它不在您的权限范围内。"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def styled(page) -> bool:
    """Bootstrap's stylesheet applied: the navigation bar is the party red, not an unstyled list."""
    colour = page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    return colour == "rgb(181, 18, 27)"


@pytest.mark.browser
def test_an_out_of_scope_record_shows_the_404_page_with_the_navigation(page, county, township_operator):
    log_in(page, "township", PASSWORD)
    response = page.goto(f"/organizations/{county.other_township.pk}/")
    assert response.status == 404
    assert page.get_by_test_id("not-found").inner_text() == NOT_FOUND
    assert page.get_by_test_id("current-user").is_visible() and styled(page) and fits(page)
    shot(page, "error-404-signed-in")
    page.set_viewport_size(PHONE)
    assert fits(page)
    shot(page, "error-404-signed-in-phone")


@pytest.mark.browser
@pytest.mark.urls("tests.browser.error_urls")
def test_someone_not_signed_in_sees_the_404_and_500_pages_without_navigation(page, db):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_test_id("not-found").inner_text() == NOT_FOUND
    assert page.get_by_test_id("current-user").count() == 0 and styled(page) and fits(page)
    shot(page, "error-404")
    response = page.goto("/test-failure/")
    assert response.status == 500
    assert "系统处理请求时出错，已记录日志" in page.get_by_test_id("server-error").inner_text()
    assert styled(page) and fits(page)
    shot(page, "error-500")
    page.set_viewport_size(PHONE)
    assert fits(page)
    shot(page, "error-500-phone")
    page.goto("/no-such-page/")
    assert fits(page)
    shot(page, "error-404-phone")
