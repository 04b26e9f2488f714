"""Who is asking: the identity a request acts as."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

ANONYMOUS = "anonymous"


class Identity(BaseModel):
    """The user behind a request.

    ``impersonate`` says whether cluster calls made for this user carry
    ``Impersonate-User``/``Impersonate-Group`` (token and proxy auth), or run as fluxdash's own
    service account (auth mode ``none``: the user is ``anonymous``).
    """

    model_config = ConfigDict(frozen=True)

    user: str = Field(min_length=1)
    groups: tuple[str, ...] = ()
    impersonate: bool = False

    @classmethod
    def anonymous(cls) -> Identity:
        return cls(user=ANONYMOUS)
