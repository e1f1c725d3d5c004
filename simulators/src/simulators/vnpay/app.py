"""The VNPay gateway simulator as an ASGI app: `uvicorn simulators.vnpay.app:create_app --factory`.

VNPay's own paths: the payment page `/paymentv2/vpcpay.html`, the merchant API
`/merchant_webapi/api/transaction` (querydr, refund) and `/merchant_webapi/api/report` (the day's
transactions, for reconciliation). The simulator's controls are under `/simulator/`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from simulators._common import ensure_log_handler, simulator_app
from simulators.vnpay.gateway import PageError, VnpayGateway
from simulators.vnpay.pages import error_page, payment_page
from simulators.vnpay.settings import VnpaySimSettings
from simulators.vnpay.signing import hmac_sha512
from simulators.vnpay.state import IpnFault, ReportAdjustment

log = logging.getLogger("simulators.vnpay")

PAY_PATH = "/paymentv2/vpcpay.html"
API_PATH = "/merchant_webapi/api/transaction"
REPORT_PATH = "/merchant_webapi/api/report"


class IpnFaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["ok", "drop", "delay", "duplicate"]
    count: int | None = Field(None, ge=1, description="payments it applies to; none: until reset")
    delay: float = Field(0.0, ge=0, le=600, description="`delay`: seconds before the first IPN")
    copies: int = Field(2, ge=2, le=20, description="`duplicate`: IPNs sent at once")


class AdjustmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    kind: Literal["add", "alter_amount", "omit"]
    txn_ref: str = Field(min_length=1, max_length=100)
    amount: int | None = Field(None, gt=0, description="VND (not × 100)")


def gateway_of(request: Request) -> VnpayGateway:
    gateway: VnpayGateway = request.app.state.gateway
    return gateway


def vnpay_router() -> APIRouter:
    router = APIRouter(tags=["vnpay"])

    @router.get(PAY_PATH, response_class=HTMLResponse, summary="The payment page a redirect opens")
    async def pay_page(request: Request) -> HTMLResponse:
        try:
            txn = gateway_of(request).open_payment(dict(request.query_params))
        except PageError as exc:
            log.info("payment page refused: %s %s", exc.code, exc.detail)
            return HTMLResponse(error_page(exc.code, exc.detail), status_code=400)
        return HTMLResponse(payment_page(txn))

    @router.post("/paymentv2/pay", summary="The customer pays or cancels; the browser goes back")
    async def pay(
        request: Request,
        token: Annotated[str, Form()],
        action: Annotated[Literal["pay", "cancel"], Form()] = "pay",
        bank_code: Annotated[str, Form()] = "",
        outcome: Annotated[str, Form()] = "00",
    ) -> Response:
        settled = gateway_of(request).settle(token, action=action, bank_code=bank_code, outcome=outcome)
        if settled is None:
            return HTMLResponse(error_page("03", "unknown payment"), status_code=404)
        return RedirectResponse(settled.return_url, status_code=302)

    @router.post(API_PATH, summary="Merchant API: querydr and refund")
    async def merchant_api(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"vnp_ResponseCode": "03", "vnp_Message": "JSON object expected"})
        return JSONResponse(gateway_of(request).api(body))

    @router.get(REPORT_PATH, summary="The day's successful transactions and refunds (CSV, signed)")
    async def report(request: Request) -> Response:
        gateway = gateway_of(request)
        code, day = gateway.check_report_request(dict(request.query_params))
        if day is None:
            return JSONResponse({"vnp_ResponseCode": code}, status_code=400)
        body = gateway.report_csv(day)
        signature = hmac_sha512(gateway.settings.hash_secret, body.encode("utf-8"))
        return PlainTextResponse(
            body, media_type="text/csv; charset=utf-8", headers={"X-VNPAY-SecureHash": signature}
        )

    return router


def control_router() -> APIRouter:
    router = APIRouter(prefix="/simulator", tags=["simulator"])

    @router.get("/transactions", summary="Payments opened so far, oldest first")
    async def transactions(request: Request) -> list[dict[str, Any]]:
        return [t.to_json() for t in gateway_of(request).store.all()]

    @router.get("/transactions/{txn_ref}", summary="One payment")
    async def transaction(txn_ref: str, request: Request) -> dict[str, Any]:
        gateway = gateway_of(request)
        txn = gateway.store.get(gateway.settings.tmn_code, txn_ref)
        if txn is None:
            raise HTTPException(404, detail=f"no payment {txn_ref}")
        return txn.to_json()

    @router.post("/transactions/{txn_ref}/ipn", summary="Send the payment's IPN once more, now")
    async def resend_ipn(txn_ref: str, request: Request) -> dict[str, Any]:
        gateway = gateway_of(request)
        txn = gateway.store.get(gateway.settings.tmn_code, txn_ref)
        if txn is None:
            raise HTTPException(404, detail=f"no payment {txn_ref}")
        if txn.status == "pending":
            raise HTTPException(409, detail="the payment is not settled yet")
        if not gateway.settings.ipn_url:
            raise HTTPException(409, detail="no IPN URL configured (VNPAY_SIM_IPN_URL)")
        await gateway.send_ipn(txn)
        return txn.ipn_attempts[-1].to_json()

    @router.get("/ipn-fault", summary="How the next IPNs are delivered")
    async def get_fault(request: Request) -> dict[str, Any]:
        return gateway_of(request).ipn_fault.to_json()

    @router.post("/ipn-fault", summary="Drop, delay or duplicate the next IPNs")
    async def set_fault(body: IpnFaultRequest, request: Request) -> dict[str, Any]:
        gateway = gateway_of(request)
        gateway.ipn_fault = IpnFault(body.mode, body.count, body.delay, body.copies)
        return gateway.ipn_fault.to_json()

    @router.delete("/ipn-fault", status_code=204, summary="IPNs back to normal")
    async def clear_fault(request: Request) -> None:
        gateway_of(request).ipn_fault = IpnFault()

    @router.post("/report-adjustments", status_code=201, summary="Put a deliberate error in a day's report")
    async def adjust(body: AdjustmentRequest, request: Request) -> dict[str, Any]:
        gateway = gateway_of(request)
        if body.kind != "omit" and body.amount is None:
            raise HTTPException(422, detail="amount is needed for add and alter_amount")
        adjustment = ReportAdjustment(
            body.date, body.kind, body.txn_ref, body.amount, gateway.store.next_transaction_no()
        )
        gateway.adjustments.append(adjustment)
        return adjustment.to_json()

    @router.get("/report-adjustments", summary="The injected report errors")
    async def adjustments(request: Request) -> list[dict[str, Any]]:
        return [a.to_json() for a in gateway_of(request).adjustments]

    @router.delete("/report-adjustments", status_code=204, summary="Correct reports again")
    async def clear_adjustments(request: Request) -> None:
        gateway_of(request).adjustments.clear()

    @router.delete("/transactions", status_code=204, summary="Forget every payment")
    async def clear(request: Request) -> None:
        gateway_of(request).store.clear()

    return router


def create_app(settings: VnpaySimSettings | None = None) -> FastAPI:
    settings = settings or VnpaySimSettings.from_env()
    ensure_log_handler()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(trust_env=False) as client:
            gateway = VnpayGateway(settings, client)
            app.state.gateway = gateway
            if settings.uses_development_secret:
                log.info("VNPay simulator uses the development hash secret (VNPAY_SIM_HASH_SECRET)")
            try:
                yield
            finally:
                await gateway.close()

    app = simulator_app(
        "VNPay gateway simulator",
        "VNPay 2.1.0: signed payment URL and page, return, IPN with retries, querydr/refund, daily report.",
        lifespan,
    )
    app.state.settings = settings
    app.include_router(vnpay_router())
    app.include_router(control_router())
    return app
