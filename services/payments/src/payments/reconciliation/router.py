"""Reconciliation reports for operators: run one, list them, read one, export its differences as CSV."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date as Date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from payments import access
from payments.deps import RuntimeDep, SessionDep, WiringDep
from payments.paging import after_id
from payments.reconciliation import service
from payments.reconciliation.models import Discrepancy, ReconciliationRun
from payments.reconciliation.schemas import DiscrepancyRead, RunCreate, RunPage, RunRead, RunReport
from servicekit.auth import Principal, PrincipalDep
from servicekit.errors import Forbidden, NotFound
from servicekit.http import PageParamsDep, encode_cursor
from servicekit.i18n import Text

router = APIRouter(prefix="/v1/payments/reconciliations", tags=["reconciliation"])

CSV_COLUMNS = (
    "business_date",
    "kind",
    "transaction_type",
    "txn_ref",
    "payment_id",
    "agency_code",
    "our_amount",
    "gateway_amount",
    "our_status",
    "gateway_status",
    "detail",
)


class RunNotFound(NotFound):
    code = "reconciliation_not_found"
    detail = Text("Không có lần đối soát này.", "There is no such reconciliation run.")


def _scope(principal: Principal) -> list[str] | None:
    """Agencies whose differences the caller sees (None: all); refuses anyone else."""
    if access.is_system_admin(principal):
        return None
    if principal.kind == "official" and principal.roles & (access.REFUND_ROLES | {access.RECEPTION}):
        return sorted(principal.agencies)
    raise Forbidden()


@router.post(
    "",
    status_code=201,
    response_model=RunReport,
    summary="Đối soát một ngày với cổng thanh toán (quản trị hệ thống)",
    description="Chạy ngay; hằng ngày việc đối soát ngày hôm trước chạy tự động. 409 khi đang chạy.",
)
async def run_now(
    body: RunCreate, principal: access.SystemAdmin, runtime: RuntimeDep, wiring: WiringDep
) -> JSONResponse:
    run_id = await service.reconcile(
        runtime.db,
        runtime.outbox,
        wiring.gateways[body.provider],
        body.date,
        trigger="manual",
        actor=principal.subject,
    )
    assert run_id is not None
    async with runtime.db.transaction() as session:
        report = await _report(session, run_id, None)
    return JSONResponse(
        report.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/v1/payments/reconciliations/{run_id}"},
    )


@router.get("", response_model=RunPage, summary="Các lần đối soát, mới nhất trước")
async def list_runs(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParamsDep,
    date: Annotated[Date | None, Query(description="Ngày đối soát")] = None,
) -> RunPage:
    _scope(principal)
    statement = select(ReconciliationRun)
    if date is not None:
        statement = statement.where(ReconciliationRun.business_date == date)
    after = after_id(page.cursor)
    if after is not None:
        statement = statement.where(ReconciliationRun.id < after)
    rows = list(
        (await session.scalars(statement.order_by(ReconciliationRun.id.desc()).limit(page.limit + 1))).all()
    )
    items = rows[: page.limit]
    next_cursor = encode_cursor([items[-1].id]) if len(rows) > page.limit and items else None
    return RunPage(items=[RunRead.model_validate(r) for r in items], next_cursor=next_cursor)


async def _report(session: SessionDep, run_id: uuid.UUID, agencies: list[str] | None) -> RunReport:
    run = await session.get(ReconciliationRun, run_id)
    if run is None:
        raise RunNotFound()
    statement = select(Discrepancy).where(Discrepancy.run_id == run_id)
    if agencies is not None:
        statement = statement.where(Discrepancy.agency_code.in_(agencies))
    rows = (await session.scalars(statement.order_by(Discrepancy.kind, Discrepancy.txn_ref))).all()
    return RunReport(
        **RunRead.model_validate(run).model_dump(), items=[DiscrepancyRead.model_validate(r) for r in rows]
    )


@router.get("/{run_id}", response_model=RunReport, summary="Kết quả một lần đối soát")
async def get_run(run_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> RunReport:
    return await _report(session, run_id, _scope(principal))


@router.get(
    "/{run_id}/discrepancies.csv",
    summary="Xuất chênh lệch ra CSV (UTF-8, mở được bằng Excel)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_csv(run_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    report = await _report(session, run_id, _scope(principal))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in report.items:
        row = item.model_dump()
        writer.writerow(
            [report.business_date.isoformat(), *("" if row[c] is None else row[c] for c in CSV_COLUMNS[1:])]
        )
    name = f"doi-soat-{report.provider}-{report.business_date.isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
