"""`make token` mints a development token that services accept (until identity issues real ones)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from joserfc.jwk import ECKey, KeySet

from servicekit.auth import JWKSSource, TokenVerifier

REPO = Path(__file__).resolve().parents[2]


async def test_make_token_mints_an_official_token_the_services_verify(tmp_path: Path) -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "dev-test", "use": "sig", "alg": "ES256"})
    (tmp_path / "dev-signing-key.json").write_text(json.dumps(key.as_dict(private=True)))
    jwks = tmp_path / "dev-jwks.json"
    jwks.write_text(json.dumps(KeySet([key]).as_dict(private=False)))
    issuer = "http://localhost:8000/oidc"

    result = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "deploy/local/devtoken.py",
            "--data-dir",
            str(tmp_path),
            "--kind",
            "official",
            "--roles",
            "reception_officer,specialist",
            "--agencies",
            "000.00.00.G12",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    principal = await TokenVerifier(JWKSSource(file=str(jwks)), issuer=issuer).verify(result.stdout.strip())
    assert principal.kind == "official"
    assert principal.roles == {"reception_officer", "specialist"}
    assert principal.serves_agency("000.00.00.G12")


def test_make_token_explains_when_the_stack_never_ran(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "deploy/local/devtoken.py", "--data-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "make run" in result.stderr
