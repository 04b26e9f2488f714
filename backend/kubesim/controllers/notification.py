"""notification-controller, simulated: Receiver (Alert and Provider v1beta3 have no status)."""

from __future__ import annotations

from kubesim.controllers.base import (
    EventSpec,
    KindController,
    Outcome,
    ReconcileContext,
)
from kubesim.controllers.digests import sha256_hex


def webhook_path(namespace: str, name: str, token: str = "") -> str:
    """``/hook/`` + sha256(token + name + namespace) (FLUX.md §4.11)."""
    return "/hook/" + sha256_hex(f"{token}{name}{namespace}")


class ReceiverController(KindController):
    kind = "Receiver"
    controller = "notification-controller"
    default_delay = 0.5

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        path = str(
            ctx.status.get("webhookPath") or webhook_path(ctx.namespace, ctx.name)
        )
        message = f"Receiver initialized for path: {path}"
        return Outcome(
            "ready",
            "Succeeded",
            message,
            status={"webhookPath": path},
            event=EventSpec("Normal", "Succeeded", message),
        )

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        secret = (ctx.spec.get("secretRef") or {}).get("name", "webhook-token")
        return (
            "TokenNotFound",
            f"unable to read token from secret '{ctx.namespace}/{secret}' error: secrets \"{secret}\" not found",
        )
