"""Which simulated controller handles which Flux kind."""

from __future__ import annotations

from kubesim.controllers.base import KindController
from kubesim.controllers.helm import HelmReleaseController
from kubesim.controllers.image import (
    ImagePolicyController,
    ImageRepositoryController,
    ImageUpdateAutomationController,
)
from kubesim.controllers.kustomize import KustomizationController
from kubesim.controllers.notification import ReceiverController
from kubesim.controllers.sources import (
    BucketController,
    GitRepositoryController,
    HelmChartController,
    HelmRepositoryController,
    OCIRepositoryController,
)

# ExternalArtifact (produced by source-watcher), Alert and Provider are not reconciled here.
KIND_CONTROLLERS: dict[str, KindController] = {
    c.kind: c
    for c in (
        GitRepositoryController(),
        OCIRepositoryController(),
        HelmRepositoryController(),
        HelmChartController(),
        BucketController(),
        KustomizationController(),
        HelmReleaseController(),
        ReceiverController(),
        ImageRepositoryController(),
        ImagePolicyController(),
        ImageUpdateAutomationController(),
    )
}

# Sources whose artifact revision a consumer follows.
PUBLISHING_KINDS = (
    "GitRepository",
    "OCIRepository",
    "HelmRepository",
    "Bucket",
    "ImageRepository",
)
