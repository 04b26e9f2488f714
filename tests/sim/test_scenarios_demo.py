"""The ``demo`` and ``flux-2.6`` fleets, read through the Kubernetes API (kubernetes-asyncio)."""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from kubernetes_asyncio import client
from kubernetes_asyncio.client.exceptions import ApiException

from kubesim.crds import FluxLine, flux_kinds

from .scenario_support import Cluster, Obj, conditions, health, running

# The fleets are only read here, so each runs once per module on the module's loop.
pytestmark = [pytest.mark.timeout(60), pytest.mark.asyncio(loop_scope="module")]

ALL_KINDS = {k.kind for k in flux_kinds("2.9")}
HEALTH_STATES = {"Ready", "Failed", "Progressing", "Suspended", "Unknown"}

# The scripted state of every notable demo object (the rest is Ready). Tests across the
# product rely on these names; keep in sync with kubesim/scenarios/demo.py's docstring.
NOTABLE: dict[tuple[str, str, str], tuple[str, str]] = {
    ("Kustomization", "flux-system", "infra-configs"): ("Failed", "HealthCheckFailed"),
    ("Kustomization", "flux-system", "apps"): ("Failed", "DependencyNotReady"),
    ("Kustomization", "flux-system", "legacy-manifests"): ("Suspended", "Suspended"),
    ("Kustomization", "team-a", "team-a-apps"): ("Failed", "BuildFailed"),
    ("Kustomization", "team-b", "team-b-staging"): (
        "Unknown",
        "waiting to be reconciled",
    ),
    ("GitRepository", "team-b", "team-b-repo"): ("Failed", "AuthenticationFailed"),
    ("HelmRepository", "team-b", "team-b-charts"): ("Failed", "IndexationFailed"),
    ("HelmRelease", "infrastructure", "kube-prometheus-stack"): (
        "Failed",
        "RetriesExceeded",
    ),
    ("HelmRelease", "infrastructure", "loki"): ("Progressing", "Progressing"),
    ("HelmRelease", "infrastructure", "velero"): ("Suspended", "Suspended"),
    ("HelmRelease", "apps", "podinfo-canary"): ("Unknown", "waiting to be reconciled"),
    ("ImageUpdateAutomation", "team-a", "team-a-automation"): (
        "Failed",
        "GitOperationFailed",
    ),
}


def key(obj: Obj) -> tuple[str, str, str]:
    return (obj["kind"], obj["metadata"]["namespace"], obj["metadata"]["name"])


@pytest.fixture(params=["demo", "flux-2.6"], scope="module")
def scenario(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fleet(
    scenario: str,
) -> AsyncIterator[tuple[Cluster, dict[tuple[str, str, str], Obj]]]:
    line: FluxLine = "2.6" if scenario == "flux-2.6" else "2.9"
    async with running(scenario, line=line) as cluster:
        objects = {key(o): o for o in await cluster.all_flux()}
        yield cluster, objects


async def test_every_kind_every_health_state_and_the_named_states(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]], scenario: str
) -> None:
    _, objects = fleet
    kinds = Counter(k[0] for k in objects)
    expected_kinds = ALL_KINDS - (
        {"ExternalArtifact"} if scenario == "flux-2.6" else set()
    )
    assert set(kinds) == expected_kinds
    assert 60 <= len(objects) <= 120
    namespaces = {k[1] for k in objects}
    assert namespaces == {"flux-system", "infrastructure", "apps", "team-a", "team-b"}

    healths = {k: health(o) for k, o in objects.items()}
    assert {h for h, _ in healths.values()} == HEALTH_STATES
    for name, expected in NOTABLE.items():
        assert healths[name] == expected, name
    others = {k: h for k, h in healths.items() if k not in NOTABLE}
    assert {h for h, _ in others.values()} == {"Ready"}, others

    stalled = objects[("HelmRelease", "infrastructure", "kube-prometheus-stack")]
    assert (
        conditions(stalled)["Stalled"]["message"]
        == "Failed to upgrade after 4 attempt(s)"
    )
    assert conditions(stalled)["Ready"]["reason"] == "UpgradeFailed"
    assert stalled["status"]["failures"] == stalled["status"]["upgradeFailures"] == 4
    waiting = objects[("Kustomization", "flux-system", "apps")]
    assert (
        conditions(waiting)["Ready"]["message"]
        == "dependency 'flux-system/infra-configs' is not ready"
    )
    auth = objects[("GitRepository", "team-b", "team-b-repo")]
    assert conditions(auth)["Ready"]["message"] == (
        "failed to checkout and determine revision: unable to clone "
        "'https://github.com/acme/team-b-apps': authentication required"
    )
    unknown = objects[("HelmRelease", "apps", "podinfo-canary")]
    assert unknown["status"] == {"observedGeneration": -1}


