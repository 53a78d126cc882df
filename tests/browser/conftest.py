"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ZUGONG_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    outside_requests: list[str] = []

    def note_request(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            outside_requests.append(request.url)

    page.on("request", note_request)
    csp_violations: list[str] = []  # every page runs under the Content-Security-Policy; a refusal fails the test
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not outside_requests, f"页面请求了其他主机：{outside_requests}"
    assert not csp_violations, f"内容安全策略拒绝了页面的内容：{csp_violations}"


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def wait_for_entry_keys(page) -> None:
    """A paper-entry form takes Enter and digits only once its script has set up; the browser's autofocus is earlier."""
    page.locator("form[data-paper-form][data-entry-ready]").first.wait_for(state="attached")
