"""The chart against the code: the variables it sets are the ones each service reads, secrets come from
Secrets only, and the NetworkPolicies let through exactly the HTTP calls the services make."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import helm_python as helm
import pytest
from pydantic_settings import BaseSettings

from tests.deploy.chart import EVERYTHING_ON, RELEASE, Doc, Manifests, container, env_of, render
from tests.deploy.workspace import components, env_names

SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|_TOKEN$|API_KEY|DATABASE_URL$|^REDIS_URL$")
SERVICE_BASE_URL = re.compile(r"^SERVICE_BASE_URL_([A-Z]+)$")


def _placeholder(name: str, component: str) -> str:
    """What an operator's Secret would hold, long enough for every production check."""
    if name.endswith("DATABASE_URL"):
        return f"postgresql://motcua:placeholder@postgres.example:5432/motcua_{component}"
    if name == "REDIS_URL":
        return "redis://redis.example:6379/0"
    return "placeholder-" + "x" * 40


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    with mock.patch.dict(os.environ, env, clear=True):
        yield


def _pod_environment(manifests: Manifests, name: str, *, optional_secrets: bool) -> dict[str, str]:
    """The environment a component's container would see, Secret keys filled with placeholders."""
    env: dict[str, str] = {}
    for key, source in env_of(manifests, manifests.one("Deployment", name)):
        if "value" in source:
            env[key] = source["value"]
            continue
        ref = source["valueFrom"]["secretKeyRef"]
        assert ref["name"] == f"{RELEASE}-{name}" and ref["key"] == key
        if optional_secrets or not ref.get("optional"):
            env[key] = _placeholder(key, name)
    return env


def _settings(name: str, env: dict[str, str]) -> BaseSettings:
    with _environment(env):
        return components()[name].settings_class()()


@pytest.mark.parametrize("values", [None, EVERYTHING_ON], ids=["defaults", "everything-on"])
def test_every_variable_the_chart_sets_is_one_the_component_reads(
    chart: helm.Chart, values: dict[str, Any] | None
) -> None:
    manifests = render(chart, values)
    for name, component in components().items():
        read = env_names(component.settings_class())
        for workload in [
            manifests.one("Deployment", name),
            *manifests.for_component("Job", f"{name}-migrate"),
        ]:
            unread = {key for key, _ in env_of(manifests, workload)} - read
            assert not unread, (
                f"{name}: the chart sets {sorted(unread)}, which {component.package}.settings never reads"
            )


@pytest.mark.parametrize(
    ("values", "optional_secrets"),
    [(None, False), (None, True), (EVERYTHING_ON, True)],
    ids=["required-secrets-only", "all-secrets", "everything-on"],
)
def test_each_component_starts_in_production_with_the_rendered_environment(
    chart: helm.Chart, values: dict[str, Any] | None, optional_secrets: bool
) -> None:
    manifests = render(chart, values)
    for name in components():
        env = _pod_environment(manifests, name, optional_secrets=optional_secrets)
        assert env["MOTCUA_ENV"] == "production"
        settings = _settings(name, env)  # raises if a production check refuses the configuration
        assert settings.environment == "production"  # type: ignore[attr-defined]
        if name != "gateway":
            assert settings.database_url.endswith(f"/motcua_{name}")  # type: ignore[attr-defined]
            assert settings.kafka_bootstrap_servers == "motcua-kafka-bootstrap.kafka.svc:9092"  # type: ignore[attr-defined]
        assert settings.oidc_jwks_url == f"http://{RELEASE}-identity:80/oidc/jwks"  # type: ignore[attr-defined]
        assert settings.oidc_issuer == "https://dichvucong.example.gov.vn/oidc"  # type: ignore[attr-defined]


def test_a_missing_required_secret_key_is_noticed(manifests: Manifests) -> None:
    """Without the Secret's key the code's development default would apply: production refuses it."""
    for name, secret in [
        ("intake", "INTAKE_CLIENT_SECRET"),
        ("identity", "IDENTITY_SECRET_KEY"),
        ("payments", "VNPAY_HASH_SECRET"),
        ("notify", "NOTIFY_WEBHOOK_SECRETS_KEY"),
    ]:
        env = _pod_environment(manifests, name, optional_secrets=False)
        env.pop(secret)
        with pytest.raises(ValueError, match=secret):
            _settings(name, env)


