"""fluxdash.kube.sdk: kubernetes_asyncio without its generated modules at import, complete later."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_PROBE = textwrap.dedent(
    """
    import sys

    def loaded():
        return sum(1 for m in sys.modules if m.startswith("kubernetes_asyncio"))

    import fluxdash.kube.client
    import fluxdash.kube.sdk as sdk
    print(loaded())
    assert "kubernetes_asyncio.client.api.core_v1_api" not in sys.modules
    assert "kubernetes_asyncio.client.models.v1_pod" not in sys.modules

    # Everything the generated package offers is still there, on first use.
    from kubernetes_asyncio.client import CoreV1Api
    import kubernetes_asyncio
    from kubernetes_asyncio import client, watch
    assert client.ApiClient is sdk.ApiClient
    assert client.Configuration is sdk.Configuration
    assert kubernetes_asyncio.client.models.V1Pod is client.V1Pod
    assert CoreV1Api.__module__ == "kubernetes_asyncio.client.api.core_v1_api"
    assert watch.Watch.__name__ == "Watch"
    assert kubernetes_asyncio.__version__
    try:
        client.NoSuchThing
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("a missing attribute must raise AttributeError")
    print(loaded())
    """
)

_ALREADY_IMPORTED = textwrap.dedent(
    """
    import kubernetes_asyncio
    complete = kubernetes_asyncio.client
    import fluxdash.kube.sdk as sdk
    assert kubernetes_asyncio.client is complete
    assert sdk.ApiClient is complete.ApiClient
    print("ok")
    """
)


def _run(code: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_generated_modules_load_only_when_asked_for() -> None:
    before, after = (int(n) for n in _run(_PROBE))
    assert before < 40  # the client, configuration, rest, config loaders
    assert after > 500  # every generated API and model, once asked for


def test_a_complete_package_is_left_alone() -> None:
    assert _run(_ALREADY_IMPORTED) == ["ok"]
