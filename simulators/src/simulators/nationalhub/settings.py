"""Settings of the national hub simulator, from `NATIONALHUB_SIM_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from simulators._common import env_float, env_int

#: Development values only: the local stack gives the same ones to nationalsync. A real hub's
#: credentials never belong in the repository.
DEV_CLIENT_ID = "motcua-dev-client"
DEV_CLIENT_SECRET = "dev-national-hub-client-secret"  # noqa: S105 - development value, see above


@dataclass(frozen=True)
class NationalHubSimSettings:
    client_id: str = DEV_CLIENT_ID
    client_secret: str = DEV_CLIENT_SECRET
    #: Lifetime of an issued access token, in seconds.
    token_ttl: int = 3600
    #: Agency codes declared at the hub; empty: every well-formed DonViXuLy is accepted.
    agencies: frozenset[str] = field(default_factory=frozenset)
    #: How long the `timeout` fault holds its answer unless the fault says otherwise.
    timeout_fault_delay: float = 30.0
    #: Dossiers kept (oldest dropped), and API calls kept in the call log.
    max_records: int = 10000
    max_calls: int = 10000

    @classmethod
    def from_env(cls) -> NationalHubSimSettings:
        agencies = os.environ.get("NATIONALHUB_SIM_AGENCIES", "")
        return cls(
            client_id=os.environ.get("NATIONALHUB_SIM_CLIENT_ID") or DEV_CLIENT_ID,
            client_secret=os.environ.get("NATIONALHUB_SIM_CLIENT_SECRET") or DEV_CLIENT_SECRET,
            token_ttl=env_int("NATIONALHUB_SIM_TOKEN_TTL", 3600),
            agencies=frozenset(a.strip() for a in agencies.split(",") if a.strip()),
            timeout_fault_delay=env_float("NATIONALHUB_SIM_TIMEOUT_FAULT_DELAY", 30.0),
            max_records=env_int("NATIONALHUB_SIM_MAX_RECORDS", 10000),
            max_calls=env_int("NATIONALHUB_SIM_MAX_CALLS", 10000),
        )

    @property
    def uses_development_credentials(self) -> bool:
        return self.client_id == DEV_CLIENT_ID or self.client_secret == DEV_CLIENT_SECRET
