"""Kind registry and model parsing (camelCase wire, extras ignored, older versions, repairs)."""

from __future__ import annotations

from typing import get_args

import pytest

from fluxdash.models.duration import parse_duration, try_parse_duration
from fluxdash.models.helm import HelmRelease
from fluxdash.models.image import ImagePolicy
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import (
    FLUX_KINDS,
    FLUX_PLURALS,
    KINDS,
    FluxKindPlural,
    KindInfo,
    find_kind,
    kind_by_name,
    kind_by_plural,
)
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.objects import FLUX_OBJECT_ADAPTER, parse_object
from tests.unit.flux_objects import helm_release, kustomization, sample


def test_registry_has_the_14_kinds_in_display_order() -> None:
    assert [i.kind for i in KINDS] == [
        "GitRepository", "OCIRepository", "HelmRepository", "HelmChart", "Bucket",
        "ExternalArtifact", "Kustomization", "HelmRelease", "Alert", "Provider", "Receiver",
        "ImageRepository", "ImagePolicy", "ImageUpdateAutomation",
    ]  # fmt: skip
    categories = [i.category for i in KINDS]
    assert categories == sorted(
        categories, key=["source", "applier", "notification", "image"].index
    )
    assert (
        set(get_args(FluxKindPlural)) == {i.plural for i in KINDS} == set(FLUX_PLURALS)
    )
    assert len(FLUX_KINDS) == 14


def test_versions_and_capabilities_follow_flux_md() -> None:
    assert kind_by_name("OCIRepository").versions == ("v1", "v1beta2")
    assert kind_by_name("ImagePolicy").versions == ("v1", "v1beta2")
    assert kind_by_name("Alert").versions == ("v1beta3",)
    assert (
        kind_by_name("Provider").api_version()
        == "notification.toolkit.fluxcd.io/v1beta3"
    )
    assert kind_by_name("Receiver").api_version() == "notification.toolkit.fluxcd.io/v1"
    assert kind_by_name("HelmRelease").api_version() == "helm.toolkit.fluxcd.io/v2"
    assert (
        kind_by_name("ImageRepository").api_version("v1beta2")
        == "image.toolkit.fluxcd.io/v1beta2"
    )
    assert [i.kind for i in KINDS if not i.has_status] == ["Alert", "Provider"]
    assert [i.kind for i in KINDS if not i.reconcilable] == [
        "ExternalArtifact",
        "Alert",
        "Provider",
    ]
    assert not kind_by_name("ExternalArtifact").flux_stats


def test_lookups() -> None:
    assert kind_by_plural("kustomizations").kind == "Kustomization"
    assert kind_by_name("HelmRelease").plural == "helmreleases"
    with pytest.raises(KeyError):
        kind_by_plural("deployments")
    with pytest.raises(KeyError):
        kind_by_name("Deployment")
    assert find_kind("GitRepository", "source.toolkit.fluxcd.io") is kind_by_name(
        "GitRepository"
    )
    assert (
        find_kind("Kustomization", "kustomize.config.k8s.io") is None
    )  # same Kind, not Flux
    assert find_kind("Deployment") is None


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_every_sample_parses_cleanly_and_round_trips_camel_case(info: KindInfo) -> None:
    model, problem = parse_object(info, sample(info.kind))
    assert problem is None
    assert model is not None
    assert model.kind == info.kind
    dumped = model.model_dump(mode="json", exclude_none=True)
    assert "metadata" in dumped
    assert "spec" in dumped
    assert "creationTimestamp" in dumped["metadata"]
    again = FLUX_OBJECT_ADAPTER.validate_python(dumped)
    assert again == model


def test_unknown_fields_are_ignored_and_kind_comes_from_the_registry() -> None:
    raw = kustomization()
    raw["spec"]["someFutureField"] = {"x": 1}
    raw["status"]["newStatus"] = "y"
    raw["kind"] = "Something"
    model, problem = parse_object(kind_by_name("Kustomization"), raw)
    assert isinstance(model, Kustomization)
    assert problem is None


def test_kustomization_fields() -> None:
    model, _ = parse_object(kind_by_name("Kustomization"), kustomization(timeout=None))
    assert isinstance(model, Kustomization)
    assert model.spec.source_ref.kind == "GitRepository"
    assert model.status is not None
    assert model.status.inventory is not None
    assert model.status.inventory.entries[0].id == "_apps__Namespace"
    assert model.status.history[0].total_reconciliations == 3
    # default timeout = interval - 30s (min 30s): 10m → 9m30s
    assert model.effective_timeout is not None
    assert model.effective_timeout.total_seconds() == 570


