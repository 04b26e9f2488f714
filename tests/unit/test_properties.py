"""Property tests: secrets never survive masking; parsing never raises on arbitrary shapes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fluxdash.models.kinds import KINDS, KindInfo
from fluxdash.models.objects import parse_object
from fluxdash.models.views import HEALTH_VALUES, ResourceRow
from fluxdash.services.health import compute_health
from fluxdash.services.masking import mask_address, mask_object, mask_text, mask_url
from fluxdash.services.rows import build_row
from tests.unit.flux_objects import sample

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
START, END = "SECRET", "TERCES"

# RFC 3986 userinfo characters (unreserved, sub-delims, pct-encoded); ':' separates the password.
_USERINFO_CHARS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;="
)
_pct = st.sampled_from("0123456789ABCDEF")
_userinfo_piece = st.lists(
    st.one_of(
        st.sampled_from(_USERINFO_CHARS),
        st.tuples(_pct, _pct).map(lambda t: f"%{t[0]}{t[1]}"),
    ),
    max_size=20,
).map("".join)
secret = _userinfo_piece.map(lambda s: f"{START}{s}{END}")
host = st.from_regex(
    r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True
)
port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
path_chars = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~/", max_size=20)
schemes = st.sampled_from(
    ["http", "https", "HTTPS", "oci", "s3", "git+https", "ftp", "ws"]
)


@st.composite
def url_with_credentials(draw: st.DrawFn) -> str:
    scheme = draw(schemes)
    user = draw(secret)
    password = draw(st.one_of(st.none(), secret))
    userinfo = user if password is None else f"{user}:{password}"
    return f"{scheme}://{userinfo}@{draw(host)}{draw(port)}/{draw(path_chars)}"


@st.composite
def ssh_url_with_password(draw: st.DrawFn) -> str:
    user = draw(st.sampled_from(["git", "deploy", "x"]))
    return f"ssh://{user}:{draw(secret)}@{draw(host)}{draw(port)}/{draw(path_chars)}"


@st.composite
def address_with_secret_parts(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https", "http", "nats", "tcp"]))
    userinfo = draw(st.one_of(st.just(""), secret.map(lambda s: s + "@")))
    path = draw(st.one_of(st.just(""), secret.map(lambda s: "/" + s)))
    query = draw(st.one_of(st.just(""), secret.map(lambda s: "?k=" + s)))
    fragment = draw(st.one_of(st.just(""), secret.map(lambda s: "#" + s)))
    if not (path or query or fragment):
        path = "/" + draw(secret)
    return f"{scheme}://{userinfo}{draw(host)}{draw(port)}{path}{query}{fragment}"


def assert_no_secret(text: str) -> None:
    assert START not in text
    assert END not in text


@SETTINGS
@given(url_with_credentials())
def test_mask_url_hides_userinfo(url: str) -> None:
    assert_no_secret(mask_url(url))


@SETTINGS
@given(ssh_url_with_password())
def test_mask_url_hides_ssh_password(url: str) -> None:
    out = mask_url(url)
    assert_no_secret(out)
    assert out.startswith("ssh://")


@SETTINGS
@given(address_with_secret_parts())
def test_mask_address_hides_userinfo_path_query(address: str) -> None:
    assert_no_secret(mask_address(address))


@SETTINGS
@given(
    st.lists(
        st.one_of(url_with_credentials(), ssh_url_with_password()),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.text(max_size=15), min_size=5, max_size=5),
)
def test_mask_text_hides_userinfo_anywhere_in_text(
    urls: list[str], glue: list[str]
) -> None:
    text = glue[0]
    for i, url in enumerate(urls):
        text += url + glue[(i + 1) % len(glue)]
    assert_no_secret(mask_text(text))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(
    st.sampled_from(KINDS),
    url_with_credentials(),
    address_with_secret_parts(),
    url_with_credentials(),
    secret,
    json_values,
)
def test_mask_object_hides_every_planted_secret(
    info: KindInfo, url: str, address: str, status_url: str, value: str, noise: Any
) -> None:
    raw = sample(info.kind)
    raw["spec"]["url"] = url
    raw["spec"]["address"] = address
    raw["spec"]["proxy"] = address
    raw["spec"]["values"] = {
        "noise": noise,
        "db": {"password": value},
        "list": [{"apiKey": value}],
    }
    raw["spec"]["postBuild"] = {"substitute": {"token": value, "other": url}}
    raw["spec"]["secretRef"] = {"name": "ok", "key": value}
    raw["spec"]["valuesFrom"] = [{"kind": "Secret", "name": "v", "inline": value}]
    raw["metadata"]["annotations"] = {
        "kubectl.kubernetes.io/last-applied-configuration": value
    }
    raw["metadata"]["managedFields"] = [{"manager": value}]
    raw.setdefault("status", {})["url"] = status_url
    raw["status"]["conditions"] = [
        {"type": "Ready", "status": "False", "message": f"clone '{url}': {noise}"}
    ]
    raw["status"]["artifact"] = {
        "metadata": {"org.opencontainers.image.source": status_url}
    }
    out = json.dumps(mask_object(raw))
    assert_no_secret(out)


@SETTINGS
@given(json_values)
def test_mask_object_never_raises(node: Any) -> None:
    out = mask_object(
        node if isinstance(node, dict) else {"spec": node, "status": node}
    )
    assert isinstance(out, dict)


@SETTINGS
@given(st.sampled_from(KINDS), json_values, st.data())
def test_parsing_never_raises_on_arbitrary_status(
    info: KindInfo, status: Any, data: st.DataObject
) -> None:
    raw = sample(info.kind)
    raw["status"] = status
    if data.draw(st.booleans()):
        conditions = data.draw(
            st.lists(
                json_values
                | st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(
                            ["Ready", "Stalled", "Reconciling", "Healthy"]
                        ),
                        "status": json_values,
                    }
                ),
                max_size=4,
            )
        )
        raw["status"] = {
            "conditions": conditions,
            "observedGeneration": data.draw(json_values),
        }
    _check_never_raises(info, raw)


@SETTINGS
@given(st.sampled_from(KINDS), st.data())
def test_parsing_never_raises_on_arbitrary_spec_or_metadata_values(
    info: KindInfo, data: st.DataObject
) -> None:
    raw = sample(info.kind)
    section = data.draw(st.sampled_from(["spec", "metadata", "status"]))
    target = raw.get(section)
    if isinstance(target, dict) and target:
        key = data.draw(st.sampled_from(sorted(target)))
        target[key] = data.draw(json_values)
    else:
        raw[section] = data.draw(json_values)
    _check_never_raises(info, raw)


@SETTINGS
@given(st.sampled_from(KINDS), json_values)
def test_parsing_never_raises_on_arbitrary_objects(info: KindInfo, raw: Any) -> None:
    model, problem = parse_object(info, raw)
    assert model is not None or problem
    if isinstance(raw, dict):
        _check_never_raises(info, raw)


def _check_never_raises(info: KindInfo, raw: dict[str, Any]) -> None:
    model, problem = parse_object(info, raw)
    assert model is not None or problem
    health = compute_health(info, raw)
    assert health.health in HEALTH_VALUES
    assert "\n" not in health.message
    if model is not None:
        assert compute_health(info, model).health in HEALTH_VALUES
    row = build_row(info, raw)
    assert isinstance(row, ResourceRow)
    assert row.health == health.health
    ResourceRow.model_validate_json(row.model_dump_json())
