"""Masking: nothing secret leaves the server (DESIGN.md §7).

Forms chosen:
- URL userinfo: the whole userinfo becomes `****` (`https://****@github.com/org/repo`), for any
  scheme except ssh, where the user name is kept and only a password is hidden
  (`ssh://git@host/repo` unchanged, `ssh://git:****@host/repo`). scp-like `git@host:org/repo`
  carries no secret and is unchanged. Query parameters with secret-looking names
  (`token`, `X-Amz-Signature`, `sig`, …) get the value `****`.
- Addresses (Provider `address`, `proxy`): scheme and host[:port] only, anything after it
  becomes `/****` (`https://hooks.slack.com/****`); something that is not a URL becomes `****`.
- Webhook URLs whose path is itself the credential (Slack, Discord, Teams/Office 365, Telegram
  bot tokens, …) keep scheme and host only, wherever they appear in free text; in Helm values and
  substitutions, a URL under a key naming a (web)hook is treated the same way whatever its host.
- Objects (detail and YAML views): see `mask_object`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MASK = "****"

_SCHEME_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
_NETLOC_END = re.compile(r"[\s/?#]")
_QUERY_PARAM = re.compile(r"(?P<sep>[?&;])(?P<key>[^=&;#\s]+)=(?P<value>[^&;#\s]*)")
_SSH_SCHEMES = frozenset({"ssh", "git+ssh", "ssh+git"})
_ADDRESS = re.compile(
    r"\s*(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<netloc>[^/?#\s]*)(?P<rest>.*)", re.S
)

_SECRET_KEY = re.compile(
    r"pass|pwd|token|secret|key|credential|auth|private|signature|session|cookie|dsn"
    r"|connectionstring|^sig$|^code$",
    re.IGNORECASE,
)

# Hosts whose URL path carries the secret (the path is the webhook token).
_WEBHOOK_URL = re.compile(
    r"(?P<head>https?://(?:[^/\s@]*@)?"
    r"(?:hooks\.slack\.com|(?:[a-z0-9-]+\.)?discord(?:app)?\.com/api/webhooks"
    r"|[a-z0-9-]+\.webhook\.office\.com|outlook\.office(?:365)?\.com/webhook"
    r"|api\.telegram\.org/bot|hooks\.zapier\.com|open\.feishu\.cn/open-apis/bot"
    r"|events\.pagerduty\.com|api\.opsgenie\.com)"
    r")(?P<rest>[^\s\"'<>]*)",
    re.IGNORECASE,
)
_HOOK_KEY = re.compile(r"hook", re.IGNORECASE)

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_VALUES_FROM_KEYS = ("kind", "name", "valuesKey", "targetPath", "optional")
_ADDRESS_FIELDS = ("address", "proxy")


def is_secret_key(key: str) -> bool:
    """Whether a map key looks like it holds a secret (case-insensitive, substring)."""
    return bool(_SECRET_KEY.search(key))


def mask_text(text: str) -> str:
    """Mask credentials inside every URL found in free text (messages, log lines):
    userinfo (see the module doc) and secret-looking query parameters."""
    if "://" in text and "@" in text:
        text = _mask_userinfos(text)
    if "=" in text:
        text = _mask_query(text)
    if "://" in text:
        text = _WEBHOOK_URL.sub(_mask_webhook, text)
    return text


def _mask_webhook(m: re.Match[str]) -> str:
    head = m["head"]
    host_end = head.find("/", head.find("://") + 3)
    host = head if host_end == -1 else head[:host_end]
    return f"{host}/{MASK}" if (host_end != -1 or m["rest"]) else host


def _mask_userinfos(text: str) -> str:
    out: list[str] = []
    pos = 0
    idx = text.find("://")
    while idx != -1:
        start = idx + 3
        end_m = _NETLOC_END.search(text, start)
        netloc_end = end_m.start() if end_m else len(text)
        at = text.rfind("@", start, netloc_end)
        if at > start:
            out.append(text[pos:start])
            out.append(_masked_userinfo(_scheme_before(text, idx), text[start:at]))
            pos = at
        idx = text.find("://", start)
    out.append(text[pos:])
    return "".join(out)


def _scheme_before(text: str, idx: int) -> str:
    begin = idx
    while begin > 0 and (
        text[begin - 1].isascii()
        and (text[begin - 1].isalnum() or text[begin - 1] in "+.-")
    ):
        begin -= 1
    return text[begin:idx].lower()


def mask_url(url: str) -> str:
    """Mask a URL's credentials (userinfo, secret query parameters); see the module doc."""
    return mask_text(url)


