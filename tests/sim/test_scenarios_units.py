"""Pure pieces of the scenarios and simulated controllers: CRD catalog, scripts, formats."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubesim.controllers import (
    Failure,
    Script,
    ScriptError,
    parse_annotation,
    script_to_annotation,
)
from kubesim.controllers.clock import go_duration, parse_go_duration
from kubesim.controllers.events import flux_event
from kubesim.controllers.kustomize import (
    effective_timeout,
    inventory_entry,
    record_history,
)
from kubesim.controllers.sources import git_revision_for, resolve_version
from kubesim.crds import flux_crds, flux_kinds, kind_def
from kubesim.scenarios import allocation, apply_scenario, parse_scale, scenario_names
from kubesim.store import Store

from .support import shared_dir, skip_or_fail

# -- CRDs ------------------------------------------------------------------------------------


def _real_crds(folder: str) -> dict[str, dict[str, Any]]:
    shared = shared_dir()
    if shared is None or not (shared / folder).is_dir():
        skip_or_fail(f"../shared/{folder} not found (set FLUXDASH_SHARED_DIR)")
    assert shared is not None
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(shared / folder).glob("*.yaml")):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for doc in yaml.load_all(path.read_text(), Loader=loader):
            if doc:
                out[doc["metadata"]["name"]] = doc
    return out


@pytest.mark.parametrize(
    ("line", "folder"), [("2.9", "flux-crds"), ("2.6", "flux-crds-2.6")]
)
def test_own_crds_agree_with_flux_on_every_served_fact(line: str, folder: str) -> None:
    """Self-written CRDs: same names, versions, scope, columns and subresources as Flux's."""
    real = _real_crds(folder)
    mine = {c["metadata"]["name"]: c for c in flux_crds(line)}  # type: ignore[arg-type]  # parametrised FluxLine
    assert set(mine) == set(real)
    for name, theirs in real.items():
        ours = mine[name]
        assert ours["spec"]["group"] == theirs["spec"]["group"]
        assert ours["spec"]["scope"] == theirs["spec"]["scope"] == "Namespaced"
        for field in (
            "kind",
            "listKind",
            "plural",
            "singular",
            "shortNames",
            "categories",
        ):
            assert ours["spec"]["names"].get(field) == theirs["spec"]["names"].get(
                field
            ), (name, field)
        their_versions = {v["name"]: v for v in theirs["spec"]["versions"]}
        our_versions = {v["name"]: v for v in ours["spec"]["versions"]}
        assert list(our_versions) == list(their_versions), name
        for version, t in their_versions.items():
            o = our_versions[version]
            for field in (
                "served",
                "storage",
                "deprecated",
                "deprecationWarning",
                "additionalPrinterColumns",
            ):
                assert o.get(field) == t.get(field), (name, version, field)
            assert bool(
                (o.get("subresources") or {}).get("status") is not None
            ) == bool((t.get("subresources") or {}).get("status") is not None), (
                name,
                version,
            )
            their_status = t["schema"]["openAPIV3Schema"]["properties"].get(
                "status", {}
            )
            our_status = o["schema"]["openAPIV3Schema"]["properties"].get("status", {})
            assert our_status.get("default") == their_status.get("default"), (
                name,
                version,
            )


def test_catalog_of_the_latest_line() -> None:
    kinds = {k.kind: k for k in flux_kinds("2.9")}
    assert len(kinds) == 14
    assert kind_def("HelmRelease").api_version == "helm.toolkit.fluxcd.io/v2"
    assert kind_def("Alert").api_version == "notification.toolkit.fluxcd.io/v1beta3"
    assert kind_def("Receiver").api_version == "notification.toolkit.fluxcd.io/v1"
    assert kind_def("ImagePolicy").api_version == "image.toolkit.fluxcd.io/v1"
    assert not kinds["Alert"].has_status
    assert not kinds["Provider"].has_status
    assert all(
        k.has_status for name, k in kinds.items() if name not in ("Alert", "Provider")
    )
    assert kinds["Kustomization"].categories == ("all", "fluxcd", "fluxcd-appliers")
    assert kinds["ImageUpdateAutomation"].short_names == ("iua", "imgupd", "imgauto")
    for crd in flux_crds("2.9"):
        labels = crd["metadata"]["labels"]
        assert labels["app.kubernetes.io/part-of"] == "flux"
        assert labels["app.kubernetes.io/version"] == "v2.9.4"
        for version in crd["spec"]["versions"]:
            spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
            assert spec["x-kubernetes-preserve-unknown-fields"] is True