def test_intake_trusts_the_gateway_network_for_the_client_address(chart: helm.Chart) -> None:
    manifests = render(chart, {"config": {"trustedProxies": ["10.42.0.0/16", "10.43.0.0/16"]}})
    settings = _settings("intake", _pod_environment(manifests, "intake", optional_secrets=False))
    assert settings.trusted_proxies == ["10.42.0.0/16", "10.43.0.0/16"]  # type: ignore[attr-defined]


def test_secret_values_never_appear_in_the_rendered_manifests(chart: helm.Chart) -> None:
    from identity.settings import DEV_SECRET as IDENTITY_DEV_SECRET
    from intake.settings import DEV_CLIENT_SECRET as INTAKE_DEV_SECRET
    from nationalsync.settings import DEV_CLIENT_SECRET as HUB_DEV_SECRET
    from notify.settings import DEV_SMS_DLR_TOKEN, DEV_WEBHOOK_SECRETS_KEY
    from payments.settings import DEV_VNPAY_HASH_SECRET

    dev_secrets = [
        IDENTITY_DEV_SECRET,
        INTAKE_DEV_SECRET,
        HUB_DEV_SECRET,
        DEV_SMS_DLR_TOKEN,
        DEV_WEBHOOK_SECRETS_KEY,
        DEV_VNPAY_HASH_SECRET,
    ]
    for values in (None, EVERYTHING_ON):
        manifests = render(chart, values)
        assert manifests.of_kind("Secret") == [], "the chart references existing Secrets, it never holds one"
        text = repr(manifests.docs)
        assert not [s for s in dev_secrets if s in text]
        for workload in manifests.of_kind("Deployment") + manifests.of_kind("Job"):
            for key, source in env_of(manifests, workload):
                if SECRET_NAME.search(key):
                    assert "secretKeyRef" in source.get("valueFrom", {}), (
                        f"{workload['metadata']['name']}: {key} is set in plain text"
                    )
    for name, component in chart.values["services"].items():
        assert not [k for k in component["env"] if SECRET_NAME.search(k)], f"values.yaml: {name}"


def test_a_secret_put_in_plain_values_is_refused(chart: helm.Chart) -> None:
    with pytest.raises(
        helm.HelmRenderError, match=r"services\.notify\.env\.SMTP_PASSWORD looks like a secret"
    ):
        render(chart, {"services": {"notify": {"env": {"SMTP_PASSWORD": "hunter2"}}}})


# ------------------------------------------------------------------------------------------ network


def _calls_in_code(name: str) -> set[str]:
    """Services a component calls over HTTP, from its settings: SERVICE_BASE_URL_<X> (itself excluded)."""
    targets = {
        m.group(1).lower()
        for n in env_names(components()[name].settings_class())
        if (m := SERVICE_BASE_URL.match(n))
    }
    return targets - {name}


def _in_cluster_calls(manifests: Manifests, name: str) -> set[str]:
    """Components whose Service a component's configured URLs point at."""
    hosts = {f"{RELEASE}-{other}": other for other in components()}
    called = set()
    for value in manifests.config_map_data(name).values():
        if value.startswith("http://"):
            host = urlsplit(value).hostname
            if host in hosts:
                called.add(hosts[host])
    return called - {name}


def _selected_components(peers: list[Doc]) -> set[str]:
    """The release's components a list of NetworkPolicyPeers selects (other peers are ignored)."""
    labels = [p.get("podSelector", {}).get("matchLabels", {}) for p in peers]
    return {
        m["app.kubernetes.io/component"] for m in labels if m.get("app.kubernetes.io/instance") == RELEASE
    }


def test_every_service_url_a_component_reads_points_at_a_rendered_service(manifests: Manifests) -> None:
    services = {s["metadata"]["name"]: s for s in manifests.of_kind("Service")}
    for name in components():
        settings = _settings(name, _pod_environment(manifests, name, optional_secrets=False))
        for callee in _calls_in_code(name):
            url = getattr(settings, f"service_base_url_{callee}", None) or getattr(
                settings, f"{callee}_base_url"
            )
            parts = urlsplit(url)
            assert parts.hostname in services, f"{name} would call {callee} at {url}: no such Service"
            assert parts.port == services[parts.hostname]["spec"]["ports"][0]["port"]


