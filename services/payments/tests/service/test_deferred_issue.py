"""An order the catalogue could not quote when the dossier was received (catalogue down) is issued by
the housekeeper once the catalogue answers again: the dossier never waits for nothing (R-PAY-3).

Its own module: the payments here must be the only consumer in the group on this module's broker."""

from __future__ import annotations

import uuid

from payments.orders.expiry import Housekeeper
from servicekit.app import runtime_of
from servicekit.localinfra import free_port
from servicekit.testing import TokenFactory
from services.payments.tests.service.support import LLTP_ONLINE, running_catalog, served_payments


async def test_an_order_the_catalogue_could_not_quote_is_issued_when_it_is_back(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> None:
    port = free_port()
    async with served_payments(
        server_url=pg_server_url,
        kafka=kafka_topics,
        tokens=token_factory,
        catalog_url=f"http://127.0.0.1:{port}",
    ) as payments:
        subject = f"citizen-{uuid.uuid4()}"
        received = await payments.receive(subject)
        await payments.order_of_none(received.dossier_id, subject)  # the catalogue is down: nothing yet
        runtime = runtime_of(payments.app)
        housekeeper = Housekeeper(runtime.db, runtime.outbox, payments.app.state.payments, poll_seconds=60)
        assert (await housekeeper.run_once())["issued"] == 0  # still down: still owed, nothing lost
        async with running_catalog(pg_server_url, token_factory, port=port):
            assert (await housekeeper.run_once())["issued"] == 1
            order = await payments.order_of(received.dossier_id, subject)
            assert order["amount"] == LLTP_ONLINE and order["status"] == "created"