def test_kustomization_effective_timeout_minimum() -> None:
    raw = kustomization(interval="45s")
    raw["spec"].pop("timeout", None)
    model, _ = parse_object(kind_by_name("Kustomization"), raw)
    assert isinstance(model, Kustomization)
    assert model.effective_timeout is not None
    assert model.effective_timeout.total_seconds() == 30


def test_helmrelease_fields() -> None:
    model, _ = parse_object(kind_by_name("HelmRelease"), helm_release())
    assert isinstance(model, HelmRelease)
    assert model.spec.chart is not None
    assert model.spec.chart.spec.source_ref.namespace == "flux-system"
    assert model.spec.upgrade is not None
    assert model.spec.upgrade.remediation is not None
    assert model.spec.upgrade.remediation.retries == -1
    assert model.spec.values_from[0].values_key == "values.yaml"
    assert model.status is not None
    assert model.status.history[0].chart_version == "6.5.4"


def test_image_policy_v1beta2_latest_image_maps_to_latest_ref() -> None:
    raw = sample("ImagePolicy")
    del raw["status"]["latestRef"]
    raw["status"]["latestImage"] = "registry.example.com:5000/org/app:1.2.3"
    raw["status"]["observedPreviousImage"] = "registry.example.com:5000/org/app:1.2.2"
    model, problem = parse_object(kind_by_name("ImagePolicy"), raw)
    assert problem is None
    assert isinstance(model, ImagePolicy)
    assert model.status is not None
    assert model.status.latest_ref is not None
    assert (model.status.latest_ref.name, model.status.latest_ref.tag) == (
        "registry.example.com:5000/org/app",
        "1.2.3",
    )
    assert model.status.observed_previous_ref is not None
    assert model.status.observed_previous_ref.tag == "1.2.2"


def test_image_policy_v1beta2_untagged_image_is_not_a_ref() -> None:
    raw = sample("ImagePolicy")
    del raw["status"]["latestRef"]
    raw["status"]["latestImage"] = "registry.example.com:5000/org/app"
    model, problem = parse_object(kind_by_name("ImagePolicy"), raw)
    assert isinstance(model, ImagePolicy)
    assert model.status is not None
    assert model.status.latest_ref is None
    assert problem is None


def test_invalid_fields_are_dropped_and_named() -> None:
    raw = kustomization()
    raw["status"]["conditions"].append({"type": "Healthy", "status": "Maybe"})
    raw["status"]["inventory"] = {
        "entries": [{"id": 5}, {"id": "ns_a__ConfigMap", "v": "v1"}]
    }
    raw["metadata"]["labels"] = {"ok": "yes", "bad": 3}
    model, problem = parse_object(kind_by_name("Kustomization"), raw)
    assert isinstance(model, Kustomization)
    assert model.status is not None
    assert [c.type for c in model.status.conditions] == ["Ready"]
    assert model.status.inventory is not None
    assert [e.id for e in model.status.inventory.entries] == ["ns_a__ConfigMap"]
    assert model.metadata.labels == {"ok": "yes"}
    assert problem is not None
    assert "status.conditions[1].status" in problem
    assert "status.inventory.entries[0].id" in problem
    assert "metadata.labels.bad" in problem


def test_required_spec_missing_gives_none_with_problem() -> None:
    raw = kustomization()
    del raw["spec"]["sourceRef"]
    model, problem = parse_object(kind_by_name("Kustomization"), raw)
    assert model is None
    assert problem is not None
    assert "spec.sourceRef" in problem


@pytest.mark.parametrize("raw", [None, 3, "x", [], {"metadata": "x"}, {}])
def test_garbage_gives_none(raw: object) -> None:
    model, problem = parse_object(kind_by_name("GitRepository"), raw)
    assert model is None
    assert problem


def test_object_key() -> None:
    key = ObjectKey("Kustomization", "flux-system", "apps")
    assert key.id == "Kustomization/flux-system/apps" == str(key)
    assert ObjectKey.parse(key.id) == key
    assert ObjectKey.parse("Namespace/flux-system") == ObjectKey(
        "Namespace", "", "flux-system"
    )
    with pytest.raises(ValueError, match="not an object id"):
        ObjectKey.parse("a/b/c/d")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1m", 60),
        ("1m30s", 90),
        ("2.5h", 9000),
        ("500ms", 0.5),
        ("0", 0),
        ("1h0m0s", 3600),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "1", "m", "1d", "-1m", "1m x"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)
    assert try_parse_duration(text) is None
