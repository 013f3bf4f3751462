"""The compose file parses and is consistent with the code (no Docker engine runs here)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from casetrail import search_attributes
from casetrail.api.ui_site import VENDOR
from casetrail.config import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_services_and_dependencies(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in (
        "app-db",
        "temporal-db",
        "temporal",
        "temporal-init",
        "temporal-ui",
        "migrate",
        "worker",
        "api",
    ):
        assert name in services, name
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
    for name in ("app-db", "temporal-db", "temporal", "api"):
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_init_registers_every_search_attribute(compose: dict[str, Any]) -> None:
    script = "\n".join(compose["services"]["temporal-init"]["command"])
    for flag_value in search_attributes.cli_flags()[1::2]:
        assert flag_value in script, f"compose init does not register {flag_value}"


def test_app_environment_matches_settings(compose: dict[str, Any]) -> None:
    env = compose["services"]["api"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert {"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE"} <= set(env)
    # The worker sends the reminders: the mail settings and the links' address reach it, by the names
    # the settings read.
    worker = compose["services"]["worker"]["environment"]
    aliases = {field.validation_alias for field in Settings.model_fields.values()}
    for name in (
        "CASETRAIL_PUBLIC_URL",
        "CASETRAIL_SMTP_HOST",
        "CASETRAIL_SMTP_PORT",
        "CASETRAIL_SMTP_SENDER",
    ):
        assert name in worker and name in aliases, name


def test_dockerfile_installs_fonts_and_harfbuzz() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "fonts-noto-cjk" in dockerfile and "libharfbuzz-subset0" in dockerfile


def test_dockerfile_brings_the_front_end_packages() -> None:
    """/docs and the workbench load their scripts from node_modules (ui_site.VENDOR): the image installs
    them from the lockfile and, the package being installed into site-packages, says where they are."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY package.json package-lock.json" in dockerfile and "npm ci" in dockerfile
    assert "COPY --from=vendor /app/node_modules ./node_modules" in dockerfile
    assert "CASETRAIL_NODE_MODULES=/app/node_modules" in dockerfile and "WORKDIR /app" in dockerfile
    wanted = set(json.loads((ROOT / "package.json").read_text())["dependencies"])
    assert {folder.split("/")[0] for folder in VENDOR.values()} <= wanted
    # The build context leaves out the local environment and data.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "node_modules", "var", ".git"} <= set(ignored)


#: What the Compose specification allows at the top and in a service (the keys this project could use).
TOP_KEYS = {"version", "name", "include", "services", "networks", "volumes", "configs", "secrets"}
SERVICE_KEYS = {
    "build", "command", "container_name", "depends_on", "entrypoint", "env_file", "environment",
    "expose", "healthcheck", "image", "labels", "logging", "networks", "ports", "profiles", "restart",
    "secrets", "configs", "stop_grace_period", "stop_signal", "tmpfs", "user", "volumes", "working_dir",
    "deploy", "extra_hosts", "init", "ulimits", "cap_add", "cap_drop", "read_only", "shm_size",
}  # fmt: skip
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
RESTART = re.compile(r"no|always|unless-stopped|on-failure(:\d+)?")
DURATION = re.compile(r"(\d+(\.\d+)?(us|ms|s|m|h))+")
PORT = re.compile(r"((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(/(tcp|udp))?")
#: `$$` (a literal dollar), `$NAME`, `${NAME}` and `${NAME[:][-?+]text}`: what Compose interpolates.
INTERPOLATION = re.compile(r"\$(\$|[A-Za-z_]\w*|\{[A-Za-z_]\w*(:?[-?+][^}]*)?\})")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_compose_file_is_what_docker_compose_config_accepts(compose: dict[str, Any]) -> None:
    """What `docker compose config` checks, without Docker, so that CI never skips it; and, where the
    client has the compose plugin, `docker compose config` itself."""
    assert {k for k in compose if not k.startswith("x-")} <= TOP_KEYS
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        assert set(service) <= SERVICE_KEYS, (name, set(service) - SERVICE_KEYS)
        assert "image" in service or "build" in service, f"{name} has neither image nor build"
        for dependency, how in (service.get("depends_on") or {}).items():
            assert how["condition"] in CONDITIONS, (name, dependency, how)
        assert RESTART.fullmatch(service.get("restart", "no")), (name, service.get("restart"))
        for port in service.get("ports", []):
            assert isinstance(port, str) and PORT.fullmatch(port), (name, port)
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith(("/", ".", "~")):
                assert source in declared_volumes, f"{name} mounts undeclared volume {source}"
        for key, value in (service.get("environment") or {}).items():
            assert isinstance(value, str | int | float | bool) or value is None, (name, key, value)
        check = service.get("healthcheck")
        if check is not None:
            assert isinstance(check["test"], str) or check["test"][0] in {"CMD", "CMD-SHELL", "NONE"}
            for key in ("interval", "timeout", "start_period"):
                assert key not in check or DURATION.fullmatch(check[key]), (name, key, check[key])
        for text in _strings(service):
            rest = INTERPOLATION.sub("", text)
            assert "$" not in rest, f"{name}: uninterpolable $ in {text!r} (write $$ for a literal $)"
    required = {m.group(1) for t in _strings(compose) for m in re.finditer(r"\$\{(\w+):\?", t)}
    assert required == {"CASETRAIL_APP_DB_PASSWORD"}, required
    if shutil.which("docker") is None:
        return
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if probe.returncode != 0:
        return
    # The one required variable set (compose refuses to render the file without it).
    env = {**os.environ, "CASETRAIL_APP_DB_PASSWORD": "placeholder"}
    subprocess.run(
        ["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"], check=True, env=env
    )
