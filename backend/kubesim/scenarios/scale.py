"""``scale:N``: N Flux objects over 50 namespaces, for benchmarks and load tests.

Mix (FLUX.md kinds): 40% Kustomizations, 40% HelmReleases, 20% sources (of which ~40%
GitRepositories, ~30% OCIRepositories, ~10% HelmRepositories and ~20% HelmCharts, the charts
of the HelmReleases that use chart templates). Counts are exact: ``floor(0.4 N)``
Kustomizations, ``floor(0.4 N)`` HelmReleases, the rest sources.

Health mix, deterministic by index (at N = 10,000): 87% Ready, 5.5% Failed (HealthCheckFailed,
UpgradeFailed, GitOperationFailed, DependencyNotReady: every 25th Kustomization depends on a
failing one; and 0.4% Stalled HelmReleases, RetriesExceeded), 2.4% Progressing, 3.2%
Suspended, 1.6% Unknown. Status sizes are realistic: conditions, Kustomization histories
(1-5 snapshots), HelmRelease histories (1-4 releases) and inventories of 5-60 entries, 150-300
for every 50th Kustomization, and exactly 500 for :data:`LARGE_INVENTORY`.
Living activity is off; events are seeded for failing objects and a sample of the others.
"""

from __future__ import annotations

from datetime import timedelta

from kubesim.scenarios import objects as o
from kubesim.scenarios.fleet import Fleet, InventoryItem
from kubesim.scenarios.install import install_flux
from kubesim.scenarios.states import (
    READY,
    UNKNOWN,
    DependencyNotReady,
    Failed,
    Progressing,
    Stalled,
    State,
)
from kubesim.store import Obj

NAMESPACES = 50
# The Kustomization with a 500-entry inventory (benchmarks fetch its detail).
LARGE_INVENTORY = ("tenant-00", "ks-00000")
LARGE_INVENTORY_SIZE = 500


def namespace_name(i: int) -> str:
    return f"tenant-{i % NAMESPACES:02d}"


def allocation(n: int) -> dict[str, int]:
    """How many objects of each kind ``scale:n`` creates (sums to ``n``)."""
    if n < 1:
        raise ValueError("scale:N needs N >= 1")
    ks = n * 40 // 100
    hr = n * 40 // 100
    src = n - ks - hr
    charts = src * 20 // 100 if hr else 0
    repos = src * 10 // 100
    if charts and not repos:
        repos, charts = 1, charts - 1
    oci = src * 30 // 100
    git = src - charts - repos - oci
    if ks and not git and oci:
        git, oci = 1, oci - 1
    return {
        "Kustomization": ks,
        "HelmRelease": hr,
        "GitRepository": git,
        "OCIRepository": oci,
        "HelmRepository": repos,
        "HelmChart": charts,
    }


def _health(i: int) -> str:
    bucket = (i * 37) % 100
    if bucket < 4:
        return "failed"
    if bucket < 7:
        return "progressing"
    if bucket < 11:
        return "suspended"
    if bucket < 13:
        return "unknown"
    return "ready"


_INVENTORY_KINDS = (
    ("Deployment", "apps", "v1"),
    ("Service", "", "v1"),
    ("ConfigMap", "", "v1"),
    ("ServiceAccount", "", "v1"),
    ("Secret", "", "v1"),
    ("Ingress", "networking.k8s.io", "v1"),
    ("HorizontalPodAutoscaler", "autoscaling", "v2"),
    ("PodDisruptionBudget", "policy", "v1"),
)


def _inventory(ns: str, name: str, size: int) -> list[InventoryItem]:
    """``size`` inventory entries (``{"id", "v"}``) of the workloads a Kustomization applies."""
    per = len(_INVENTORY_KINDS)
    return [
        {
            "id": f"{ns}_{name}-{kind.lower()}-{j // per:03d}_{group}_{kind}",
            "v": version,
        }
        for j in range(size)
        for kind, group, version in (_INVENTORY_KINDS[j % per],)
    ]


