"""No container engine runs here, so the compose file and Dockerfile are checked for structure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return data


def test_compose_services_build_from_the_multistage_dockerfile() -> None:
    services = _compose()["services"]
    assert {"fluxdash", "fluxdash-demo"} <= set(services)
    for service in services.values():
        build = service["build"]
        assert (REPO / build["context"] / build["dockerfile"]).is_file()
        assert any(str(port).endswith(":8000") for port in service["ports"])
        assert str(service["user"]) != "0"


def test_compose_mounts_kubeconfig_read_only_and_has_demo_profile() -> None:
    services = _compose()["services"]
    assert all(volume.endswith(":ro") for volume in services["fluxdash"]["volumes"])
    assert services["fluxdash-demo"]["profiles"] == ["demo"]
    assert (
        services["fluxdash-demo"]["environment"]["FLUXDASH_CLUSTER_MODE"] == "embedded"
    )


def test_dockerfile_is_multistage_and_runs_as_non_root() -> None:
    text = (REPO / "deploy" / "Dockerfile").read_text()
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) >= 2
    assert "node" in stages[0]
    assert "python" in stages[-1]
    user_lines = [line for line in text.splitlines() if line.startswith("USER ")]
    assert user_lines
    assert user_lines[-1].split()[1] not in {"0", "root"}


def test_kustomize_base_lists_existing_files() -> None:
    base = REPO / "deploy" / "kustomize"
    kustomization = yaml.safe_load((base / "kustomization.yaml").read_text())
    for resource in kustomization["resources"]:
        docs = list(yaml.safe_load_all((base / resource).read_text()))
        assert docs
        assert all("kind" in doc for doc in docs)
