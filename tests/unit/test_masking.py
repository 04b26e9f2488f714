from __future__ import annotations

import copy

import pytest

from fluxdash.services.masking import (
    LAST_APPLIED,
    MASK,
    is_secret_key,
    mask_address,
    mask_object,
    mask_text,
    mask_url,
    mask_values,
)
from tests.unit.flux_objects import (
    git_repository_failed,
    helm_release,
    kustomization,
    provider,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:tok@github.com/org/repo", "https://****@github.com/org/repo"),
        ("https://ghp_abcdef@github.com/org/repo", "https://****@github.com/org/repo"),
        ("http://git@example.com/x", "http://****@example.com/x"),
        ("ssh://git@github.com/org/repo", "ssh://git@github.com/org/repo"),
        ("ssh://git:pw@github.com/org/repo", "ssh://git:****@github.com/org/repo"),
        ("git@github.com:org/repo.git", "git@github.com:org/repo.git"),
        ("oci://user:pw@ghcr.io/org/app", "oci://****@ghcr.io/org/app"),
        ("https://u:p@ss@host/x", "https://****@host/x"),
        ("https://github.com/org/repo", "https://github.com/org/repo"),
        (
            "https://s3/b?X-Amz-Credential=AK&X-Amz-Signature=abc&v=1",
            "https://s3/b?X-Amz-Credential=****&X-Amz-Signature=****&v=1",
        ),
        ("https://blob/c?sv=2022&sig=abc", "https://blob/c?sv=2022&sig=****"),
        ("", ""),
    ],
)
def test_mask_url(url: str, expected: str) -> None:
    assert mask_url(url) == expected


