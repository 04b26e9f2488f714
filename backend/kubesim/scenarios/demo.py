"""The ``demo`` fleet: a production cluster on a busy day (also ``flux-2.6``, at Flux 2.6's versions).

Shaped like a real Flux repository: ``flux-system`` bootstrap, infrastructure controllers and
configs, apps depending on infrastructure, two tenants with their own sources, image
automation, alerts and a receiver. 65 Flux objects (63 on ``flux-2.6``, which has no
ExternalArtifact) in 5 namespaces, plus Flux's controller Deployments and the workloads the
Kustomizations and HelmReleases manage. Names and states are stable; tests rely on them.

Namespaces: flux-system, infrastructure, apps, team-a, team-b (Flux objects); cert-manager,
ingress-nginx, monitoring (workloads only); default, kube-system, kube-public, kube-node-lease.

Notable objects (Kind namespace/name: health, reason) — everything else is Ready:

* GitRepository flux-system/flux-system: Ready (ssh://git@github.com/acme/fleet-infra, main)
* Kustomization flux-system/flux-system: Ready; inventory = the whole bootstrap (Namespace, 14
  CRDs, 6 controller Deployments, its sources, Kustomizations, notification and image objects)
* Kustomization flux-system/infra-controllers: Ready (wait: true); inventory lists the
  infrastructure HelmRepositories, OCIRepository and HelmReleases
* Kustomization flux-system/infra-configs: Failed HealthCheckFailed ("health check failed after
  4m30.024s: timeout waiting for: [ClusterIssuer/letsencrypt-prod status: 'InProgress']")
* Kustomization flux-system/apps: Failed DependencyNotReady ("dependency
  'flux-system/infra-configs' is not ready")
* Kustomization flux-system/tenants: Ready; Kustomization flux-system/monitoring-config: Ready
* Kustomization flux-system/platform-policies: Ready, sourceRef ExternalArtifact
  flux-system/platform-policies (2.9 only; ExternalArtifact is Ready)
* Kustomization flux-system/legacy-manifests: Suspended (source Bucket flux-system/legacy-manifests)
* Bucket flux-system/legacy-manifests: Ready (minio, secretRef minio-credentials)
* Provider flux-system/slack (address with a secret webhook path), flux-system/github
  (secretRef github-token), flux-system/msteams (secret webhook URL); team-a/team-a-slack
* Alert flux-system/on-call (slack; eventSources with ``*``), flux-system/github-status
  (github), flux-system/teams-platform (msteams; matchLabels team=platform); team-a/team-a-alerts
* Receiver flux-system/github-receiver: Ready, status.webhookPath /hook/<sha256>
* ImageRepository flux-system/podinfo, ImagePolicy flux-system/podinfo (latestRef 6.8.x),
  ImageUpdateAutomation flux-system/flux-system (lastPushCommit): Ready
* HelmRepository infrastructure/jetstack, ingress-nginx, prometheus-community, grafana,
  vmware-tanzu: Ready; HelmRepository infrastructure/bitnami: type oci (static, no status)
* OCIRepository infrastructure/external-secrets → HelmRelease infrastructure/external-secrets
  (chartRef): Ready
* HelmRelease infrastructure/cert-manager, infrastructure/ingress-nginx, infrastructure/redis
  (chart from the OCI HelmRepository bitnami): Ready, with histories
* HelmRelease infrastructure/kube-prometheus-stack: Failed Stalled — Stalled=True
  RetriesExceeded ("Failed to upgrade after 4 attempt(s)"), Ready=False UpgradeFailed,
  failures=upgradeFailures=4, valuesFrom Secret kube-prometheus-stack-values, inline values
  with secret-looking keys; a reset (resetAt) un-stalls it and the next reconcile succeeds
* HelmRelease infrastructure/loki: Progressing (Ready=Unknown Progressing, Reconciling=True)
* HelmRelease infrastructure/velero: Suspended
* HelmChart <hr-ns>-<hr-name> in the source namespace for every chart template, e.g.
  infrastructure/infrastructure-cert-manager, team-a/team-a-team-a-api
* OCIRepository apps/podinfo (oci://ghcr.io/stefanprodan/charts/podinfo, tag 6.8.0) →
  HelmRelease apps/podinfo (chartRef; dependsOn infrastructure/ingress-nginx and
  infrastructure/cert-manager): Ready, history of 3 releases, chartVersion 6.8.0+<12 hex>
* HelmRelease apps/podinfo-canary: Unknown (never reconciled: no conditions)
* Kustomization apps/frontend: Ready, postBuild.substitute with REDIS_PASSWORD; inventory
  includes Deployment apps/frontend
* Kustomization apps/backend: Ready and flaky (every reconcile flips Ready/HealthCheckFailed)
* GitRepository team-a/team-a-repo: Ready; GitRepository team-a/legacy-config: Ready, URL with
  embedded credentials (https://deploy-bot:glpat-…@gitlab.com/…)
* Kustomization team-a/team-a-apps: Failed BuildFailed (kustomize build failed: …)
* Kustomization team-a/team-a-legacy: Ready (Deployment team-a/legacy-api)
* HelmRelease team-a/team-a-api: Ready; ImageRepository/ImagePolicy team-a/team-a-api: Ready
* ImageUpdateAutomation team-a/team-a-automation: Failed GitOperationFailed (push denied)
* GitRepository team-b/team-b-repo: Failed AuthenticationFailed ("failed to checkout and
  determine revision: unable to clone 'https://github.com/acme/team-b-apps': authentication
  required"); it keeps its last artifact, so Kustomization team-b/team-b-apps stays Ready
* HelmRepository team-b/team-b-charts: Failed IndexationFailed; HelmRelease team-b/team-b-redis:
  Ready (from the last index)
* Kustomization team-b/team-b-staging: Unknown (never reconciled)

Secrets with data (fluxdash must never return it): flux-system/flux-system (SSH deploy key),
flux-system/github-token, flux-system/slack-webhook, flux-system/webhook-token,
flux-system/minio-credentials, apps/cluster-secrets, infrastructure/kube-prometheus-stack-values,
team-a/team-a-git-auth, team-b/team-b-git-auth.

Living (on by default for ``demo``): every 20-40 s a source publishes a new revision and its
consumers follow; apps/backend flips. Switch off with ``KUBESIM_LIVING=0`` or
``runtime.set_living(False)``.
"""

