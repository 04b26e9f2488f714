"""The few parts of kubernetes_asyncio fluxdash uses, imported without its generated code.

``import kubernetes_asyncio.client.api_client`` runs the package ``__init__``s first, and those
import every generated API and model class: ~850 modules, ~2.5 s of CPU on this machine, about
half of fluxdash's whole start-up. fluxdash needs only the ``ApiClient`` (its aiohttp pool and
auth refresh), ``Configuration`` and the config loaders, so the packages are registered as lazy
shells first: real package objects whose ``__path__`` lets submodules import normally and whose
``__init__`` runs the first time anyone asks for an attribute the shell lacks (PEP 562
``__getattr__``). Code that wants the generated classes (``from kubernetes_asyncio.client import
CoreV1Api``, ``kubernetes_asyncio.client.V1Pod``) gets the complete package, just later.
When kubernetes_asyncio is already imported, nothing is changed.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_ROOT = "kubernetes_asyncio"
_LAZY_PACKAGES = (_ROOT, f"{_ROOT}.client", f"{_ROOT}.client.models")


def _lazy_package(name: str, parent: types.ModuleType | None) -> types.ModuleType:
    """Register the package ``name`` in ``sys.modules`` without running its ``__init__``."""
    search = list(parent.__path__) if parent is not None else None
    spec = importlib.machinery.PathFinder.find_spec(name, search)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"cannot find the package {name}")
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def complete(attribute: str) -> Any:
        # A submodule (`from kubernetes_asyncio.client import rest`) imports on its own.
        if not attribute.startswith("__") and importlib.machinery.PathFinder.find_spec(
            f"{name}.{attribute}", list(module.__path__)
        ):
            return importlib.import_module(f"{name}.{attribute}")
        # Anything else: drop the hook, then run the real __init__ in this module object.
        module.__dict__.pop("__getattr__", None)
        loader.exec_module(module)
        try:
            return module.__dict__[attribute]
        except KeyError:
            raise AttributeError(
                f"module {name!r} has no attribute {attribute!r}"
            ) from None

    module.__dict__["__getattr__"] = complete
    sys.modules[name] = module
    if parent is not None:
        setattr(parent, name.rsplit(".", 1)[1], module)
    return module


def _install_lazy_packages() -> None:
    if _ROOT in sys.modules:
        return
    parent: types.ModuleType | None = None
    for name in _LAZY_PACKAGES:
        parent = _lazy_package(name, parent)


_install_lazy_packages()

# These submodules import only each other, the exceptions and rest (aiohttp), never the
# generated APIs and models (api_client names the models package, a lazy shell above).
from kubernetes_asyncio.client.api_client import ApiClient  # noqa: E402
from kubernetes_asyncio.client.configuration import Configuration  # noqa: E402

_client = sys.modules[f"{_ROOT}.client"]
if "__getattr__" in _client.__dict__:
    # config.kube_config does `from kubernetes_asyncio.client import ApiClient, Configuration`.
    setattr(_client, "ApiClient", ApiClient)  # noqa: B010  # a module, not a typed object
    setattr(_client, "Configuration", Configuration)  # noqa: B010

from kubernetes_asyncio.config import (  # noqa: E402
    ConfigException,
    load_incluster_config,
    load_kube_config,
    load_kube_config_from_dict,
)

__all__ = [
    "ApiClient",
    "ConfigException",
    "Configuration",
    "load_incluster_config",
    "load_kube_config",
    "load_kube_config_from_dict",
]
