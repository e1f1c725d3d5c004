"""VNPay's endpoints: the IPN (public, called by VNPay) and the browser return (public, a page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from payments.deps import RuntimeDep, WiringDep
from payments.gateways.vnpay import callbacks
from payments.gateways.vnpay.pages import render
from servicekit.i18n import current_language

router = APIRouter(prefix="/v1/payment-gateways/vnpay", tags=["payment-gateways"])


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        form = await request.form()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def _remote(request: Request) -> str | None:
    forwarded = request.headers.get("x-forwarded-for", "")
    return forwarded.split(",")[0].strip() or (request.client.host if request.client else None)


IPN_DESCRIPTION = (
    'VNPay báo kết quả một giao dịch; trả lời `{"RspCode", "Message"}`: 00 đã ghi nhận, 01 không tìm '
    "thấy đơn hàng, 02 đơn hàng đã được xác nhận, 04 sai số tiền, 97 sai chữ ký, 99 lỗi khác (R-FMT-6)."
)


async def _ipn(request: Request, runtime: RuntimeDep, wiring: WiringDep) -> JSONResponse:
    params = await _params(request)
    answer = await callbacks.ipn(runtime.db, runtime.outbox, wiring.vnpay, params, remote=_remote(request))
    return JSONResponse(answer)


@router.get(
    "/ipn",
    summary="IPN của VNPay (máy chủ gọi máy chủ)",
    description=IPN_DESCRIPTION,
    response_model=dict[str, str],
)
async def ipn(request: Request, runtime: RuntimeDep, wiring: WiringDep) -> JSONResponse:
    return await _ipn(request, runtime, wiring)


@router.post(
    "/ipn", summary="IPN của VNPay, gửi bằng POST", description=IPN_DESCRIPTION, response_model=dict[str, str]
)
async def ipn_post(request: Request, runtime: RuntimeDep, wiring: WiringDep) -> JSONResponse:
    return await _ipn(request, runtime, wiring)


@router.get(
    "/return",
    summary="Trang người nộp quay về sau khi thanh toán",
    description=(
        "Chỉ hiển thị: kết quả do IPN hoặc truy vấn trực tiếp VNPay (querydr) quyết định, không dựa vào "
        "tham số trình duyệt mang về. `Accept: application/json` cho kết quả dạng JSON."
    ),
    response_class=HTMLResponse,
)
async def browser_return(request: Request, runtime: RuntimeDep, wiring: WiringDep) -> Response:
    params = dict(request.query_params)
    view = await callbacks.browser_return(
        runtime.db, runtime.outbox, wiring.vnpay, params, remote=_remote(request)
    )
    portal = wiring.settings.portal_payment_page_url or wiring.settings.public_base_url
    status, key, html = render(view, lang=current_language.get(), portal_url=portal)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(
            {
                "outcome": key,
                "payment_id": str(view.order.id) if view.order else None,
                "payment_status": view.order.status if view.order else None,
                "receipt_number": view.receipt_number,
                "gateway_unavailable": view.gateway_unavailable,
            },
            status_code=status,
        )
    if wiring.settings.portal_payment_page_url and view.order is not None:
        target = f"{wiring.settings.portal_payment_page_url}?payment_id={view.order.id}&outcome={key}"
        return RedirectResponse(target, status_code=303)
    return HTMLResponse(html, status_code=status)