from __future__ import annotations

from datetime import timedelta

from kubesim.controllers.scripts import Failure
from kubesim.crds import FluxLine, flux_kinds
from kubesim.scenarios import objects as o
from kubesim.scenarios.fleet import Fleet, entry
from kubesim.scenarios.install import FLUX_NAMESPACE, install_flux
from kubesim.scenarios.states import (
    UNKNOWN,
    DependencyNotReady,
    Failed,
    Progressing,
    Stalled,
)
from kubesim.store import Obj

FS = FLUX_NAMESPACE
INFRA = "infrastructure"
APPS = "apps"
TEAM_A = "team-a"
TEAM_B = "team-b"

SLACK_WEBHOOK = (
    "https://hooks.slack.com/services/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"
)
TEAMS_WEBHOOK = (
    "https://acme.webhook.office.com/webhookb2/7f3c2a1e-8d4b-4c6a-9e0f-1a2b3c4d5e6f@0d9c8b7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a"
    "/IncomingWebhook/5c1f0e7a9b3d4e2f8a6c1b0d9e7f3a2c/3e4d5c6b-7a8f-4e9d-0c1b-2a3f4e5d6c7b"
)
LEGACY_URL = (
    "https://deploy-bot:glpat-kubesim-s3cr3tT0ken@gitlab.com/acme/legacy-config.git"
)


def _secrets(fleet: Fleet) -> None:
    fleet.secret(
        FS,
        "flux-system",
        {
            "identity": "-----BEGIN OPENSSH PRIVATE KEY-----\nkubesim-fake-deploy-key-do-not-leak\n"
            "-----END OPENSSH PRIVATE KEY-----\n",
            "identity.pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKubesimFakeKey flux",
            "known_hosts": "github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=",
        },
    )
    fleet.secret(
        FS, "github-token", {"token": "ghp_kubesimFakeGithubToken0123456789abcdef"}
    )
    fleet.secret(FS, "slack-webhook", {"address": SLACK_WEBHOOK})
    fleet.secret(FS, "webhook-token", {"token": "kubesim-receiver-token-7d1f0a9c"})
    fleet.secret(
        FS,
        "minio-credentials",
        {"accesskey": "minio-admin", "secretkey": "kubesim-minio-secret-key"},
    )
    fleet.secret(
        APPS,
        "cluster-secrets",
        {"DB_PASSWORD": "kubesim-db-password", "API_TOKEN": "kubesim-api-token"},
    )
    fleet.secret(
        INFRA,
        "kube-prometheus-stack-values",
        {"values.yaml": "grafana:\n  adminPassword: kubesim-grafana-admin\n"},
    )
    fleet.secret(
        TEAM_A,
        "slack-url",
        {
            "address": "https://hooks.slack.com/services/T024BE7LD/B07TEAMA01/kubesimTeamAHook"
        },
    )
    fleet.secret(
        TEAM_A,
        "team-a-git-auth",
        {"username": "team-a-bot", "password": "ghp_kubesimTeamAToken"},
    )
    fleet.secret(
        TEAM_B,
        "team-b-git-auth",
        {"username": "team-b-bot", "password": "expired-token"},
    )