async def test_sources_carry_realistic_revisions_and_artifacts(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    _, objects = fleet
    for (kind, ns, name), obj in objects.items():
        art: Obj = (obj.get("status") or {}).get("artifact") or {}
        if kind in (
            "GitRepository",
            "OCIRepository",
            "Bucket",
            "HelmChart",
            "ExternalArtifact",
        ) or (kind == "HelmRepository" and obj["spec"].get("type") != "oci"):
            assert art, (kind, ns, name)
            assert set(art) >= {
                "digest",
                "path",
                "url",
                "revision",
                "size",
                "lastUpdateTime",
            }
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", art["digest"])
            assert art["url"].startswith("http://source-")
            assert art["url"].endswith(art["path"])
        if kind == "GitRepository":
            assert re.fullmatch(r"(main|master)@sha1:[0-9a-f]{40}", art["revision"])
        if kind == "OCIRepository":
            assert re.fullmatch(r"\d+\.\d+\.\d+@sha256:[0-9a-f]{64}", art["revision"])
            assert {
                "org.opencontainers.image.source",
                "org.opencontainers.image.revision",
            } <= set(art["metadata"])
        if kind in ("HelmRepository", "Bucket") and art:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", art["revision"])
    legacy = objects[("GitRepository", "team-a", "legacy-config")]
    assert re.match(r"https://[^:/]+:[^@]+@gitlab\.com/", legacy["spec"]["url"]), (
        "URL with credentials"
    )
    bitnami = objects[("HelmRepository", "infrastructure", "bitnami")]
    assert bitnami["spec"]["type"] == "oci"
    assert health(bitnami) == ("Ready", "Static")


async def test_kustomizations_inventories_histories_and_managed_deployments(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    cluster, objects = fleet
    apps = client.AppsV1Api(cluster.api)
    checked = 0
    for (kind, ns, name), obj in objects.items():
        if kind != "Kustomization" or obj["status"].get("observedGeneration", -1) < 1:
            continue
        status = obj["status"]
        assert status["lastAppliedRevision"], name
        history = status["history"]
        assert 1 <= len(history) <= 5
        stamps = [h["lastReconciled"] for h in history]
        assert stamps == sorted(stamps, reverse=True), "newest first"
        assert {
            "digest",
            "firstReconciled",
            "lastReconciledDuration",
            "lastReconciledStatus",
            "metadata",
        } <= set(history[0])
        for entry in status["inventory"]["entries"]:
            ent_ns, _, rest = entry["id"].partition("_")
            ent_name, group, ent_kind = rest.rsplit("_", 2)
            assert entry["v"]
            if (group, ent_kind) == ("apps", "Deployment"):
                deployment = await apps.read_namespaced_deployment(ent_name, ent_ns)
                labels = deployment.metadata.labels
                if ns == "flux-system" and name == "flux-system":
                    assert labels["app.kubernetes.io/part-of"] == "flux"
                assert labels["kustomize.toolkit.fluxcd.io/name"] == name
                assert labels["kustomize.toolkit.fluxcd.io/namespace"] == ns
                checked += 1
            elif group.endswith("toolkit.fluxcd.io"):
                assert (ent_kind, ent_ns, ent_name) in objects or ent_name == name, (
                    entry
                )
    assert checked >= 10
    bootstrap = objects[("Kustomization", "flux-system", "flux-system")]
    ids = [e["id"] for e in bootstrap["status"]["inventory"]["entries"]]
    assert "_flux-system__Namespace" in ids
    assert "flux-system_infra-configs_kustomize.toolkit.fluxcd.io_Kustomization" in ids
    frontend = objects[("Kustomization", "apps", "frontend")]
    assert "REDIS_PASSWORD" in frontend["spec"]["postBuild"]["substitute"]


async def test_helm_releases_histories_and_charts(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    _, objects = fleet
    for (kind, ns, name), obj in objects.items():
        if kind != "HelmRelease" or not obj["status"].get("history"):
            continue
        history = obj["status"]["history"]
        versions = [h["version"] for h in history]
        assert versions == sorted(versions, reverse=True), (name, versions)
        assert sum(h["status"] == "deployed" for h in history) <= 1
        assert obj["status"]["lastAttemptedRevision"]
        template = (obj["spec"].get("chart") or {}).get("spec")
        if template:
            source_ns = template["sourceRef"].get("namespace", ns)
            assert obj["status"]["helmChart"] == f"{source_ns}/{ns}-{name}"
            chart = objects[("HelmChart", source_ns, f"{ns}-{name}")]
            assert (
                chart["status"]["artifact"]["revision"] == history[0]["chartVersion"]
                or health(obj)[0] != "Ready"
            )
        elif obj["spec"]["chartRef"]["kind"] == "OCIRepository":
            assert re.fullmatch(
                r"\d+\.\d+\.\d+\+[0-9a-f]{12}", history[0]["chartVersion"]
            )
    podinfo = objects[("HelmRelease", "apps", "podinfo")]
    assert podinfo["spec"]["chartRef"] == {"kind": "OCIRepository", "name": "podinfo"}
    assert [h["status"] for h in podinfo["status"]["history"]] == [
        "deployed",
        "superseded",
        "superseded",
    ]
    assert {d["name"] for d in podinfo["spec"]["dependsOn"]} == {
        "ingress-nginx",
        "cert-manager",
    }
    prometheus = objects[("HelmRelease", "infrastructure", "kube-prometheus-stack")]
    assert prometheus["spec"]["valuesFrom"][0]["kind"] == "Secret"
    assert "adminPassword" in prometheus["spec"]["values"]["grafana"]


async def test_notification_and_image_objects(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    _, objects = fleet
    providers = {
        n: o
        for (k, ns, n), o in objects.items()
        if k == "Provider" and ns == "flux-system"
    }
    assert {p["spec"]["type"] for p in providers.values()} == {
        "slack",
        "github",
        "msteams",
    }
    assert "/services/" in providers["slack"]["spec"]["address"]
    assert "/IncomingWebhook/" in providers["msteams"]["spec"]["address"]
    for (kind, ns, _), obj in objects.items():
        if kind == "Alert":
            assert ("Provider", ns, obj["spec"]["providerRef"]["name"]) in objects
            assert "status" not in obj
    on_call = objects[("Alert", "flux-system", "on-call")]
    assert any(s["name"] == "*" for s in on_call["spec"]["eventSources"])
    teams = objects[("Alert", "flux-system", "teams-platform")]
    assert any(s.get("matchLabels") for s in teams["spec"]["eventSources"])
    receiver = objects[("Receiver", "flux-system", "github-receiver")]
    assert re.fullmatch(r"/hook/[0-9a-f]{64}", receiver["status"]["webhookPath"])
    repo = objects[("ImageRepository", "flux-system", "podinfo")]
    assert repo["status"]["lastScanResult"]["tagCount"] == 87
    assert conditions(repo)["Ready"]["message"] == "successful scan: found 87 tags"
    policy = objects[("ImagePolicy", "flux-system", "podinfo")]
    assert policy["status"]["latestRef"] == {
        "name": "ghcr.io/stefanprodan/podinfo",
        "tag": "6.8.0",
    }
    automation = objects[("ImageUpdateAutomation", "flux-system", "flux-system")]
    assert re.fullmatch(r"[0-9a-f]{40}", automation["status"]["lastPushCommit"])


async def test_referenced_secrets_exist_with_data(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    cluster, objects = fleet
    refs = {
        (ns, o["spec"]["secretRef"]["name"])
        for (_, ns, _), o in objects.items()
        if (o.get("spec") or {}).get("secretRef")
    }
    refs |= {
        (ns, v["name"])
        for (kind, ns, _), o in objects.items()
        if kind == "HelmRelease"
        for v in o["spec"].get("valuesFrom") or []
        if v["kind"] == "Secret"
    }
    assert len(refs) >= 8
    for ns, name in sorted(refs):
        secret = await cluster.core.read_namespaced_secret(name, ns)
        assert secret.data, (ns, name)
        assert all(base64.b64decode(v) for v in secret.data.values())


async def test_events_in_flux_style(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    cluster, objects = fleet
    body = await cluster.core.list_event_for_all_namespaces()
    events = [cluster.api.sanitize_for_serialization(e) for e in body.items]
    assert len(events) >= len(objects) // 2
    for event in events:
        involved = event["involvedObject"]
        assert re.fullmatch(
            rf"{re.escape(involved['name'])}\.[0-9a-f]+", event["metadata"]["name"]
        )
        assert (
            event["source"]["component"].endswith("-controller")
            or event["source"]["component"] == "source-watcher"
        )
        assert event["reportingComponent"] == event["source"]["component"]
        assert event["count"] >= 1
        assert (involved["kind"], involved["namespace"], involved["name"]) in objects
    warnings = {
        (
            e["involvedObject"]["kind"],
            e["involvedObject"]["namespace"],
            e["involvedObject"]["name"],
        )
        for e in events
        if e["type"] == "Warning"
    }
    for name, (state, reason) in NOTABLE.items():
        if state == "Failed" and reason != "DependencyNotReady":
            assert name in warnings, name
    infra = [
        e
        for e in events
        if e["involvedObject"]["name"] == "infra-configs" and e["type"] == "Warning"
    ]
    assert infra[0]["count"] > 1
    assert infra[0]["metadata"]["annotations"][
        "kustomize.toolkit.fluxcd.io/revision"
    ].startswith("main@sha1:")


async def test_flux_controllers_are_deployed_with_version_labels(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]], scenario: str
) -> None:
    cluster, _ = fleet
    apps = client.AppsV1Api(cluster.api)
    found = await apps.list_namespaced_deployment(
        "flux-system", label_selector="app.kubernetes.io/part-of=flux"
    )
    flux_version = "v2.6.4" if scenario == "flux-2.6" else "v2.9.4"
    images = {}
    for d in found.items:
        labels = d.metadata.labels
        assert labels["app.kubernetes.io/version"] == flux_version
        assert labels["app.kubernetes.io/component"] == d.metadata.name
        images[d.metadata.name] = d.spec.template.spec.containers[0].image
        assert d.status.ready_replicas == 1
    expected = {
        "v2.9.4": {
            "source-controller": "v1.9.4",
            "helm-controller": "v1.6.3",
            "image-reflector-controller": "v1.2.4",
        },
        "v2.6.4": {
            "source-controller": "v1.6.2",
            "helm-controller": "v1.3.0",
            "image-reflector-controller": "v0.35.2",
        },
    }[flux_version]
    assert set(images) == {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector-controller",
        "image-automation-controller",
    }
    for name, tag in expected.items():
        assert images[name] == f"ghcr.io/fluxcd/{name}:{tag}"


async def test_objects_were_created_before_their_last_reconcile(
    fleet: tuple[Cluster, dict[tuple[str, str, str], Obj]],
) -> None:
    _, objects = fleet
    for obj in objects.values():
        created = obj["metadata"]["creationTimestamp"]
        for c in conditions(obj).values():
            assert c["lastTransitionTime"] >= created, (key(obj), c)


async def test_flux_26_serves_older_api_versions() -> None:
    async with running("flux-2.6", line="2.6") as cluster:
        groups = {
            g.name: g
            for g in (await client.ApisApi(cluster.api).get_api_versions()).groups
        }
        versions = {name: [v.version for v in g.versions] for name, g in groups.items()}
        assert set(versions["image.toolkit.fluxcd.io"]) == {"v1beta2", "v1beta1"}
        assert groups["image.toolkit.fluxcd.io"].preferred_version.version == "v1beta2"
        assert set(versions["source.toolkit.fluxcd.io"]) == {"v1", "v1beta2", "v1beta1"}
        assert set(versions["notification.toolkit.fluxcd.io"]) == {
            "v1",
            "v1beta3",
            "v1beta2",
            "v1beta1",
        }
        custom = cluster.custom
        policy = await custom.get_namespaced_custom_object(
            "image.toolkit.fluxcd.io",
            "v1beta2",
            "flux-system",
            "imagepolicies",
            "podinfo",
        )
        assert policy["status"]["latestImage"] == "ghcr.io/stefanprodan/podinfo:6.8.0"
        oci = await custom.get_namespaced_custom_object(
            "source.toolkit.fluxcd.io", "v1beta2", "apps", "ocirepositories", "podinfo"
        )
        assert oci["kind"] == "OCIRepository"
        with pytest.raises(ApiException) as missing:
            await custom.list_cluster_custom_object(
                "source.toolkit.fluxcd.io", "v1", "externalartifacts"
            )
        assert missing.value.status == 404
        release = await cluster.get("HelmRelease", "apps", "podinfo")
        assert "apiVersion" not in release["status"]["history"][0], (
            "Helm v4 snapshots arrived after 2.6"
        )


async def test_latest_line_serves_only_current_versions() -> None:
    async with running("demo") as cluster:
        groups = {
            g.name: g
            for g in (await client.ApisApi(cluster.api).get_api_versions()).groups
        }
        versions = {name: {v.version for v in g.versions} for name, g in groups.items()}
        assert versions["image.toolkit.fluxcd.io"] == {"v1"}
        assert versions["source.toolkit.fluxcd.io"] == {"v1"}
        assert versions["notification.toolkit.fluxcd.io"] == {"v1", "v1beta3"}
        assert versions["helm.toolkit.fluxcd.io"] == {"v2"}
        resources = await cluster.api.call_api(
            "/apis/kustomize.toolkit.fluxcd.io/v1",
            "GET",
            response_types_map={200: "object"},
            _return_http_data_only=True,
        )
        ks = next(r for r in resources["resources"] if r["name"] == "kustomizations")
        assert ks["shortNames"] == ["ks"]
        assert ks["categories"] == ["all", "fluxcd", "fluxcd-appliers"]
        assert any(r["name"] == "kustomizations/status" for r in resources["resources"])