def test_catalog_of_flux_26() -> None:
    kinds = {k.kind: k for k in flux_kinds("2.6")}
    assert "ExternalArtifact" not in kinds
    assert (
        kind_def("ImageRepository", "2.6").api_version
        == "image.toolkit.fluxcd.io/v1beta2"
    )
    assert [v.name for v in kinds["OCIRepository"].versions] == ["v1", "v1beta2"]
    assert kinds["OCIRepository"].versions[1].deprecated
    assert all(not k.categories for k in kinds.values())


# -- scripts ---------------------------------------------------------------------------------


def test_scripts_parse_words_objects_and_round_trip() -> None:
    assert parse_annotation("stall") == Script(stall=Failure())
    assert parse_annotation('"fail"') == Script(fail=Failure())
    assert parse_annotation("ok") == Script()
    script = parse_annotation(
        '{"delay": 0.2, "fail": {"reason": "BuildFailed", "message": "nope"}}'
    )
    assert script == Script(delay=0.2, fail=Failure("BuildFailed", "nope"))
    assert parse_annotation(script_to_annotation(script)) == script
    assert parse_annotation('{"flaky": true}') == Script(flaky=Failure())
    for bad in (
        '{"delay": -1}',
        '{"delay": true}',
        '{"explode": 1}',
        "sometimes",
        '{"fail": 3}',
        "[]",
    ):
        with pytest.raises(ScriptError):
            parse_annotation(bad)


# -- formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.15, "150ms"),
        (2.818583, "2.818583s"),
        (600, "10m0s"),
        (3600, "1h0m0s"),
        (90, "1m30s"),
        (5, "5s"),
    ],
)
def test_go_durations(seconds: float, text: str) -> None:
    assert go_duration(seconds) == text
    assert parse_go_duration(text) == pytest.approx(seconds)


def test_parse_go_duration_rejects_garbage() -> None:
    for bad in ("", "10", "1x", "m"):
        with pytest.raises(ValueError, match="duration"):
            parse_go_duration(bad)


def test_kustomization_timeout_defaults_to_interval_minus_30s() -> None:
    assert effective_timeout({"interval": "10m"}) == "9m30s"
    assert effective_timeout({"interval": "45s"}) == "30s"
    assert effective_timeout({"interval": "1h", "timeout": "3m"}) == "3m"


def test_inventory_ids_follow_cli_utils() -> None:
    assert inventory_entry("", "flux-system", "", "Namespace", "v1") == {
        "id": "_flux-system__Namespace",
        "v": "v1",
    }
    assert (
        inventory_entry("apps", "podinfo", "apps", "Deployment", "v1")["id"]
        == "apps_podinfo_apps_Deployment"
    )
    assert inventory_entry(
        "", "system:flux", "rbac.authorization.k8s.io", "ClusterRole", "v1"
    )["id"] == ("_system__flux_rbac.authorization.k8s.io_ClusterRole")