def build_demo(fleet: Fleet) -> None:
    """Load the demo fleet into ``fleet`` (see the module docstring)."""
    line: FluxLine = fleet.line
    has_external_artifacts = any(k.kind == "ExternalArtifact" for k in flux_kinds(line))
    controllers = install_flux(fleet.store, line, at=fleet.ago(days=30))
    for ns in (
        INFRA,
        APPS,
        TEAM_A,
        TEAM_B,
        "cert-manager",
        "ingress-nginx",
        "monitoring",
    ):
        labels = {"toolkit.fluxcd.io/tenant": ns} if ns.startswith("team-") else None
        fleet.namespace(ns, labels)
    _secrets(fleet)

    # -- flux-system sources ---------------------------------------------------------------
    fleet_repo = fleet.add(
        o.git_repository(
            FS,
            "flux-system",
            url="ssh://git@github.com/acme/fleet-infra",
            secret="flux-system",
        ),
        age=timedelta(seconds=40),
    )
    monitoring_repo = fleet.add(
        o.git_repository(
            FS,
            "flux-monitoring",
            url="https://github.com/fluxcd/flux2-monitoring-example",
            interval="30m0s",
        ),
        age=timedelta(minutes=12),
    )
    legacy_bucket = fleet.add(
        o.bucket(
            FS,
            "legacy-manifests",
            bucket_name="fleet-legacy",
            endpoint="minio.minio.svc.cluster.local:9000",
            insecure=True,
            secret="minio-credentials",
        ),
        age=timedelta(minutes=3),
    )
    platform_artifact = (
        fleet.add(
            o.external_artifact(FS, "platform-policies", generator="platform-policies"),
            age=timedelta(hours=1),
        )
        if has_external_artifacts
        else None
    )

    # -- infrastructure sources and releases -----------------------------------------------
    jetstack = fleet.add(
        o.helm_repository(INFRA, "jetstack", url="https://charts.jetstack.io")
    )
    nginx_repo = fleet.add(
        o.helm_repository(
            INFRA, "ingress-nginx", url="https://kubernetes.github.io/ingress-nginx"
        )
    )
    prom_repo = fleet.add(
        o.helm_repository(
            INFRA,
            "prometheus-community",
            url="https://prometheus-community.github.io/helm-charts",
        )
    )
    grafana_repo = fleet.add(
        o.helm_repository(INFRA, "grafana", url="https://grafana.github.io/helm-charts")
    )
    tanzu_repo = fleet.add(
        o.helm_repository(
            INFRA, "vmware-tanzu", url="https://vmware-tanzu.github.io/helm-charts"
        )
    )
    bitnami = fleet.add(
        o.helm_repository(
            INFRA,
            "bitnami",
            url="oci://registry-1.docker.io/bitnamicharts",
            oci=True,
            interval="24h",
        )
    )
    eso_chart = fleet.add(
        o.oci_repository(
            INFRA,
            "external-secrets",
            url="oci://ghcr.io/external-secrets/charts/external-secrets",
            tag="0.16.2",
            interval="12h0m0s",
            layer_selector={
                "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                "operation": "copy",
            },
        )
    )

    cert_manager = fleet.add(
        o.helm_release(
            INFRA,
            "cert-manager",
            chart="cert-manager",
            version="v1.16.2",
            source=jetstack,
            target_namespace="cert-manager",
            release_name="cert-manager",
            values={
                "crds": {"enabled": True},
                "replicaCount": 2,
                "prometheus": {"enabled": True},
            },
        ),
        history=3,
        age=timedelta(minutes=18),
    )
    ingress_nginx = fleet.add(
        o.helm_release(
            INFRA,
            "ingress-nginx",
            chart="ingress-nginx",
            version="4.11.x",
            source=nginx_repo,
            target_namespace="ingress-nginx",
            release_name="ingress-nginx",
            values={
                "controller": {"replicaCount": 3, "service": {"type": "LoadBalancer"}}
            },
        ),
        history=2,
        age=timedelta(minutes=22),
    )
    prometheus = fleet.add(
        o.helm_release(
            INFRA,
            "kube-prometheus-stack",
            chart="kube-prometheus-stack",
            version="66.3.1",
            source=prom_repo,
            target_namespace="monitoring",
            release_name="kube-prometheus-stack",
            timeout="10m0s",
            depends=[cert_manager],
            values={
                "grafana": {
                    "adminPassword": "kubesim-inline-grafana-password",
                    "ingress": {"enabled": True},
                },
                "alertmanager": {
                    "config": {"global": {"slack_api_url": SLACK_WEBHOOK}}
                },
                "prometheus": {"prometheusSpec": {"retention": "15d"}},
            },
            values_from=[
                {
                    "kind": "Secret",
                    "name": "kube-prometheus-stack-values",
                    "valuesKey": "values.yaml",
                },
            ],
        ),
        state=Stalled(
            reason="UpgradeFailed",
            message=(
                "Helm upgrade failed for release monitoring/kube-prometheus-stack with chart "
                'kube-prometheus-stack@66.3.1: cannot patch "kube-prometheus-stack-grafana" with kind '
                'Deployment: Deployment.apps "kube-prometheus-stack-grafana" is invalid: spec.selector: '
                'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app.kubernetes.io/name":'
                '"grafana"}}: field is immutable'
            ),
        ),
        history=2,
        age=timedelta(minutes=35),
    )
    loki = fleet.add(
        o.helm_release(
            INFRA,
            "loki",
            chart="loki",
            version="6.24.0",
            source=grafana_repo,
            target_namespace="monitoring",
            timeout="10m0s",
            values={"deploymentMode": "SingleBinary", "loki": {"auth_enabled": False}},
        ),
        state=Progressing(),
        age=timedelta(seconds=50),
    )
    redis = fleet.add(
        o.helm_release(
            INFRA,
            "redis",
            chart="redis",
            version="20.6.0",
            source=bitnami,
            target_namespace=APPS,
            values={
                "architecture": "standalone",
                "auth": {"existingSecret": "redis-auth"},
            },
        ),
        age=timedelta(minutes=9),
    )
    external_secrets = fleet.add(
        o.helm_release(
            INFRA, "external-secrets", chart_ref=eso_chart, target_namespace=INFRA
        ),
        history=2,
        age=timedelta(minutes=7),
    )
    velero = fleet.add(
        o.helm_release(
            INFRA,
            "velero",
            chart="velero",
            version="8.1.0",
            source=tanzu_repo,
            target_namespace="velero",
            install={"createNamespace": True, "remediation": {"retries": 3}},
        ),
        suspended=True,
        age=timedelta(days=2),
    )
    for ns, name, image, owner, ready in (
        (
            "cert-manager",
            "cert-manager",
            "quay.io/jetstack/cert-manager-controller:v1.16.2",
            cert_manager,
            True,
        ),
        (
            "cert-manager",
            "cert-manager-cainjector",
            "quay.io/jetstack/cert-manager-cainjector:v1.16.2",
            cert_manager,
            True,
        ),
        (
            "cert-manager",
            "cert-manager-webhook",
            "quay.io/jetstack/cert-manager-webhook:v1.16.2",
            cert_manager,
            True,
        ),
        (
            "ingress-nginx",
            "ingress-nginx-controller",
            "registry.k8s.io/ingress-nginx/controller:v1.11.3",
            ingress_nginx,
            True,
        ),
        (
            "monitoring",
            "kube-prometheus-stack-grafana",
            "docker.io/grafana/grafana:11.3.1",
            prometheus,
            False,
        ),
        (
            "monitoring",
            "kube-prometheus-stack-operator",
            "quay.io/prometheus-operator/prometheus-operator:v0.78.2",
            prometheus,
            True,
        ),
        ("monitoring", "loki", "docker.io/grafana/loki:3.3.2", loki, False),
        (APPS, "redis-master", "docker.io/bitnami/redis:7.4.1", redis, True),
        (
            INFRA,
            "external-secrets",
            "ghcr.io/external-secrets/external-secrets:v0.16.2",
            external_secrets,
            True,
        ),
    ):
        fleet.deployment(ns, name, image=image, managed_by=owner, ready=ready)

    # -- apps -----------------------------------------------------------------------------------
    podinfo_chart = fleet.add(
        o.oci_repository(
            APPS,
            "podinfo",
            url="oci://ghcr.io/stefanprodan/charts/podinfo",
            tag="6.8.0",
        ),
        age=timedelta(minutes=2),
    )
    podinfo = fleet.add(
        o.helm_release(
            APPS,
            "podinfo",
            chart_ref=podinfo_chart,
            interval="10m0s",
            depends=[ingress_nginx, cert_manager],
            values={
                "replicaCount": 2,
                "ingress": {
                    "enabled": True,
                    "className": "nginx",
                    "hosts": [{"host": "podinfo.acme.example.com"}],
                },
                "redis": {"enabled": True, "password": "kubesim-podinfo-redis"},
            },
        ),
        history=3,
        age=timedelta(minutes=2),
    )
    podinfo_canary = fleet.add(
        o.helm_release(
            APPS, "podinfo-canary", chart_ref=podinfo_chart, values={"replicaCount": 1}
        ),
        state=UNKNOWN,
    )
    frontend_spec = o.kustomization(
        APPS,
        "frontend",
        source=fleet_repo,
        path="./apps/frontend/production",
        interval="5m0s",
        wait=True,
        target_namespace=APPS,
        post_build={
            "substitute": {
                "cluster_name": "production",
                "domain": "acme.example.com",
                "REDIS_PASSWORD": "kubesim-substituted-redis-password",
            },
            "substituteFrom": [{"kind": "Secret", "name": "cluster-secrets"}],
        },
        labels={"team": "platform"},
    )
    backend_spec = o.kustomization(
        APPS,
        "backend",
        source=fleet_repo,
        path="./apps/backend/production",
        interval="5m0s",
        wait=True,
        target_namespace=APPS,
    )
    frontend_deploy = fleet.deployment(
        APPS,
        "frontend",
        image="ghcr.io/acme/frontend:2.14.1",
        replicas=3,
        managed_by=frontend_spec,
    )
    backend_api = fleet.deployment(
        APPS,
        "backend-api",
        image="ghcr.io/acme/backend:5.2.0",
        replicas=2,
        managed_by=backend_spec,
    )
    backend_worker = fleet.deployment(
        APPS,
        "backend-worker",
        image="ghcr.io/acme/backend:5.2.0",
        managed_by=backend_spec,
    )
    fleet.deployment(
        APPS,
        "podinfo",
        image="ghcr.io/stefanprodan/podinfo:6.8.0",
        replicas=2,
        managed_by=podinfo,
    )
    frontend = fleet.add(
        frontend_spec,
        inventory=[
            entry("ConfigMap", APPS, "frontend-config-6k2f9tm8h4"),
            entry("Service", APPS, "frontend"),
            frontend_deploy,
            entry(
                "HorizontalPodAutoscaler",
                APPS,
                "frontend",
                group="autoscaling",
                version="v2",
            ),
            entry("Ingress", APPS, "frontend", group="networking.k8s.io"),
        ],
        history=4,
        age=timedelta(minutes=1),
    )
    backend = fleet.add(
        backend_spec,
        inventory=[
            entry("Service", APPS, "backend-api"),
            backend_api,
            backend_worker,
            entry("PodDisruptionBudget", APPS, "backend-api", group="policy"),
        ],
        history=3,
        flaky=Failure(
            "HealthCheckFailed",
            "health check failed after 2m0.031s: timeout waiting for: "
            "[Deployment/apps/backend-worker status: 'InProgress']",
        ),
        age=timedelta(minutes=3),
    )

    # -- team-a ---------------------------------------------------------------------------------
    team_a_repo = fleet.add(
        o.git_repository(
            TEAM_A,
            "team-a-repo",
            url="https://github.com/acme/team-a-apps",
            secret="team-a-git-auth",
        ),
        age=timedelta(seconds=25),
    )
    legacy_repo = fleet.add(
        o.git_repository(
            TEAM_A, "legacy-config", url=LEGACY_URL, branch="master", interval="10m0s"
        ),
        age=timedelta(minutes=6),
    )
    team_a_apps = fleet.add(
        o.kustomization(
            TEAM_A,
            "team-a-apps",
            source=team_a_repo,
            path="./deploy/production",
            service_account="flux",
        ),
        state=Failed(
            "BuildFailed",
            "kustomize build failed: accumulating resources: accumulation err='accumulating resources from "
            "'./overlays/production': open /tmp/kustomization-2736482981/deploy/production/overlays/production: "
            "no such file or directory': must build at directory: not a valid directory: evalsymlink failure on "
            "'/tmp/kustomization-2736482981/deploy/production/overlays/production' : lstat "
            "/tmp/kustomization-2736482981/deploy/production/overlays: no such file or directory",
            count=23,
        ),
        age=timedelta(minutes=1),
    )
    legacy_spec = o.kustomization(
        TEAM_A, "team-a-legacy", source=legacy_repo, path="./", service_account="flux"
    )
    legacy_api = fleet.deployment(
        TEAM_A,
        "legacy-api",
        image="registry.acme.example.com/legacy/api:1.9.12",
        managed_by=legacy_spec,
    )
    team_a_legacy = fleet.add(
        legacy_spec,
        inventory=[entry("Service", TEAM_A, "legacy-api"), legacy_api],
        age=timedelta(minutes=6),
    )
    team_a_charts = fleet.add(
        o.helm_repository(
            TEAM_A, "team-a-charts", url="https://charts.team-a.acme.example.com"
        )
    )
    team_a_api = fleet.add(
        o.helm_release(
            TEAM_A,
            "team-a-api",
            chart="api",
            version="2.3.x",
            source=team_a_charts,
            serviceAccountName="flux",
            values={"image": {"repository": "ghcr.io/acme/team-a-api", "tag": "2.3.7"}},
        ),
        history=2,
        age=timedelta(minutes=14),
    )
    team_a_image = fleet.add(
        o.image_repository(
            TEAM_A,
            "team-a-api",
            image="ghcr.io/acme/team-a-api",
            secret="team-a-git-auth",
        ),
        observed={
            "lastScanResult": {
                "tagCount": 48,
                "scanTime": fleet.ago(minutes=2),
                "latestTags": [
                    "2.3.7",
                    "2.3.6",
                    "2.3.5",
                    "2.3.4",
                    "2.3.3",
                    "2.3.2",
                    "2.3.1",
                    "2.3.0",
                    "2.2.9",
                    "2.2.8",
                ],
            }
        },
        age=timedelta(minutes=2),
    )
    team_a_policy = fleet.add(
        o.image_policy(TEAM_A, "team-a-api", repository=team_a_image, semver=">=2.0.0"),
        age=timedelta(minutes=2),
    )
    team_a_automation = fleet.add(
        o.image_update_automation(
            TEAM_A, "team-a-automation", source=team_a_repo, path="./deploy"
        ),
        state=Failed(
            "GitOperationFailed",
            "failed to push to remote: unable to push to 'main': remote: Permission to acme/team-a-apps.git denied "
            "to team-a-bot.",
            count=8,
        ),
        age=timedelta(minutes=9),
    )
    team_a_slack = fleet.add(
        o.provider(
            TEAM_A,
            "team-a-slack",
            type_="slack",
            channel="#team-a-deploys",
            secret="slack-url",
        )
    )
    team_a_alerts = fleet.add(
        o.alert(
            TEAM_A,
            "team-a-alerts",
            provider_obj=team_a_slack,
            event_sources=[
                {"kind": "Kustomization", "name": "*"},
                {"kind": "HelmRelease", "name": "*"},
            ],
            severity="error",
        )
    )

    # -- team-b ---------------------------------------------------------------------------------
    team_b_repo = fleet.add(
        o.git_repository(
            TEAM_B,
            "team-b-repo",
            url="https://github.com/acme/team-b-apps",
            secret="team-b-git-auth",
        ),
        state=Failed(
            "AuthenticationFailed",
            "failed to checkout and determine revision: unable to clone 'https://github.com/acme/team-b-apps': "
            "authentication required",
            count=41,
        ),
        age=timedelta(seconds=55),
    )
    team_b_web_spec = o.kustomization(
        TEAM_B,
        "team-b-apps",
        source=team_b_repo,
        path="./production",
        service_account="flux",
    )
    team_b_web = fleet.deployment(
        TEAM_B,
        "team-b-web",
        image="ghcr.io/acme/team-b-web:0.9.3",
        replicas=2,
        managed_by=team_b_web_spec,
    )
    team_b_apps = fleet.add(
        team_b_web_spec,
        inventory=[entry("Service", TEAM_B, "team-b-web"), team_b_web],
        age=timedelta(minutes=8),
    )
    team_b_staging = fleet.add(
        o.kustomization(
            TEAM_B,
            "team-b-staging",
            source=team_b_repo,
            path="./staging",
            service_account="flux",
        ),
        state=UNKNOWN,
    )
    team_b_charts = fleet.add(
        o.helm_repository(
            TEAM_B, "team-b-charts", url="https://charts.team-b.internal"
        ),
        state=Failed(
            "IndexationFailed",
            "failed to fetch Helm repository index: failed to cache index to temporary file: Get "
            '"https://charts.team-b.internal/index.yaml": dial tcp: lookup charts.team-b.internal on '
            "10.96.0.10:53: no such host",
            count=17,
        ),
    )
    team_b_redis = fleet.add(
        o.helm_release(
            TEAM_B, "team-b-redis", chart="redis", version="1.4.2", source=team_b_charts
        ),
        age=timedelta(minutes=25),
    )

    # -- notification and image automation in flux-system -----------------------------------------
    slack = fleet.add(
        o.provider(
            FS, "slack", type_="slack", channel="#flux-alerts", address=SLACK_WEBHOOK
        )
    )
    github = fleet.add(
        o.provider(
            FS,
            "github",
            type_="github",
            address="https://github.com/acme/fleet-infra",
            secret="github-token",
        )
    )
    teams = fleet.add(o.provider(FS, "msteams", type_="msteams", address=TEAMS_WEBHOOK))
    on_call = fleet.add(
        o.alert(
            FS,
            "on-call",
            provider_obj=slack,
            severity="error",
            summary="Production cluster",
            event_sources=[
                {"kind": "GitRepository", "name": "*"},
                {"kind": "Kustomization", "name": "*"},
                {"kind": "HelmRelease", "name": "*", "namespace": INFRA},
                {"kind": "HelmRelease", "name": "*", "namespace": APPS},
            ],
            exclusions=[".*upgrade.*has.*started", ".*is.*not.*ready"],
        )
    )
    github_status = fleet.add(
        o.alert(
            FS,
            "github-status",
            provider_obj=github,
            event_sources=[{"kind": "Kustomization", "name": "flux-system"}],
        )
    )
    teams_platform = fleet.add(
        o.alert(
            FS,
            "teams-platform",
            provider_obj=teams,
            event_sources=[
                {
                    "kind": "Kustomization",
                    "name": "*",
                    "namespace": APPS,
                    "matchLabels": {"team": "platform"},
                },
                {"kind": "HelmRelease", "name": "podinfo", "namespace": APPS},
            ],
            event_metadata={"cluster": "production", "region": "eu-west-1"},
        )
    )
    receiver = fleet.add(
        o.receiver(
            FS,
            "github-receiver",
            type_="github",
            events=["ping", "push"],
            resources=[{"kind": "GitRepository", "name": "flux-system"}],
            secret="webhook-token",
        ),
        age=timedelta(days=1),
    )
    podinfo_image = fleet.add(
        o.image_repository(
            FS, "podinfo", image="ghcr.io/stefanprodan/podinfo", interval="1m0s"
        ),
        observed={
            "lastScanResult": {
                "tagCount": 87,
                "scanTime": fleet.ago(seconds=30),
                "latestTags": [
                    "6.8.0",
                    "6.7.1",
                    "6.7.0",
                    "6.6.3",
                    "6.6.2",
                    "6.6.1",
                    "6.6.0",
                    "6.5.4",
                    "6.5.3",
                    "6.5.2",
                ],
            }
        },
        age=timedelta(seconds=30),
    )
    podinfo_policy = fleet.add(
        o.image_policy(FS, "podinfo", repository=podinfo_image, semver="6.x"),
        age=timedelta(seconds=30),
    )
    image_automation = fleet.add(
        o.image_update_automation(
            FS, "flux-system", source=fleet_repo, path="./clusters/production"
        ),
        status={
            "lastPushCommit": "8f3c1a0b9d2e4f6a7c5b3e1d0f9a8b7c6d5e4f3a",
            "lastPushTime": fleet.ago(days=1, hours=3),
            "observedPolicies": {
                "podinfo": {"name": "ghcr.io/stefanprodan/podinfo", "tag": "6.8.0"}
            },
        },
        age=timedelta(minutes=11),
    )

    # -- flux-system Kustomizations (added last: their inventories name everything above) ---------
    infra_controllers = fleet.add(
        o.kustomization(
            FS,
            "infra-controllers",
            source=fleet_repo,
            path="./infrastructure/controllers",
            interval="1h0m0s",
            retry_interval="1m0s",
            timeout="5m0s",
            wait=True,
        ),
        inventory=[
            entry("Namespace", "", "cert-manager"),
            entry("Namespace", "", "ingress-nginx"),
            entry("Namespace", "", "monitoring"),
            entry("Namespace", "", INFRA),
            jetstack,
            nginx_repo,
            prom_repo,
            grafana_repo,
            tanzu_repo,
            bitnami,
            eso_chart,
            cert_manager,
            ingress_nginx,
            prometheus,
            loki,
            redis,
            external_secrets,
            velero,
        ],
        history=5,
        age=timedelta(minutes=4),
    )
    infra_configs = fleet.add(
        o.kustomization(
            FS,
            "infra-configs",
            source=fleet_repo,
            path="./infrastructure/configs",
            interval="1h0m0s",
            retry_interval="1m0s",
            timeout="5m0s",
            depends=[infra_controllers],
            health_checks=[
                {
                    "apiVersion": "cert-manager.io/v1",
                    "kind": "ClusterIssuer",
                    "name": "letsencrypt-prod",
                }
            ],
        ),
        state=Failed(
            "HealthCheckFailed",
            "health check failed after 4m30.024s: timeout waiting for: [ClusterIssuer/letsencrypt-prod status: "
            "'InProgress']",
            count=14,
        ),
        inventory=[
            entry("ClusterIssuer", "", "letsencrypt-prod", group="cert-manager.io"),
            entry("ClusterIssuer", "", "letsencrypt-staging", group="cert-manager.io"),
            entry("NetworkPolicy", INFRA, "deny-all", group="networking.k8s.io"),
        ],
        history=3,
        age=timedelta(minutes=2),
    )
    apps = fleet.add(
        o.kustomization(
            FS,
            "apps",
            source=fleet_repo,
            path="./apps/production",
            retry_interval="30s",
            depends=[infra_configs],
        ),
        state=DependencyNotReady(),
        inventory=[
            entry("Namespace", "", APPS),
            podinfo_chart,
            podinfo,
            podinfo_canary,
            frontend,
            backend,
        ],
        history=4,
        age=timedelta(seconds=30),
    )
    tenants = fleet.add(
        o.kustomization(FS, "tenants", source=fleet_repo, path="./tenants/production"),
        inventory=[
            entry("Namespace", "", TEAM_A),
            entry("Namespace", "", TEAM_B),
            entry("ServiceAccount", TEAM_A, "flux"),
            entry("ServiceAccount", TEAM_B, "flux"),
            entry("RoleBinding", TEAM_A, "flux", group="rbac.authorization.k8s.io"),
            entry("RoleBinding", TEAM_B, "flux", group="rbac.authorization.k8s.io"),
            team_a_repo,
            legacy_repo,
            team_a_charts,
            team_a_apps,
            team_a_legacy,
            team_a_api,
            team_a_image,
            team_a_policy,
            team_a_automation,
            team_a_slack,
            team_a_alerts,
            team_b_repo,
            team_b_charts,
            team_b_apps,
            team_b_staging,
            team_b_redis,
        ],
        history=2,
        age=timedelta(minutes=5),
    )
    monitoring_config = fleet.add(
        o.kustomization(
            FS,
            "monitoring-config",
            source=monitoring_repo,
            path="./monitoring/configs",
            interval="1h0m0s",
            depends=[infra_controllers],
        ),
        inventory=[
            entry("ConfigMap", "monitoring", "flux-grafana-dashboards"),
            entry(
                "PodMonitor", "monitoring", "flux-system", group="monitoring.coreos.com"
            ),
        ],
        age=timedelta(minutes=12),
    )
    legacy_manifests = fleet.add(
        o.kustomization(
            FS,
            "legacy-manifests",
            source=legacy_bucket,
            path="./",
            interval="30m0s",
            prune=False,
        ),
        suspended=True,
        inventory=[entry("ConfigMap", "default", "legacy-settings")],
        age=timedelta(days=3),
    )
    platform = (
        fleet.add(
            o.kustomization(
                FS,
                "platform-policies",
                source=platform_artifact,
                path="./",
                interval="15m0s",
            ),
            inventory=[
                entry("ClusterPolicy", "", "require-labels", group="kyverno.io"),
                entry("ClusterPolicy", "", "disallow-latest-tag", group="kyverno.io"),
            ],
            age=timedelta(minutes=15),
        )
        if platform_artifact is not None
        else None
    )

    bootstrap: list[Obj | tuple[str, str, str, str, str]] = [entry("Namespace", "", FS)]
    bootstrap += [
        entry("CustomResourceDefinition", "", k.crd_name, group="apiextensions.k8s.io")
        for k in flux_kinds(line)
    ]
    bootstrap += [
        entry("ServiceAccount", FS, d["metadata"]["name"]) for d in controllers
    ]
    bootstrap += list(controllers)
    bootstrap += [
        entry("Kustomization", FS, "flux-system", group="kustomize.toolkit.fluxcd.io"),
        fleet_repo,
        monitoring_repo,
        legacy_bucket,
        infra_controllers,
        infra_configs,
        apps,
        tenants,
        monitoring_config,
        legacy_manifests,
        *([platform] if platform is not None else []),
        slack,
        github,
        teams,
        on_call,
        github_status,
        teams_platform,
        receiver,
        podinfo_image,
        podinfo_policy,
        image_automation,
    ]
    fleet.add(
        o.kustomization(
            FS, "flux-system", source=fleet_repo, path="./clusters/production"
        ),
        inventory=bootstrap,
        history=5,
        age=timedelta(seconds=38),
    )
    # An older failure of the bootstrap, now resolved, as clusters accumulate them.
    fleet.event(
        fleet_repo,
        type_="Warning",
        reason="GitOperationFailed",
        message="failed to checkout and determine revision: unable to clone 'ssh://git@github.com/acme/fleet-infra': "
        "dial tcp 140.82.121.4:22: i/o timeout",
        age=timedelta(minutes=47),
        count=2,
    )
