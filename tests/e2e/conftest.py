"""End-to-end fixtures: the whole stack as real processes (deploy/local/stack.py), on free ports,
with its own embedded PostgreSQL and broker, driven through the gateway."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from servicekit.testing import TokenFactory

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "local"))

from stack import Stack  # noqa: E402


@pytest.fixture(scope="session")
def e2e_tokens(tmp_path_factory: pytest.TempPathFactory) -> TokenFactory:
    return TokenFactory(tmp_path_factory.mktemp("e2e-jwks"))


@pytest.fixture(scope="session")
def stack(e2e_tokens: TokenFactory) -> Iterator[Stack]:
    # Outside pytest's numbered temp dirs, which a concurrent pytest session may prune.
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-e2e-stack-"))
    running = Stack(
        data_dir=data_dir,
        base_port=None,
        postgres_port=None,
        broker_port=None,
        ephemeral=True,
        echo=False,
        extra_env={
            "OIDC_JWKS_FILE": str(e2e_tokens.jwks_file),
            "OIDC_ISSUER": e2e_tokens.issuer,
            "LOG_JSON": "true",
            # Services here trust the test tokens only, not identity's: notify would ask intake's lookup
            # anonymously; SMS lookups are tested in the identity stack (test_sms_lookup_budget).
            "NOTIFY_LOOKUP_CLIENT_SECRET": "",
        },
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()
        if os.environ.get("MOTCUA_E2E_KEEP_DATA"):
            print(f"\nend-to-end stack data and logs kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.url("gateway"), timeout=15) as client:
        yield client
