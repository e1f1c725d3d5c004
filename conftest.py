"""Root conftest: servicekit's fixtures (real PostgreSQL and broker, tokens, eventually) for every test."""

pytest_plugins = ["servicekit.testing.plugin"]
