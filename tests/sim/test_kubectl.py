"""kubectl conformance: real kubectl binaries (1.27 and 1.33 where present) against kubesim.

Each binary gets its own simulator; the steps run in order inside one test per binary
because they build on each other (CRDs → namespaces → objects → changes → deletion).
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kubesim.server import ThreadedKubeSim

from .support import kubectl_binaries, require_openssl, skip_or_fail

pytestmark = pytest.mark.kubectl

KS = "kustomize.toolkit.fluxcd.io"
FLUX_OBJECTS = """
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
  ref: {branch: master}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo
  namespace: apps
  labels: {team: a, tier: web}
spec:
  interval: 5m
  path: ./kustomize
  prune: true
  sourceRef: {kind: GitRepository, name: podinfo}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: backend
  namespace: apps
  labels: {team: b}
spec:
  interval: 5m
  prune: true
  sourceRef: {kind: GitRepository, name: podinfo}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: infra
spec:
  interval: 10m
  prune: true
  sourceRef: {kind: GitRepository, name: podinfo, namespace: apps}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: redis
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: redis
      sourceRef: {kind: HelmRepository, name: bitnami}
"""


class Kubectl:
    def __init__(self, binary: str, kubeconfig: Path, cache: Path) -> None:
        self.binary = binary
        self.base = [
            binary,
            "--kubeconfig",
            str(kubeconfig),
            "--cache-dir",
            str(cache),
            "--request-timeout=20s",
        ]

    def run(
        self, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.base, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed: {result.stderr}")
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "-o", "json").stdout)

    def run_all(self, *commands: tuple[str, ...]) -> list[str]:
        """Run independent read-only commands concurrently; their stdout, in order."""
        processes = [
            subprocess.Popen(
                [*self.base, *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        outputs = []
        for args, process in zip(commands, processes, strict=True):
            stdout, stderr = process.communicate(timeout=60)
            assert process.returncode == 0, f"kubectl {' '.join(args)} failed: {stderr}"
            outputs.append(stdout)
        return outputs


@pytest.fixture(params=kubectl_binaries() or ["missing"], ids=lambda b: Path(b).name)
def kubectl(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Kubectl, ThreadedKubeSim]]:
    if request.param == "missing":
        skip_or_fail("kubectl is not installed")
    with ThreadedKubeSim(scenario="empty") as sim:
        config = tmp_path / "kubeconfig"
        sim.write_kubeconfig(config)
        yield Kubectl(request.param, config, tmp_path / "cache"), sim


def _lines(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


def test_kubectl_conformance(
    kubectl: tuple[Kubectl, ThreadedKubeSim], flux_crds_dir: Path
) -> None:
    k, sim = kubectl

    # --- the real Flux CRDs are accepted and served
    applied = k.run(
        "apply", "--server-side=false", "--validate=false", "-f", str(flux_crds_dir)
    )
    assert applied.stdout.count("created") == len(list(flux_crds_dir.glob("*.yaml")))
    resources = k.run("api-resources", f"--api-group={KS}").stdout
    assert _lines(resources)[1][:2] == ["kustomizations", "ks"]

    # --- namespaces and Flux objects
    assert "namespace/apps created" in k.run("create", "namespace", "apps").stdout
    k.run("create", "namespace", "infra")
    created = k.run("apply", "--validate=false", "-f", "-", stdin=FLUX_OBJECTS).stdout
    assert "kustomization.kustomize.toolkit.fluxcd.io/podinfo created" in created
    assert "helmrelease.helm.toolkit.fluxcd.io/redis created" in created

    # --- get -A: server-side printing with the CRD's printer columns
    table = _lines(k.run("get", "ks", "-A").stdout)
    assert table[0] == ["NAMESPACE", "NAME", "AGE", "READY", "STATUS"]
    assert sorted((row[0], row[1]) for row in table[1:]) == [
        ("apps", "backend"),
        ("apps", "podinfo"),
        ("infra", "infra"),
    ]
    gitrepos = _lines(k.run("get", "gitrepo", "-n", "apps").stdout)
    assert gitrepos[0] == ["NAME", "URL", "AGE", "READY", "STATUS"]
    assert gitrepos[1][:2] == ["podinfo", "https://github.com/stefanprodan/podinfo"]

    # --- get -o json: server-set metadata and CRD schema defaults
    ks = k.json("get", "ks", "podinfo", "-n", "apps")
    assert ks["apiVersion"] == f"{KS}/v1"
    assert ks["metadata"]["generation"] == 1
    assert ks["metadata"]["uid"]
    assert ks["status"] == {"observedGeneration": -1}
    listed = k.json("get", "ks", "-A")
    assert len(listed["items"]) == 3

    # --- label and field selectors
    selections = {
        ("-l", "team=a"): ["podinfo"],
        ("-l", "team in (a,b)"): ["backend", "podinfo"],
        ("-l", "!team"): ["infra"],
        ("-l", "team!=a"): ["backend", "infra"],
        ("-l", "tier"): ["podinfo"],
        ("--field-selector", "metadata.name=backend"): ["backend"],
        ("--field-selector", "metadata.namespace=infra"): ["infra"],
        ("--field-selector", "metadata.namespace!=infra"): ["backend", "podinfo"],
    }
    outputs = k.run_all(
        *(("get", "ks", "-A", "-o", "name", *sel) for sel in selections)
    )
    for (selector, expected), output in zip(selections.items(), outputs, strict=True):
        assert sorted(n.rsplit("/", 1)[1] for n in output.split()) == expected, selector

    # --- patches: merge bumps generation on spec; json patch on metadata does not
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--type",
        "merge",
        "-p",
        '{"spec":{"interval":"10m"}}',
    )
    ks = k.json("get", "ks", "podinfo", "-n", "apps")
    assert (ks["spec"]["interval"], ks["metadata"]["generation"]) == ("10m", 2)
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--type",
        "json",
        "-p",
        '[{"op":"add","path":"/metadata/labels/patched","value":"yes"}]',
    )
    ks = k.json("get", "ks", "podinfo", "-n", "apps")
    assert ks["metadata"]["labels"]["patched"] == "yes"
    assert ks["metadata"]["generation"] == 2

    # --- status subresource: ignored on the main resource, written through /status
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--type",
        "merge",
        "-p",
        '{"status":{"lastHandledReconcileAt":"x"}}',
    )
    assert (
        "lastHandledReconcileAt"
        not in k.json("get", "ks", "podinfo", "-n", "apps")["status"]
    )
    ready = {
        "status": {
            "observedGeneration": 2,
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "ReconciliationSucceeded",
                    "message": "Applied revision: master@sha1:abc",
                    "lastTransitionTime": "2026-01-01T00:00:00Z",
                }
            ],
        }
    }
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--subresource=status",
        "--type",
        "merge",
        "-p",
        json.dumps(ready),
    )
    row = next(
        r for r in _lines(k.run("get", "ks", "-n", "apps").stdout) if r[0] == "podinfo"
    )
    assert row[2:] == ["True", "Applied", "revision:", "master@sha1:abc"]
    assert k.json("get", "ks", "podinfo", "-n", "apps")["metadata"]["generation"] == 2

    # --- watch: kubectl sees a change as a MODIFIED event
    before = sim.sim.stats.count("watch", KS, "kustomizations")
    watch = subprocess.Popen(
        [*k.base, "get", "ks", "-n", "apps", "--watch-only", "--output-watch-events"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while sim.sim.stats.count("watch", KS, "kustomizations") == before:
            assert time.monotonic() < deadline, "kubectl never opened its watch"
            time.sleep(0.05)
        time.sleep(0.2)
        k.run("label", "ks", "backend", "-n", "apps", "watched=yes")
        assert watch.stdout is not None
        header = watch.stdout.readline().split()
        assert header == ["EVENT", "NAME", "AGE", "READY", "STATUS"]
        assert watch.stdout.readline().split()[:2] == ["MODIFIED", "backend"]
    finally:
        watch.kill()
        watch.wait(10)

    # --- errors print kube-apiserver's messages
    missing = k.run("get", "ks", "nope", "-n", "apps", check=False)
    assert missing.returncode == 1
    assert (
        f'Error from server (NotFound): kustomizations.{KS} "nope" not found'
        in missing.stderr
    )
    duplicate = k.run(
        "create",
        "--validate=false",
        "-f",
        "-",
        stdin=FLUX_OBJECTS.split("---")[1],
        check=False,
    )
    assert (
        f'Error from server (AlreadyExists): error when creating "STDIN": kustomizations.{KS} "podinfo" already exists'
        in duplicate.stderr
    )
    stale = k.json("get", "ks", "backend", "-n", "apps")
    k.run("label", "ks", "backend", "-n", "apps", "bump=1")
    conflict = k.run(
        "replace", "--validate=false", "-f", "-", stdin=json.dumps(stale), check=False
    )
    assert (
        f'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on '
        f'kustomizations.{KS} "backend": the object has been modified; please apply your changes to the '
        "latest version and try again" in conflict.stderr
    )
    bad = k.run(
        "create",
        "--validate=false",
        "-f",
        "-",
        stdin=FLUX_OBJECTS.split("---")[1].replace(
            "name: podinfo\n  namespace", "name: Bad_Name\n  namespace"
        ),
        check=False,
    )
    assert (
        'The Kustomization "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"'
        in bad.stderr
    )
    no_ns = k.run(
        "create",
        "--validate=false",
        "-f",
        "-",
        stdin=FLUX_OBJECTS.split("---")[2].replace(
            "namespace: apps", "namespace: ghost"
        ),
        check=False,
    )
    assert (
        'Error from server (NotFound): error when creating "STDIN": namespaces "ghost" not found'
        in no_ns.stderr
    )

    # --- server-side dry run validates and answers without writing
    dry = k.run("delete", "ks", "backend", "-n", "apps", "--dry-run=server").stdout
    assert "deleted (server dry run)" in dry
    dry_label = k.run(
        "label",
        "ks",
        "backend",
        "-n",
        "apps",
        "dry=run",
        "--dry-run=server",
        "-o",
        "json",
    ).stdout
    assert json.loads(dry_label)["metadata"]["labels"]["dry"] == "run"
    assert (
        "dry" not in k.json("get", "ks", "backend", "-n", "apps")["metadata"]["labels"]
    )

    # --- delete without finalizers
    assert (
        f'kustomization.{KS} "backend" deleted'
        in k.run("delete", "ks", "backend", "-n", "apps").stdout
    )
    assert k.run("get", "ks", "backend", "-n", "apps", check=False).returncode == 1

    # --- delete with finalizers: marked, then gone once the last finalizer is removed
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--type",
        "merge",
        "-p",
        '{"metadata":{"finalizers":["finalizers.fluxcd.io"]}}',
    )
    k.run("delete", "ks", "podinfo", "-n", "apps", "--wait=false")
    marked = k.json("get", "ks", "podinfo", "-n", "apps")
    assert marked["metadata"]["deletionTimestamp"]
    k.run(
        "patch",
        "ks",
        "podinfo",
        "-n",
        "apps",
        "--type",
        "json",
        "-p",
        '[{"op":"remove","path":"/metadata/finalizers"}]',
    )
    assert k.run("get", "ks", "podinfo", "-n", "apps", check=False).returncode == 1

    # --- namespace deletion removes its objects; CRD deletion stops serving the kind
    k.run("delete", "namespace", "infra")
    assert k.run("get", "ks", "-A", "-o", "name").stdout.split() == []
    assert k.run("auth", "can-i", "delete", "kustomizations").stdout.strip() == "yes"
    k.run("delete", "crd", f"kustomizations.{KS}")
    gone = k.run("get", "ks", "-A", check=False)
    assert gone.returncode == 1
    # kubectl's cached discovery may still name the kind; either way the server answers 404
    assert "the server could not find the requested resource" in gone.stderr or (
        "the server doesn't have a resource type" in gone.stderr
    )
    crds = k.run("get", "crd", "-o", "name").stdout.split()
    assert (
        f"customresourcedefinition.apiextensions.k8s.io/kustomizations.{KS}" not in crds
    )
    assert (
        "customresourcedefinition.apiextensions.k8s.io/helmreleases.helm.toolkit.fluxcd.io"
        in crds
    )


@pytest.fixture(params=kubectl_binaries() or ["missing"], ids=lambda b: Path(b).name)
def kubectl_tls(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Kubectl, Kubectl, ThreadedKubeSim]]:
    """kubectl as ``admin`` and as ``alice`` against an HTTPS kubesim with RBAC on."""
    if request.param == "missing":
        skip_or_fail("kubectl is not installed")
    require_openssl()
    tokens = {
        "admin-token": ("admin", ["system:masters"]),
        "alice-token": ("alice", ["devs"]),
    }
    with ThreadedKubeSim(scenario="empty", rbac=True, tokens=tokens, tls=True) as sim:
        admin_config, alice_config = tmp_path / "admin", tmp_path / "alice"
        sim.write_kubeconfig(admin_config, token="admin-token")
        sim.write_kubeconfig(alice_config, token="alice-token")
        cache = tmp_path / "cache"
        yield (
            Kubectl(request.param, admin_config, cache),
            Kubectl(request.param, alice_config, cache),
            sim,
        )


def test_kubectl_rbac_tokens_and_impersonation(
    kubectl_tls: tuple[Kubectl, Kubectl, ThreadedKubeSim],
) -> None:
    admin, alice, sim = kubectl_tls
    assert sim.url.startswith("https://127.0.0.1:")
    admin.run("create", "namespace", "apps")
    admin.run("create", "configmap", "settings", "-n", "apps", "--from-literal=a=b")
    admin.run(
        "create",
        "role",
        "cm-reader",
        "-n",
        "apps",
        "--verb=get,list",
        "--resource=configmaps",
    )
    admin.run(
        "create",
        "rolebinding",
        "devs-read",
        "-n",
        "apps",
        "--role=cm-reader",
        "--group=devs",
    )

    assert alice.run(
        "get", "configmaps", "-n", "apps", "-o", "name"
    ).stdout.split() == ["configmap/settings"]
    assert (
        alice.run("auth", "can-i", "list", "configmaps", "-n", "apps").stdout.strip()
        == "yes"
    )
    assert (
        alice.run(
            "auth", "can-i", "delete", "configmaps", "-n", "apps", check=False
        ).stdout.strip()
        == "no"
    )
    denied = alice.run("get", "configmaps", "-n", "default", check=False)
    assert denied.returncode == 1
    assert (
        'Error from server (Forbidden): configmaps is forbidden: User "alice" cannot list resource '
        '"configmaps" in API group "" in the namespace "default"' in denied.stderr
    )
    cannot_delete = alice.run(
        "delete", "configmap", "settings", "-n", "apps", check=False
    )
    assert 'User "alice" cannot delete resource "configmaps"' in cannot_delete.stderr

    # the admin may impersonate alice and then gets alice's answers; alice may not impersonate
    as_alice = admin.run(
        "get",
        "configmaps",
        "-n",
        "default",
        "--as=alice",
        "--as-group=devs",
        check=False,
    )
    assert 'User "alice" cannot list resource "configmaps"' in as_alice.stderr
    assert (
        admin.run(
            "auth",
            "can-i",
            "list",
            "configmaps",
            "-n",
            "apps",
            "--as=alice",
            "--as-group=devs",
        ).stdout.strip()
        == "yes"
    )
    escalation = alice.run("get", "configmaps", "-n", "apps", "--as=admin", check=False)
    assert 'User "alice" cannot impersonate resource "users"' in escalation.stderr
