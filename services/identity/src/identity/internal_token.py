"""The ``system`` access token identity mints for itself to call notify (scope ``notify:otp``)."""

from __future__ import annotations

import time

from identity.oidc import tokens
from servicekit.db import Database


class InternalToken:
    """Cached until a minute before it expires; signed with identity's current key."""

    def __init__(self, identity_ref: object, db: Database) -> None:
        self.identity_ref = identity_ref
        self.db = db
        self._token: str | None = None
        self._expires = 0.0

    async def __call__(self) -> str:
        from identity.context import Identity

        identity = self.identity_ref
        assert isinstance(identity, Identity)
        if self._token is None or time.time() > self._expires - 60:
            client_id = identity.settings.internal_client_id
            async with self.db.transaction() as session:
                self._token = await tokens.access_token(
                    session,
                    identity,
                    subject=client_id,
                    client_id=client_id,
                    scope="notify:otp",
                    acr="LoA1",
                    amr=["internal"],
                    principal_claims={
                        "kind": "system",
                        "roles": [],
                        "agencies": [],
                        "name": "motcua identity",
                    },
                )
            self._expires = time.time() + identity.settings.access_token_ttl
        return self._token