def test_history_is_newest_first_deduplicated_and_bounded() -> None:
    history: list[dict[str, Any]] = []
    for n in range(7):
        history = record_history(
            history, digest=f"sha256:{n}", revision=f"main@sha1:{n}", status="ReconciliationSucceeded",
            at=f"2026-01-0{n + 1}T00:00:00Z", duration=1.5,
        )  # fmt: skip
    assert len(history) == 5
    assert [h["digest"] for h in history] == [
        "sha256:6",
        "sha256:5",
        "sha256:4",
        "sha256:3",
        "sha256:2",
    ]
    again = record_history(
        history, digest="sha256:6", revision="main@sha1:6", status="ReconciliationSucceeded",
        at="2026-02-01T00:00:00Z", duration=2,
    )  # fmt: skip
    assert len(again) == 5
    assert again[0]["totalReconciliations"] == 2
    assert again[0]["lastReconciled"] == "2026-02-01T00:00:00Z"
    assert again[0]["firstReconciled"] == history[0]["firstReconciled"]


def test_revisions_and_versions() -> None:
    assert re.fullmatch(
        r"main@sha1:[0-9a-f]{40}", git_revision_for({"ref": {"branch": "main"}}, "x")
    )
    assert git_revision_for({"ref": {"tag": "v1.2.3"}}, "x").startswith("v1.2.3@sha1:")
    assert git_revision_for({}, "x").startswith("master@sha1:"), (
        "branch defaults to master"
    )
    assert git_revision_for({"ref": {"commit": "abc"}}, "x") == "sha1:abc"
    assert git_revision_for({"ref": {"name": "refs/pull/420/head"}}, "x").startswith(
        "refs/pull/420/head@sha1:"
    )
    assert resolve_version("6.8.0", "s") == "6.8.0"
    assert re.fullmatch(r"4\.11\.\d", resolve_version("4.11.x", "s"))
    assert resolve_version(">=1.16.0 <1.17.0", "s").startswith("1.16.")


def test_flux_events_are_named_like_client_go() -> None:
    obj = {
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {
            "name": "apps",
            "namespace": "flux-system",
            "uid": "u1",
            "annotations": {"event.toolkit.fluxcd.io/team": "platform", "other": "x"},
        },
    }
    at = datetime(2026, 8, 7, 10, 0, tzinfo=UTC)
    event = flux_event(
        obj, controller="kustomize-controller", type_="Warning", reason="BuildFailed", message="m",
        first=at, last=at, count=3, backdated=True,
    )  # fmt: skip
    assert re.fullmatch(r"apps\.[0-9a-f]{16}", event["metadata"]["name"])
    assert event["metadata"]["annotations"] == {
        "event.toolkit.fluxcd.io/team": "platform"
    }
    assert event["involvedObject"] == {
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "name": "apps",
        "namespace": "flux-system",
        "uid": "u1",
    }
    assert (event["count"], event["firstTimestamp"], event["source"]) == (
        3,
        "2026-08-07T10:00:00Z",
        {"component": "kustomize-controller"},
    )
    fresh = [
        flux_event(
            obj,
            controller="kustomize-controller",
            type_="Normal",
            reason="r",
            message="m",
        )["metadata"]["name"]
        for _ in range(50)
    ]
    assert len(set(fresh)) == 50


# -- scenario registry -----------------------------------------------------------------------


def test_unknown_scenarios_are_refused_with_the_valid_names() -> None:
    with pytest.raises(
        ValueError, match=r"valid scenarios: cycle, demo, empty, flux-2\.6, scale:N"
    ):
        apply_scenario("production", Store())
    for bad in ("scale:", "scale:0", "scale:-3", "scale:ten"):
        with pytest.raises(ValueError, match="scale:N"):
            apply_scenario(bad, Store())
    assert parse_scale("scale:12") == 12
    assert parse_scale("demo") is None
    assert "scale:N" in scenario_names()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 99, 1000, 10_000])
def test_scale_allocation_is_exact(n: int) -> None:
    counts = allocation(n)
    assert sum(counts.values()) == n
    assert counts["Kustomization"] == counts["HelmRelease"] == n * 40 // 100
    assert all(v >= 0 for v in counts.values())
    if n == 10_000:
        assert counts == {
            "Kustomization": 4000,
            "HelmRelease": 4000,
            "GitRepository": 800,
            "OCIRepository": 600,
            "HelmRepository": 200,
            "HelmChart": 400,
        }
