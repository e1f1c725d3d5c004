"""What the repository says the deployment must cover: the workspace's members, services and settings."""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import AliasChoices
from pydantic_settings import BaseSettings

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Component:
    """The gateway or a service, as the chart names it (its directory), with its Python package."""

    name: str
    package: str
    root: Path

    @property
    def alembic_ini(self) -> Path | None:
        path = self.root / "alembic.ini"
        return path if path.exists() else None

    def settings_class(self) -> type[BaseSettings]:
        """The one Settings class its settings module defines."""
        module = importlib.import_module(f"{self.package}.settings")
        found = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseSettings)
            and value.__module__ == module.__name__
        ]
        assert len(found) == 1, f"{module.__name__} defines {found}, expected one Settings class"
        return found[0]


def _package_of(root: Path) -> str:
    packages = [p.name for p in (root / "src").iterdir() if (p / "__init__.py").exists()]
    assert len(packages) == 1, f"{root}: expected one package under src/, found {packages}"
    return packages[0]


@cache
def components() -> dict[str, Component]:
    """Every service in the workspace (`services/*`) and the gateway."""
    found = {"gateway": Component("gateway", "gateway", REPO / "gateway")}
    for root in sorted((REPO / "services").iterdir()):
        if (root / "pyproject.toml").exists():
            found[root.name] = Component(root.name, _package_of(root), root)
    return found


@cache
def workspace_members() -> list[Path]:
    """The uv workspace's member directories (relative to the repository), globs expanded."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    members: list[Path] = []
    for pattern in pyproject["tool"]["uv"]["workspace"]["members"]:
        members += sorted(p.relative_to(REPO) for p in REPO.glob(pattern) if (p / "pyproject.toml").exists())
    return members


def env_names(settings: type[BaseSettings]) -> set[str]:
    """The environment variables a Settings class reads (upper case; pydantic-settings ignores case)."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for field_name, field in settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {choice.upper() for choice in alias.choices if isinstance(choice, str)}
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{field.alias or field_name}".upper())
    return names
