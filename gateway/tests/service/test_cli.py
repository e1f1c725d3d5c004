"""The gateway as it is run: ``uvicorn gateway.app:create_app --factory``, configured by environment."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

import httpx

from gateway.tests.conftest import Stack, free_port


async def wait_listening(port: int, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            pass
        if process.returncode is not None or time.monotonic() > deadline:
            output = (await process.stdout.read()).decode() if process.stdout else ""
            raise AssertionError(f"gateway did not start:\n{output}")
        await asyncio.sleep(0.05)


async def test_run_by_uvicorn_factory_with_env_and_stop_gracefully(stack: Stack) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SERVICE_BASE_URL_CATALOG": stack.catalog,
        "SERVICE_BASE_URL_INTAKE": stack.intake,
        "OIDC_JWKS_FILE": str(stack.tokens.jwks_file),
        "OIDC_ISSUER": stack.tokens.issuer,
        "MOTCUA_ENV": "test",
        "REDIS_URL": "",
        "GATEWAY_MAX_BODY_BYTES": "1000",
        "GATEWAY_CORS_ORIGINS": '["https://dichvucong.example.vn"]',
    }
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "uvicorn", "gateway.app:create_app", "--factory", "--port", str(port)),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await wait_listening(port, process)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert (await client.get("/healthz")).status_code == 200
            proxied = await client.get("/v1/procedures/from-cli", headers=stack.tokens.headers())
            assert proxied.status_code == 200
            assert proxied.json()["service"] == "catalog"
            assert (await client.post("/v1/feedback", content=b"x" * 1001)).status_code == 413
            preflight = await client.options(
                "/v1/procedures",
                headers={"Origin": "https://dichvucong.example.vn", "Access-Control-Request-Method": "GET"},
            )
            assert preflight.headers["access-control-allow-origin"] == "https://dichvucong.example.vn"
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal so its parent knows why it ended.
        assert await asyncio.wait_for(process.wait(), 15) in (0, -signal.SIGTERM)
        output = (await process.stdout.read()).decode() if process.stdout else ""
        assert "gateway_stopped" in output  # the lifespan closed the upstream pool
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
