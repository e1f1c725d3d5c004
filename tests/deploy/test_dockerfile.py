"""deploy/Dockerfile, read as text (no Docker daemon here): what an operator relies on when running it."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from tests.deploy.workspace import REPO, components, workspace_members

DOCKERFILE = REPO / "deploy" / "Dockerfile"


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [arguments for kw, arguments in self.instructions if kw == keyword]


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages, each with its (INSTRUCTION, arguments), continuations joined."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        keyword, _, arguments = line.partition(" ")
        keyword, arguments = keyword.upper(), arguments.strip()
        if keyword == "FROM":
            parts = arguments.split()
            base = parts[0]
            for name, value in args.items():
                base = base.replace(f"${{{name}}}", value)
            alias = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(base, alias))
        elif keyword == "ARG" and not stages:
            name, _, default = arguments.partition("=")
            args[name] = default
        elif stages:
            stages[-1].instructions.append((keyword, arguments))
    return args, stages


@pytest.fixture(scope="module")
def dockerfile() -> tuple[dict[str, str], list[Stage]]:
    return parse(DOCKERFILE.read_text())


def _stage(stages: list[Stage], name: str) -> Stage:
    return next(s for s in stages if s.name == name)


def test_the_image_runs_as_a_non_root_user(dockerfile: tuple[dict[str, str], list[Stage]]) -> None:
    _, stages = dockerfile
    final = stages[-1]
    users = final.all("USER")
    assert users, "the final stage sets no USER: the processes would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), users[-1]
    # Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
    assert user.isdigit() and int(user) >= 1000, users[-1]
    chart_uid = 10001  # deploy/helm/motcua/values.yaml podSecurityContext.runAsUser
    assert int(user) == chart_uid


def test_the_builder_syncs_the_locked_workspace_without_dev_dependencies(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    syncs = [run for stage in stages for run in stage.all("RUN") if "uv sync" in run]
    assert syncs, "no `uv sync` in the Dockerfile"
    for run in syncs:
        argv = shlex.split(run[run.index("uv sync") :])
        assert {"--frozen", "--no-dev", "--all-packages"} <= set(argv), run
    # The final sync installs the workspace itself, not as editable links into a source tree.
    assert "--no-editable" in syncs[-1] and "--no-install-workspace" not in syncs[-1]


def test_both_stages_use_one_python_the_project_supports(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    builder, runtime = _stage(stages, "builder"), stages[-1]
    assert builder.base == runtime.base, "the venv links to the builder's interpreter: same base image"
    match = re.fullmatch(r"python:(\d+\.\d+)-slim(-\w+)?", runtime.base)
    assert match, f"runtime base {runtime.base!r} is not an official slim Python image"
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert SpecifierSet(requires).contains(match.group(1) + ".0"), (match.group(1), requires)


def _copied_sources(stage: Stage) -> list[str]:
    sources: list[str] = []
    for arguments in stage.all("COPY"):
        parts = [p for p in shlex.split(arguments) if not p.startswith("--")]
        sources += parts[:-1]
    return sources


def _covers(sources: list[str], path: Path) -> bool:
    wanted = path.as_posix()
    return any(wanted == s.rstrip("/") or wanted.startswith(s.rstrip("/") + "/") for s in sources)


def test_every_workspace_member_is_copied_and_locked_before_the_dependency_layer(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    builder = _stage(stages, "builder")
    sources = _copied_sources(builder)
    members = workspace_members()
    assert {m.as_posix() for m in members} >= {
        "gateway",
        *(f"services/{c}" for c in components() if c != "gateway"),
    }
    for member in members:
        assert _covers(sources, member / "src"), f"{member}'s source is not copied into the builder"
    # uv sync --frozen needs every member's pyproject.toml before the first (dependencies-only) sync;
    # a service added to the workspace without a line here breaks the build.
    first_sync = next(i for i, (kw, a) in enumerate(builder.instructions) if kw == "RUN" and "uv sync" in a)
    early = _copied_sources(Stage(builder.base, builder.name, builder.instructions[:first_sync]))
    assert "uv.lock" in early and "pyproject.toml" in early
    for member in members:
        assert _covers(early, member / "pyproject.toml"), (
            f"{member}/pyproject.toml is not copied before `uv sync`"
        )


def test_the_runtime_stage_has_the_venv_and_every_service_with_its_migrations(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    runtime = stages[-1]
    copies = runtime.all("COPY")
    assert all("--from=builder" in c for c in copies), "the runtime stage copies only the builder's results"
    sources = _copied_sources(runtime)
    assert _covers(sources, Path("/app/.venv"))
    for component in components().values():
        relative = component.root.relative_to(REPO)
        assert _covers([s.removeprefix("/app/") for s in sources], relative / "src"), component.name
        if component.alembic_ini:
            # The migration Job runs `alembic -c services/<pkg>/alembic.ini` from /app.
            assert _covers([s.removeprefix("/app/") for s in sources], relative / "alembic.ini")
    assert runtime.all("WORKDIR")[-1] == "/app"


def test_runtime_environment_is_unbuffered_and_carries_no_secret(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    global_args, stages = dockerfile
    env = " ".join(e for stage in stages for e in stage.all("ENV"))
    assert re.search(r"\bPYTHONUNBUFFERED=1\b", " ".join(stages[-1].all("ENV")))
    assert "/app/.venv/bin" in env
    names = re.findall(r"\b([A-Z][A-Z0-9_]*)=", env) + list(global_args)
    names += [a.partition("=")[0] for stage in stages for a in stage.all("ARG")]
    secretish = [n for n in names if re.search(r"SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL", n)]
    assert not secretish, f"secrets must come from the environment at run time, not the image: {secretish}"


def test_the_default_command_starts_an_importable_app_factory(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    cmd = json.loads(stages[-1].all("CMD")[-1])
    assert cmd[:3] == ["python", "-m", "uvicorn"] and "--factory" in cmd
    module, _, factory = cmd[3].partition(":")
    assert callable(getattr(importlib.import_module(module), factory))
    assert cmd[cmd.index("--port") + 1] in stages[-1].all("EXPOSE")


def test_the_build_context_leaves_local_state_and_secrets_out() -> None:
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()}
    for entry in (".git", ".venv", ".data", "**/__pycache__", ".env"):
        assert entry in ignored, f".dockerignore does not exclude {entry}"
    for needed in ("libs", "services", "gateway", "simulators", "pyproject.toml", "uv.lock"):
        assert needed not in ignored, f".dockerignore excludes {needed}, which the image needs"
