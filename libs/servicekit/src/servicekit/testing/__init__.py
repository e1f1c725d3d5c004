"""Test helpers for services: real Postgres and broker, fresh databases, tokens, ``eventually``.

Enable the fixtures with ``pytest_plugins = ["servicekit.testing.plugin"]`` in a conftest.
"""

from servicekit.testing.eventually import eventually
from servicekit.testing.tokens import TokenFactory

__all__ = ["TokenFactory", "eventually"]
