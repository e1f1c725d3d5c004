"""Mint a development access token signed by the local stack's key (until identity issues real ones).

    uv run python deploy/local/devtoken.py                      # a citizen
    uv run python deploy/local/devtoken.py --kind official --roles reception_officer --agencies 000.00.00.G12

Prints the token; use it as ``Authorization: Bearer <token>`` against http://localhost:8000.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from servicekit.testing.tokens import TokenFactory

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data")
    parser.add_argument("--issuer", default="http://localhost:8000/oidc")
    parser.add_argument("--sub", default="demo-citizen-001090012345")
    parser.add_argument("--name", default="Nguyễn Văn An")
    parser.add_argument(
        "--kind", default="citizen", choices=["citizen", "organisation", "official", "system"]
    )
    parser.add_argument("--roles", default="", help="comma-separated roles")
    parser.add_argument("--agencies", default="", help="comma-separated agency codes")
    parser.add_argument("--acr", default="LoA2")
    parser.add_argument("--expires-in", type=int, default=3600)
    args = parser.parse_args()
    key_file = args.data_dir / "dev-signing-key.json"
    if not key_file.exists():
        raise SystemExit(f"{key_file} does not exist: start the stack once with `make run`")
    factory = TokenFactory.from_private_jwk(key_file, issuer=args.issuer)
    print(
        factory.mint(
            args.sub,
            kind=args.kind,
            roles=[r for r in args.roles.split(",") if r],
            agencies=[a for a in args.agencies.split(",") if a],
            acr=args.acr,
            name=args.name,
            expires_in=args.expires_in,
        )
    )


if __name__ == "__main__":
    main()