def test_network_policies_admit_exactly_the_calls_the_code_makes(manifests: Manifests) -> None:
    policies = {n: manifests.one("NetworkPolicy", n)["spec"] for n in components()}
    edges = {(caller, callee) for caller in components() for callee in _in_cluster_calls(manifests, caller)}
    # The SERVICE_BASE_URL_* settings are all there, and the JWKS comes from identity (which reads its
    # own keys from its database).
    for name in components():
        assert _calls_in_code(name) <= {callee for caller, callee in edges if caller == name}, name
        if name not in ("gateway", "identity"):
            assert (name, "identity") in edges
    assert {
        ("intake", "catalog"),
        ("intake", "identity"),
        ("identity", "notify"),
        ("notify", "intake"),
    } <= edges

    for name, spec in policies.items():
        assert spec["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == name
        assert set(spec["policyTypes"]) == {"Ingress", "Egress"}
        ingress = spec["ingress"]
        if name == "gateway":
            # The only entry point: open to the ingress controller / outside (gatewayIngressFrom narrows it).
            assert any("from" not in rule for rule in ingress)
            continue
        assert all(rule.get("from") for rule in ingress), f"{name} accepts traffic from anywhere"
        admitted = {c for rule in ingress for c in _selected_components(rule["from"])}
        expected = {"gateway"} | {caller for caller, callee in edges if callee == name}
        assert admitted == expected, f"{name}: admits {sorted(admitted)}, its callers are {sorted(expected)}"

    for caller, callee in edges:
        reachable = {
            c for rule in policies[caller]["egress"] for c in _selected_components(rule.get("to", []))
        }
        assert callee in reachable, f"{caller} calls {callee} but its egress does not allow it"


def _egress_ports(spec: Doc, *, outside: bool = False) -> set[int]:
    """Ports of a policy's egress rules (only those open beyond the cluster's pods with `outside`)."""
    ports = set()
    for rule in spec["egress"]:
        peers = rule.get("to", [])
        if outside and peers and not any("ipBlock" in p for p in peers):
            continue
        ports |= {p["port"] for p in rule.get("ports", [])}
    return ports


#: Settings that name a party outside the cluster, and the port the chart must open for it.
EXTERNAL_PARTIES = {
    "SMTP_HOST": "smtp",
    "SMS_PROVIDER_URL": 443,
    "VNPAY_API_URL": 443,
    "NATIONAL_HUB_URL": 443,
    "IDENTITY_FEDERATION_ISSUER": 443,
    "INTAKE_S3_ENDPOINT_URL": 443,
}


def test_egress_reaches_dns_postgres_kafka_and_the_external_parties(manifests: Manifests) -> None:
    for name, component in components().items():
        spec = manifests.one("NetworkPolicy", name)["spec"]
        ports = _egress_ports(spec)
        assert 53 in ports
        if name != "gateway":
            assert {5432, 9092} <= ports
            kafka = next(r for r in spec["egress"] if {p["port"] for p in r["ports"]} == {9092})
            assert kafka["to"][0]["podSelector"]["matchLabels"]["strimzi.io/cluster"] == "motcua-kafka"
        read = env_names(component.settings_class())
        for variable, port in EXTERNAL_PARTIES.items():
            if variable in read:
                wanted = int(manifests.config_map_data(name)["SMTP_PORT"]) if port == "smtp" else port
                assert wanted in _egress_ports(spec, outside=True), f"{name} reaches {variable} on {wanted}"


def test_network_policy_values_narrow_the_peers(chart: helm.Chart) -> None:
    manifests = render(chart, EVERYTHING_ON)
    gateway = manifests.one("NetworkPolicy", "gateway")["spec"]
    assert gateway["ingress"][0]["from"] == EVERYTHING_ON["networkPolicy"]["gatewayIngressFrom"]
    notify = manifests.one("NetworkPolicy", "notify")["spec"]
    notify_peers = [p for r in notify["ingress"] for p in r["from"]]
    assert {"ipBlock": {"cidr": "203.0.113.0/24"}} in notify_peers
    # ingress.smsCallbacks: the Ingress controller reaches notify too.
    assert EVERYTHING_ON["networkPolicy"]["gatewayIngressFrom"][0] in notify_peers
    catalog = manifests.one("NetworkPolicy", "catalog")["spec"]
    postgres = next(r for r in catalog["egress"] if {p["port"] for p in r["ports"]} == {5432})
    assert postgres["to"] == [{"ipBlock": {"cidr": "10.20.0.0/16"}}]
    gateway_egress = _egress_ports(gateway)
    assert 6379 in gateway_egress  # redis.enabled
    for name in components():
        metrics = manifests.one("NetworkPolicy", name)["spec"]["ingress"]
        assert any(r.get("from") == EVERYTHING_ON["networkPolicy"]["metricsFrom"] for r in metrics)
    assert container(manifests.one("Deployment", "gateway"))["args"][-2:] == [
        "--forwarded-allow-ips",
        "10.0.0.0/8",
    ]