def test_mask_text_finds_every_url() -> None:
    text = (
        "unable to clone 'https://u:p1@h.com/x': auth failed; proxy http://a:p2@proxy:3128 "
        "and https://h,https://x:p3@z/ also ssh://git@h/r"
    )
    out = mask_text(text)
    for secret in ("p1", "p2", "p3", "u:", "a:"):
        assert secret not in out
    assert "ssh://git@h/r" in out
    assert (
        mask_text("no urls here, user@example.com") == "no urls here, user@example.com"
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "https://hooks.slack.com/services/T0/B0/XYZ",
            f"https://hooks.slack.com/{MASK}",
        ),
        ("https://discord.com/api/webhooks/1?wait=true", f"https://discord.com/{MASK}"),
        ("http://user:pw@proxy.internal:3128", "http://proxy.internal:3128"),
        ("https://api.github.com", "https://api.github.com"),
        ("https://host?token=x", f"https://host/{MASK}"),
        ("https://host#frag", f"https://host/{MASK}"),
        ("not a url", MASK),
        ("", ""),
    ],
)
def test_mask_address(address: str, expected: str) -> None:
    assert mask_address(address) == expected


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("password", True), ("adminPassword", True), ("PASSWD", True), ("apiKey", True),
        ("api_key", True), ("token", True), ("authToken", True), ("clientSecret", True),
        ("credentials", True), ("privateKey", True), ("auth", True), ("sig", True),
        ("replicaCount", False), ("image", False), ("enabled", False), ("host", False),
    ],
)  # fmt: skip
def test_is_secret_key(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_mask_values_recurses_and_keeps_structure() -> None:
    values = {
        "replicaCount": 2,
        "redis": {"password": "hunter2", "enabled": True},
        "auth": {"user": "admin", "pass": "x", "enabled": False, "port": 5432},
        "list": [{"token": "t"}, "https://u:p@h/x"],
    }
    assert mask_values(values) == {
        "replicaCount": 2,
        "redis": {"password": MASK, "enabled": True},
        "auth": {"user": MASK, "pass": MASK, "enabled": False, "port": MASK},
        "list": [{"token": MASK}, "https://****@h/x"],
    }


def test_mask_object_helmrelease() -> None:
    raw = helm_release()
    raw["metadata"]["managedFields"] = [{"manager": "kubectl"}]
    raw["metadata"]["annotations"] = {LAST_APPLIED: "{...}", "keep": "me"}
    raw["spec"]["valuesFrom"][0]["extra"] = "should go"
    raw["spec"]["kubeConfig"] = {"secretRef": {"name": "kc", "key": "value"}}
    original = copy.deepcopy(raw)
    out = mask_object(raw)
    assert raw == original  # input untouched
    assert "managedFields" not in out["metadata"]
    assert out["metadata"]["annotations"] == {"keep": "me"}
    assert out["spec"]["values"]["redis"] == {"password": MASK, "enabled": True}
    assert out["spec"]["values"]["replicaCount"] == 2
    assert out["spec"]["valuesFrom"] == [
        {"kind": "Secret", "name": "podinfo-values", "valuesKey": "values.yaml"}
    ]
    assert out["spec"]["kubeConfig"]["secretRef"] == {"name": "kc"}
    assert out["status"] == original["status"]


def test_mask_object_provider_and_secret_refs() -> None:
    raw = provider()
    raw["spec"]["proxy"] = "http://user:pw@proxy:8080/path"
    raw["spec"]["certSecretRef"] = {"name": "ca", "key": "ca.crt"}
    out = mask_object(raw)
    assert out["spec"]["address"] == f"https://hooks.slack.com/{MASK}"
    assert out["spec"]["proxy"] == f"http://proxy:8080/{MASK}"
    assert out["spec"]["secretRef"] == {"name": "slack-url"}
    assert out["spec"]["certSecretRef"] == {"name": "ca"}
    assert "XXXXSECRETXXXX" not in repr(out)


def test_mask_object_kustomization_substitute_and_status_urls() -> None:
    raw = kustomization()
    raw["spec"]["postBuild"] = {
        "substitute": {
            "cluster_name": "prod",
            "db_password": "hunter2",
            "API_TOKEN": "t0k",
        },
        "substituteFrom": [{"kind": "Secret", "name": "vars"}],
    }
    raw["spec"]["decryption"] = {"provider": "sops", "secretRef": {"name": "sops-age"}}
    raw["status"]["conditions"][0]["message"] = "fetch https://u:pw@h.example/x failed"
    out = mask_object(raw)
    assert out["spec"]["postBuild"]["substitute"] == {
        "cluster_name": "prod",
        "db_password": MASK,
        "API_TOKEN": MASK,
    }
    assert out["spec"]["postBuild"]["substituteFrom"] == [
        {"kind": "Secret", "name": "vars"}
    ]
    assert out["spec"]["decryption"]["secretRef"] == {"name": "sops-age"}
    assert "pw" not in out["status"]["conditions"][0]["message"]


def test_mask_object_git_url_and_messages() -> None:
    out = mask_object(git_repository_failed())
    assert "s3cr3t-token" not in repr(out)
    assert out["spec"]["url"] == "https://****@github.com/org/private"


@pytest.mark.parametrize(
    "raw", [{}, {"spec": "x"}, {"metadata": 3, "spec": {"address": 5, "values": "x"}}]
)
def test_mask_object_odd_shapes(raw: dict[str, object]) -> None:
    out = mask_object(raw)
    assert isinstance(out, dict)
    if isinstance(raw.get("spec"), dict):
        assert out["spec"]["address"] == MASK


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXX",
        "https://discord.com/api/webhooks/1234/abcdEFGH",
        "https://discordapp.com/api/webhooks/1234/abcdEFGH",
        "https://contoso.webhook.office.com/webhookb2/a-b@c-d/IncomingWebhook/e/f",
        "https://api.telegram.org/bot123456:ABC-DEF/sendMessage",
    ],
)
def test_webhook_urls_lose_their_path_in_free_text(url: str) -> None:
    secret_path = url.split("/", 3)[3]
    masked = mask_text(f"posting to {url} failed: 404")
    assert secret_path not in masked
    assert "****" in masked
    assert masked.startswith("posting to https://")


def test_helm_values_hide_webhook_urls_under_hook_keys_and_known_hosts() -> None:
    values = {
        "alertmanager": {
            "config": {
                "global": {
                    "slack_api_url": "https://hooks.slack.com/services/T/B/SECRET"
                }
            }
        },
        "notifier": {"webhookUrl": "https://hooks.internal.example/deliver/abc123"},
        "ingress": {
            "host": "grafana.example.com",
            "url": "https://grafana.example.com/d/home",
        },
    }
    masked = mask_values(values)
    assert (
        masked["alertmanager"]["config"]["global"]["slack_api_url"]
        == "https://hooks.slack.com/****"
    )
    assert masked["notifier"]["webhookUrl"] == "https://hooks.internal.example/****"
    # Ordinary URLs stay readable.
    assert masked["ingress"]["url"] == "https://grafana.example.com/d/home"
