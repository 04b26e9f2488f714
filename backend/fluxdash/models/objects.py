"""The `FluxObject` union and `parse_object`, which never raises.

Kubernetes list responses omit `kind`/`apiVersion` on items, so the kind always comes from
the registry. A field with an unexpected shape is dropped (and named in the returned problem)
rather than failing the whole object; only an object without usable identity or required
spec fields comes back as `None`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from fluxdash.models.helm import HelmRelease
from fluxdash.models.image import ImagePolicy, ImageRepository, ImageUpdateAutomation
from fluxdash.models.kinds import KindInfo
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.notification import Alert, Provider, Receiver
from fluxdash.models.source import (
    Bucket,
    ExternalArtifact,
    GitRepository,
    HelmChart,
    HelmRepository,
    OCIRepository,
)

FluxObject = Annotated[
    GitRepository
    | OCIRepository
    | HelmRepository
    | HelmChart
    | Bucket
    | ExternalArtifact
    | Kustomization
    | HelmRelease
    | Alert
    | Provider
    | Receiver
    | ImageRepository
    | ImagePolicy
    | ImageUpdateAutomation,
    Field(discriminator="kind"),
]

FLUX_OBJECT_ADAPTER: TypeAdapter[FluxObject] = TypeAdapter(FluxObject)

_MAX_REPAIRS = 25
_MAX_PROBLEMS_LISTED = 5

Loc = tuple[int | str, ...]


def parse_object(
    kind_info: KindInfo, raw: object
) -> tuple[FluxObject | None, str | None]:
    """Parse a raw Kubernetes object of `kind_info` into its model.

    Returns `(model, None)` for a clean parse, `(model, problem)` when invalid fields had to
    be ignored, and `(None, problem)` when the object cannot be modelled at all. Never raises.
    """
    if not isinstance(raw, Mapping):
        return None, f"object is a {type(raw).__name__}, not a JSON object"
    data: dict[str, Any] = dict(raw)
    data["kind"] = kind_info.kind
    ignored: list[str] = []
    copied = False
    for _ in range(_MAX_REPAIRS):
        try:
            obj = FLUX_OBJECT_ADAPTER.validate_python(data)
        except ValidationError as exc:
            if (
                not copied
            ):  # the happy path never copies; repairs work on a private copy
                data = copy.deepcopy(data)
                copied = True
            errors = exc.errors(
                include_url=False, include_context=False, include_input=False
            )
            problems = _repair(
                data, [(tuple(err["loc"])[1:], err["msg"]) for err in errors]
            )
            if not problems:
                return None, _describe(
                    "cannot read object",
                    [f"{_path(tuple(err['loc'])[1:])}: {err['msg']}" for err in errors],
                )
            ignored.extend(problems)
            continue
        except (
            TypeError,
            ValueError,
            RecursionError,
        ) as exc:  # defensive: exotic inputs
            return None, f"cannot read object: {exc}"
        return obj, (_describe("ignored invalid fields", ignored) if ignored else None)
    return None, _describe("cannot read object: too many invalid fields", ignored)


def _describe(prefix: str, problems: Sequence[str]) -> str:
    shown = "; ".join(problems[:_MAX_PROBLEMS_LISTED])
    more = len(problems) - _MAX_PROBLEMS_LISTED
    return f"{prefix}: {shown}" + (f" (and {more} more)" if more > 0 else "")


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        )
    return out or "(object)"


class _Dropped:
    """Marks list items removed in one repair round (so sibling indexes stay valid)."""


_DROPPED = _Dropped()


def _repair(data: dict[str, Any], errors: Sequence[tuple[Loc, str]]) -> list[str]:
    """Remove every invalid value named by `errors` from `data` (in place).

    A value that is missing (a required field) is repaired by removing its parent. Pydantic
    may insert member tags into locations; parts that do not exist in the data are trimmed
    from the end. `metadata` and `spec` cannot be removed: the next validation reports them
    missing and the object is given up. Returns what was removed, as readable problems.
    """
    problems: list[str] = []
    lists: list[list[Any]] = []
    for loc, msg in errors:
        target = loc
        while target:
            parent = _walk(data, target[:-1])
            key = target[-1]
            if isinstance(parent, dict) and key in parent:
                if parent is data and key in ("metadata", "spec", "kind"):
                    break
                del parent[key]
            elif (
                isinstance(parent, list)
                and isinstance(key, int)
                and 0 <= key < len(parent)
            ):
                parent[key] = _DROPPED
                lists.append(parent)
            else:
                target = target[:-1]
                continue
            problems.append(f"{_path(target)}: {msg}")
            break
    for items in lists:
        items[:] = [item for item in items if item is not _DROPPED]
    return problems


def _walk(data: Any, loc: Loc) -> Any:
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node