def mask_address(address: str) -> str:
    """Keep only scheme and host[:port] of an address; hide userinfo, path, query, fragment."""
    if not address:
        return address
    m = _ADDRESS.fullmatch(address)
    if m is None:
        return MASK
    host = m["netloc"].rpartition("@")[2]
    return f"{m['scheme']}://{host}" + (f"/{MASK}" if m["rest"].strip() else "")


def mask_values(node: Any) -> Any:
    """Mask the values of secret-looking keys in a free-form map (Helm values,
    postBuild.substitute), recursively. Under a secret key every leaf except booleans and
    nulls becomes `****`; the structure stays visible. Strings elsewhere get `mask_text`."""
    if isinstance(node, Mapping):
        return {
            k: (
                _mask_leaves(v)
                if isinstance(k, str) and is_secret_key(k)
                else _mask_hook_urls(v)
                if isinstance(k, str) and _HOOK_KEY.search(k)
                else mask_values(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [mask_values(v) for v in node]
    if isinstance(node, str):
        return mask_text(node)
    return node


def _mask_hook_urls(node: Any) -> Any:
    """Under a key naming a (web)hook, URLs keep only scheme and host."""
    if isinstance(node, str):
        return mask_address(node) if "://" in node else mask_text(node)
    if isinstance(node, Mapping):
        return {k: _mask_hook_urls(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_mask_hook_urls(v) for v in node]
    return node


def mask_object(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a raw Flux object that is safe to show (detail and YAML views).

    - `metadata.managedFields` and the `last-applied-configuration` annotation are removed;
    - any `*secretRef` (secretRef, certSecretRef, proxySecretRef, …) keeps only its `name`;
    - Provider `spec.address` and `spec.proxy` keep only scheme and host;
    - HelmRelease `spec.valuesFrom[]` keeps only the reference fields;
    - `spec.values` and `spec.postBuild.substitute`: secret-looking keys' values → `****`;
    - every other string, anywhere (status.url, artifact metadata, condition messages,
      annotations), has URL credentials masked (`mask_text`).
    """
    out = _mask_generic(raw)
    if not isinstance(out, dict):
        return {}
    metadata = out.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("managedFields", None)
        annotations = metadata.get("annotations")
        if isinstance(annotations, dict):
            annotations.pop(LAST_APPLIED, None)
    spec = out.get("spec")
    if isinstance(spec, dict):
        _mask_spec(spec, raw.get("spec"))
    return out


def _mask_spec(spec: dict[str, Any], raw_spec: Any) -> None:
    original = raw_spec if isinstance(raw_spec, Mapping) else {}
    for field in _ADDRESS_FIELDS:
        value = original.get(field)
        if isinstance(value, str):
            spec[field] = mask_address(value)
        elif field in spec and spec[field] is not None:
            spec[field] = MASK
    if "values" in spec:
        spec["values"] = mask_values(original.get("values"))
    post_build = spec.get("postBuild")
    raw_post_build = original.get("postBuild")
    if (
        isinstance(post_build, dict)
        and isinstance(raw_post_build, Mapping)
        and "substitute" in post_build
    ):
        post_build["substitute"] = mask_values(raw_post_build.get("substitute"))
    values_from = spec.get("valuesFrom")
    if isinstance(values_from, list):
        spec["valuesFrom"] = [
            {k: ref[k] for k in _VALUES_FROM_KEYS if k in ref}
            if isinstance(ref, dict)
            else MASK
            for ref in values_from
        ]


def _mask_generic(node: Any) -> Any:
    if isinstance(node, Mapping):
        result: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(key, str) and key.lower().endswith("secretref"):
                result[key] = _secret_ref_name(value)
            else:
                result[key] = _mask_generic(value)
        return result
    if isinstance(node, list):
        return [_mask_generic(v) for v in node]
    if isinstance(node, str):
        return mask_text(node)
    return node


def _secret_ref_name(value: Any) -> Any:
    if isinstance(value, Mapping):
        name = value.get("name")
        return {"name": mask_text(name)} if isinstance(name, str) else {}
    return None if value is None else MASK


def _mask_leaves(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _mask_leaves(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_mask_leaves(v) for v in node]
    if node is None or isinstance(node, bool):
        return node
    return MASK


def _masked_userinfo(scheme: str, userinfo: str) -> str:
    if scheme in _SSH_SCHEMES:
        user, sep, _password = userinfo.partition(":")
        return f"{user}:{MASK}" if sep else userinfo
    return MASK


def _mask_query(part: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if is_secret_key(m["key"]):
            return f"{m['sep']}{m['key']}={MASK}"
        return m.group(0)

    return _QUERY_PARAM.sub(repl, part)
