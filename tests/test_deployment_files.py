"""The compose file parses and is consistent with the code (no Docker engine runs here)."""

from __future__ import annotations

import json
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


@pytest.mark.skipif(shutil.which("docker") is None, reason="docker client absent")
def test_docker_compose_config_when_the_client_can() -> None:
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("docker client has no compose plugin")
    subprocess.run(["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"], check=True)
