"""A real browser (Debian's headless Chromium through chromedriver): single sign-on from the national
portal without a second login (R-ID-2), and password + emailed code through to a protected API."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from stack import Stack

from tests.e2e.identity_support import DEMO_PASSWORD, Portal, code_from_mail_sink, notify_delivers_otp

# One registration of the fixtures (a session-scoped stack shared by both modules).
pytest_plugins = ["tests.e2e.identity_support"]


def wait_for(driver: Any, element_id: str, timeout: float = 20) -> Any:
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.ID, element_id)))


def sign_in_form(driver: Any, username: str) -> None:
    wait_for(driver, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.ID, "sign-in").click()


def test_signed_in_at_the_national_portal_lands_signed_in_at_the_portal(
    identity_stack: Stack, portal: Portal, browser: Any
) -> None:
    browser.get(f"{identity_stack.national_issuer}/oauth2/account")
    sign_in_form(browser, "001190054321")
    assert "Trần Thị Bình" in wait_for(browser, "welcome").text
    seen: list[str] = []
    browser.get(f"{portal.base_url}/login")
    heading = wait_for(browser, "signed-in")
    seen.append(browser.current_url)
    assert "Trần Thị Bình" in heading.text
    assert browser.current_url.startswith(portal.base_url)
    # Nothing was typed: the identity provider's sign-in form never appeared on the way.
    assert not browser.find_elements(By.ID, "username")


def test_password_and_an_emailed_code_reach_a_protected_api(
    identity_stack: Stack, portal: Portal, browser: Any
) -> None:
    assert asyncio.run(notify_delivers_otp(identity_stack)), (
        "notify must serve POST /internal/v1/otp-deliveries"
    )
    since = datetime.now(UTC).isoformat()
    browser.get(f"{portal.base_url}/login")
    sign_in_form(browser, "tiepnhan")
    field = wait_for(browser, "code")
    code = asyncio.run(code_from_mail_sink(identity_stack, "tiepnhan@g12.example.gov.vn", since=since))
    field.send_keys(code)
    browser.find_element(By.ID, "verify").click()
    assert "Phạm Thị Tiếp Nhận" in wait_for(browser, "signed-in").text
    browser.get(f"{portal.base_url}/api/me")
    body = json.loads(browser.find_element(By.TAG_NAME, "body").text)
    assert body["username"] == "tiepnhan" and body["roles"] == ["reception_officer"]
    assert body["agency_code"] == "000.00.00.G12"
