"""Authentication: bearer tokens → users, and impersonation headers.

A token table maps ``token → (user, groups)``.  No ``Authorization`` header means the
anonymous user (``system:anonymous``, group ``system:unauthenticated``); an unknown token
is 401.  Authenticated users also get ``system:authenticated``.  ``Impersonate-User`` /
``Impersonate-Group`` / ``Impersonate-Uid`` / ``Impersonate-Extra-*`` switch identity after
checking the ``impersonate`` verb on ``users`` / ``groups`` / ``serviceaccounts`` / ``uids``
/ ``userextras/<key>`` for the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kubesim.errors import BadRequest, Forbidden, Unauthorized
from kubesim.rbac import ANONYMOUS, Attributes, Decision, UserInfo

Tokens = Mapping[str, tuple[str, Sequence[str]]]


def authenticate(authorization: str | None, tokens: Tokens) -> UserInfo:
    if not authorization:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Unauthorized")
    entry = tokens.get(token.strip())
    if entry is None:
        raise Unauthorized("Unauthorized")
    user, groups = entry
    all_groups = list(groups)
    if "system:authenticated" not in all_groups:
        all_groups.append("system:authenticated")
    return UserInfo(user, tuple(all_groups))


def impersonate(
    caller: UserInfo,
    headers: Sequence[tuple[str, str]],
    authorize: Callable[[UserInfo, Attributes], Decision],
) -> UserInfo:
    """Apply ``Impersonate-*`` headers (already lower-cased names) for ``caller``."""
    user: str | None = None
    groups: list[str] = []
    uid = ""
    extra: dict[str, list[str]] = {}
    for key, value in headers:
        if key == "impersonate-user":
            user = value
        elif key == "impersonate-group":
            groups.append(value)
        elif key == "impersonate-uid":
            uid = value
        elif key.startswith("impersonate-extra-"):
            extra.setdefault(key[len("impersonate-extra-") :], []).append(value)
    if user is None:
        if groups or uid or extra:
            raise BadRequest(
                "requested impersonation of groups/uid/extra without impersonating a user"
            )
        return caller

    def check(attrs: Attributes, what: str) -> None:
        if not authorize(caller, attrs).allowed:
            scope = (
                f'in the namespace "{attrs.namespace}"'
                if attrs.namespace
                else "at the cluster scope"
            )
            raise Forbidden(
                f'{attrs.resource} "{attrs.name}" is forbidden: User "{caller.name}" cannot '
                f'impersonate resource "{attrs.resource}" in API group "{attrs.group}" {scope}',
                name=attrs.name,
                group=attrs.group,
                kind=attrs.resource,
            )
        del what

    if user.startswith("system:serviceaccount:"):
        parts = user.split(":")
        if len(parts) == 4:
            check(
                Attributes(
                    "impersonate", "", "serviceaccounts", "", parts[2], parts[3]
                ),
                user,
            )
        else:
            check(Attributes("impersonate", "", "users", name=user), user)
    else:
        check(Attributes("impersonate", "", "users", name=user), user)
    for group in groups:
        check(Attributes("impersonate", "", "groups", name=group), group)
    if uid:
        check(Attributes("impersonate", "authentication.k8s.io", "uids", name=uid), uid)
    for key, values in extra.items():
        for value in values:
            check(
                Attributes(
                    "impersonate",
                    "authentication.k8s.io",
                    "userextras",
                    key,
                    name=value,
                ),
                key,
            )
    final_groups = list(groups)
    if user == "system:anonymous":
        if "system:unauthenticated" not in final_groups:
            final_groups.append("system:unauthenticated")
    elif "system:authenticated" not in final_groups:
        final_groups.append("system:authenticated")
    if user.startswith("system:serviceaccount:"):
        parts = user.split(":")
        for extra_group in (
            "system:serviceaccounts",
            f"system:serviceaccounts:{parts[2] if len(parts) > 2 else ''}",
        ):
            if extra_group not in final_groups:
                final_groups.insert(0, extra_group)
    return UserInfo(user, tuple(final_groups), uid, extra)
