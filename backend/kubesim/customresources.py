"""CustomResourceDefinition handling: validation, defaulting and the status a real
apiextensions-apiserver writes (``NamesAccepted``, ``Established``, ``storedVersions``)."""

from __future__ import annotations

from typing import Any

from kubesim.errors import invalid

CRD_GROUP = "apiextensions.k8s.io"
CRD_PLURAL = "customresourcedefinitions"


def validate_and_default_crd(crd: dict[str, Any]) -> None:
    """Check the CRD fields kubesim needs and fill apiserver defaults (in place)."""
    name = str((crd.get("metadata") or {}).get("name") or "")
    spec = crd.get("spec")
    causes: list[tuple[str, str, str]] = []
    if not isinstance(spec, dict):
        raise invalid(
            "CustomResourceDefinition",
            CRD_GROUP,
            name,
            [("FieldValueRequired", "spec", "Required value")],
        )
    group = spec.get("group")
    names = spec.get("names") if isinstance(spec.get("names"), dict) else None
    if not group or not isinstance(group, str):
        causes.append(("FieldValueRequired", "spec.group", "Required value"))
    if names is None:
        causes.append(("FieldValueRequired", "spec.names", "Required value"))
    else:
        for key in ("plural", "kind"):
            if not names.get(key):
                causes.append(
                    ("FieldValueRequired", f"spec.names.{key}", "Required value")
                )
    scope = spec.get("scope")
    if scope not in ("Namespaced", "Cluster"):
        causes.append(
            (
                "FieldValueNotSupported",
                "spec.scope",
                f'Unsupported value: "{scope or ""}": supported values: "Cluster", "Namespaced"',
            )
        )
    versions = spec.get("versions")
    if not isinstance(versions, list) or not versions:
        causes.append(
            (
                "FieldValueInvalid",
                "spec.versions",
                "Invalid value: must have exactly one version marked as storage version",
            )
        )
    else:
        storage = [v for v in versions if isinstance(v, dict) and v.get("storage")]
        if len(storage) != 1:
            causes.append(
                (
                    "FieldValueInvalid",
                    "spec.versions",
                    f"Invalid value: {len(storage)}: must have exactly one version marked as storage version",
                )
            )
        for idx, version in enumerate(versions):
            if not isinstance(version, dict) or not version.get("name"):
                causes.append(
                    (
                        "FieldValueRequired",
                        f"spec.versions[{idx}].name",
                        "Required value",
                    )
                )
    if not causes and names is not None and name != f"{names['plural']}.{group}":
        causes.append(
            (
                "FieldValueInvalid",
                "metadata.name",
                f'Invalid value: "{name}": must be spec.names.plural+"."+spec.group',
            )
        )
    if causes:
        raise invalid("CustomResourceDefinition", CRD_GROUP, name, causes)
    assert names is not None  # checked above
    names.setdefault("singular", str(names["kind"]).lower())
    names.setdefault("listKind", f"{names['kind']}List")
    spec.setdefault("conversion", {"strategy": "None"})


def crd_status(
    crd: dict[str, Any], previous: dict[str, Any] | None, now: str
) -> dict[str, Any]:
    """The status apiextensions-apiserver's controllers settle on for ``crd``."""
    spec = crd["spec"]
    names = spec["names"]
    accepted = {
        key: names[key]
        for key in (
            "plural",
            "singular",
            "shortNames",
            "kind",
            "listKind",
            "categories",
        )
        if key in names
    }
    stored: list[str] = list((previous or {}).get("storedVersions") or [])
    for version in spec["versions"]:
        if version.get("storage") and version["name"] not in stored:
            stored.append(version["name"])
    old_conditions = {
        c.get("type"): c for c in (previous or {}).get("conditions") or []
    }

    def condition(kind: str, reason: str, message: str) -> dict[str, Any]:
        before = old_conditions.get(kind)
        since = (
            before.get("lastTransitionTime", now)
            if before and before.get("status") == "True"
            else now
        )
        return {
            "type": kind,
            "status": "True",
            "lastTransitionTime": since,
            "reason": reason,
            "message": message,
        }

    return {
        "conditions": [
            condition("NamesAccepted", "NoConflicts", "no conflicts found"),
            condition(
                "Established",
                "InitialNamesAccepted",
                "the initial names have been accepted",
            ),
        ],
        "acceptedNames": accepted,
        "storedVersions": stored,
    }