def build_scale(fleet: Fleet, n: int) -> None:
    counts = allocation(n)
    state: State
    install_flux(fleet.store, fleet.line, at=fleet.ago(days=30))
    for i in range(NAMESPACES):
        fleet.namespace(namespace_name(i))
    fleet.secret(
        namespace_name(0),
        "git-credentials",
        {"username": "bot", "password": "kubesim-scale-token"},
    )

    def sample_events(i: int) -> bool:
        return i % 10 == 0

    # -- sources -------------------------------------------------------------------------------
    gits: list[Obj] = []
    for i in range(counts["GitRepository"]):
        ns = namespace_name(i)
        state = READY
        if _health(i) == "failed":
            state = Failed(
                "GitOperationFailed",
                f"failed to checkout and determine revision: unable to clone 'https://github.com/acme/app-{i:05d}': "
                'couldn\'t find remote ref "refs/heads/main"',
            )
        gits.append(
            fleet.add(
                o.git_repository(
                    ns,
                    f"git-{i:05d}",
                    url=f"https://github.com/acme/app-{i:05d}",
                    interval="5m0s",
                ),
                state=state,
                age=timedelta(seconds=30 + i % 600),
                events=sample_events(i) or state is not READY,
            )
        )
    ocis: list[Obj] = []
    for i in range(counts["OCIRepository"]):
        ns = namespace_name(i + 7)
        ocis.append(
            fleet.add(
                o.oci_repository(
                    ns,
                    f"oci-{i:05d}",
                    url=f"oci://ghcr.io/acme/charts/app-{i:05d}",
                    tag=f"{1 + i % 5}.{i % 20}.{i % 7}",
                ),
                age=timedelta(seconds=60 + i % 900),
                events=sample_events(i),
            )
        )
    repos: list[Obj] = []
    for i in range(counts["HelmRepository"]):
        ns = namespace_name(i + 13)
        repos.append(
            fleet.add(
                o.helm_repository(
                    ns,
                    f"charts-{i:05d}",
                    url=f"https://charts-{i:05d}.acme.example.com",
                ),
                age=timedelta(minutes=5 + i % 50),
                events=sample_events(i),
            )
        )

    # -- Kustomizations ------------------------------------------------------------------------
    failing_ks: list[Obj] = []
    for i in range(counts["Kustomization"]):
        ns = namespace_name(i)
        name = f"ks-{i:05d}"
        health = _health(i + 3) if i else "ready"
        source = (
            gits[i % len(gits)] if gits else (ocis[i % len(ocis)] if ocis else None)
        )
        state = READY
        depends: list[Obj] = []
        if source is None:
            source = {
                "kind": "GitRepository",
                "metadata": {"name": "missing", "namespace": ns},
            }
            state = Failed(
                "ArtifactFailed",
                f"Source 'GitRepository/{ns}/missing' not found",
                previously_ready=False,
            )
        elif i % 25 == 24 and failing_ks:
            depends = [failing_ks[-1]]
            state = DependencyNotReady()
        elif health == "failed":
            state = Failed(
                "HealthCheckFailed",
                f"health check failed after 5m0.011s: timeout waiting for: [Deployment/{ns}/{name}-deployment-000 "
                "status: 'InProgress']",
            )
        elif health == "progressing":
            state = Progressing()
        elif health == "unknown":
            state = UNKNOWN
        if (i, ns) == (0, LARGE_INVENTORY[0]) and name == LARGE_INVENTORY[1]:
            size = LARGE_INVENTORY_SIZE
        elif i % 50 == 49:
            size = 150 + (i * 7) % 151
        else:
            size = 5 + (i * 13) % 56
        obj = fleet.add(
            o.kustomization(
                ns,
                name,
                source=source,
                path=f"./apps/{name}",
                interval="10m0s",
                depends=depends,
            ),
            state=state,
            suspended=health == "suspended" and not depends,
            inventory=_inventory(ns, name, size),
            history=1 + i % 5,
            age=timedelta(seconds=20 + (i * 11) % 1200),
            events=sample_events(i) or state is not READY,
        )
        if isinstance(state, Failed):
            failing_ks.append(obj)

    # -- HelmReleases --------------------------------------------------------------------------
    for i in range(counts["HelmRelease"]):
        ns = namespace_name(i + 1)
        name = f"hr-{i:05d}"
        health = _health(i + 5)
        if i < counts["HelmChart"] and repos:
            repo = repos[i % len(repos)]
            spec = o.helm_release(
                ns,
                name,
                chart=f"app-{i % 40:02d}",
                version=f"{1 + i % 3}.{i % 10}.x",
                source=repo,
                values={
                    "replicaCount": 1 + i % 3,
                    "image": {"tag": f"{i % 9}.{i % 4}.0"},
                },
            )
        elif ocis:
            spec = o.helm_release(
                ns,
                name,
                chart_ref=ocis[i % len(ocis)],
                values={"replicaCount": 1 + i % 3},
            )
        else:
            spec = o.helm_release(
                ns,
                name,
                chart_ref={
                    "kind": "OCIRepository",
                    "metadata": {"name": "missing", "namespace": ns},
                },
            )
            health = "broken"
        state = READY
        if health == "broken":
            state = Failed(
                "ArtifactFailed",
                f"could not get OCIRepository '{ns}/missing': ocirepositorys \"missing\" not found",
                previously_ready=False,
            )
        elif i % 100 == 50:
            state = Stalled(
                "UpgradeFailed",
                f"Helm upgrade failed for release {ns}/{name} with chart app: context deadline exceeded",
            )
        elif health == "failed":
            state = Failed(
                "UpgradeFailed",
                f"Helm upgrade failed for release {ns}/{name} with chart app: timed out waiting for the condition",
            )
        elif health == "progressing":
            state = Progressing()
        elif health == "unknown":
            state = UNKNOWN
        fleet.add(
            spec,
            state=state,
            suspended=health == "suspended",
            history=1 + i % 4,
            age=timedelta(seconds=40 + (i * 17) % 1800),
            events=sample_events(i) or state is not READY,
        )
