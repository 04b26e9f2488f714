"""Configuration: one validated Settings object, read from FLUXDASH_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything fluxdash can be told. Invalid values fail at start-up, not on first use."""

    model_config = SettingsConfigDict(env_prefix="FLUXDASH_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    kubeconfig: Path | None = None
    context: str | None = None
    # "auto": kubeconfig / in-cluster when found, else the embedded demo cluster.
    cluster_mode: Literal["auto", "kubeconfig", "incluster", "embedded", "none"] = (
        "auto"
    )
    demo_scenario: str = "demo"
    flux_namespace: str = "flux-system"
    read_only: bool = False
    auth_mode: Literal["none", "token", "proxy"] = "none"
    # Extra origins allowed for browser writes and WebSocket upgrades (besides the served host).
    allowed_origins: list[str] = Field(default_factory=list)
    allowed_hosts: list[str] = Field(default_factory=list)
    static_dir: Path | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "text"] = "json"
    # Watch and retry policy (kopf-style: policy is data, not code).
    watch_timeout_seconds: int = Field(default=290, ge=1)
    watch_read_timeout_seconds: float = Field(default=330.0, gt=0)
    relist_interval_seconds: float = Field(default=1800.0, gt=0)
    backoff_initial_seconds: float = Field(default=0.5, gt=0)
    backoff_max_seconds: float = Field(default=30.0, gt=0)
    list_page_size: int = Field(default=500, ge=1)
    events_buffer_size: int = Field(default=2000, ge=1)
    action_timeout_seconds: float = Field(default=300.0, gt=0)
    # Live stream (WS /api/v1/ws): coalescing window, per-client backlog and limits.
    ws_coalesce_ms: int = Field(default=100, ge=0, le=5000)
    ws_max_pending: int = Field(default=1000, ge=1)
    ws_send_timeout_seconds: float = Field(default=30.0, gt=0)
    ws_max_clients: int = Field(default=2000, ge=1)

    @field_validator("allowed_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
