"""A real browser (headless Chromium) goes through VNPay's payment page and lands on the portal's
result page through the gateway: what a citizen sees, in Vietnamese, after paying (R-FMT-6)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from servicekit.testing import TokenFactory
from tests.e2e.identity_support import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, ensure_chromium
from tests.e2e.test_payments import payment_of, received_lltp_dossier

pytestmark = pytest.mark.e2e


@pytest.fixture
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium with its own profile, asking for Vietnamese pages."""
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument("--lang=vi")
    # Headless Chromium ignores --lang for Accept-Language: the page language comes from this.
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi-VN,vi"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


async def checkout_url(gateway_url: str, tokens: TokenFactory, citizen: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=20) as gateway:
        dossier = await received_lltp_dossier(gateway, tokens, citizen)
        payment = await payment_of(gateway, tokens, citizen, dossier["id"])
        started = await gateway.post(
            f"/v1/payments/{payment['id']}/checkout",
            json={"gateway": "vnpay", "locale": "vn"},
            headers=tokens.headers(citizen) | {"Idempotency-Key": str(uuid.uuid4())},
        )
        assert started.status_code == 201, started.text
        return payment["id"], started.json()["redirect_url"]


async def receipt_number(gateway_url: str, tokens: TokenFactory, citizen: str, payment_id: str) -> str:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=20) as gateway:
        response = await gateway.get(f"/v1/payments/{payment_id}", headers=tokens.headers(citizen))
    number: str = response.json()["receipt"]["number"]
    return number


def test_a_citizen_pays_on_vnpays_page_and_lands_on_the_result_page(
    stack: Any, e2e_tokens: TokenFactory, chromium: Any
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    gateway_url = stack.url("gateway")
    payment_id, redirect_url = asyncio.run(checkout_url(gateway_url, e2e_tokens, citizen))

    chromium.get(redirect_url)
    wait = WebDriverWait(chromium, 30)
    amount = wait.until(EC.presence_of_element_located((By.ID, "amount")))
    assert amount.text == "100.000 VND"
    chromium.find_element(By.CSS_SELECTOR, 'button[name="action"][value="pay"]').click()

    outcome = wait.until(EC.presence_of_element_located((By.ID, "outcome")))
    assert chromium.current_url.startswith(f"{gateway_url}/v1/payment-gateways/vnpay/return?")
    assert outcome.get_attribute("data-outcome") == "succeeded"
    assert outcome.text == "Thanh toán thành công"
    page = chromium.find_element(By.TAG_NAME, "body").text
    assert "100.000 đồng" in page and "Quay lại Cổng Dịch vụ công" in page
    assert asyncio.run(receipt_number(gateway_url, e2e_tokens, citizen, payment_id)) in page
