"""Rendering deploy/helm/motcua offline with Helm's own engine (helm-python-sdk) and reading the result."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import helm_python as helm
import yaml

from tests.deploy.workspace import REPO

CHART_DIR = REPO / "deploy" / "helm" / "motcua"
RELEASE = "motcua"
NAMESPACE = "portal"
KUBE_VERSION = "v1.31.0"
COMPONENT = "app.kubernetes.io/component"

Doc = dict[str, Any]

#: Values that turn on everything optional, to check those parts render and validate too.
EVERYTHING_ON: dict[str, Any] = {
    "ingress": {
        "enabled": True,
        "className": "nginx",
        "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "50m"},
        "tls": [{"secretName": "portal-tls", "hosts": ["dichvucong.example.gov.vn"]}],
        "smsCallbacks": {"enabled": True, "host": "sms.dichvucong.example.gov.vn"},
    },
    "redis": {"enabled": True},
    "storage": {"backend": "local", "local": {"existingClaim": "intake-files"}},
    "networkPolicy": {
        "gatewayIngressFrom": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
        ],
        "metricsFrom": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
        ],
        "postgres": {"to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}]},
    },
    "kafka": {"topics": {"namespace": "kafka"}},
    "image": {"digest": "sha256:" + "ab" * 32},
    "services": {
        "gateway": {"forwardedAllowIps": "10.0.0.0/8"},
        "catalog": {
            "autoscaling": {"enabled": False},
            "replicas": 3,
            "pdb": {"enabled": True, "minAvailable": 1},
        },
        "notify": {"extraIngressFrom": [{"ipBlock": {"cidr": "203.0.113.0/24"}}]},
    },
}


@dataclass
class Manifests:
    """The documents `helm template` would print, by template."""

    by_template: dict[str, list[Doc]]

    @property
    def docs(self) -> list[Doc]:
        return [doc for docs in self.by_template.values() for doc in docs]

    def of_kind(self, kind: str) -> list[Doc]:
        return [d for d in self.docs if d["kind"] == kind]

    def named(self, kind: str, name: str) -> Doc:
        found = [d for d in self.of_kind(kind) if d["metadata"]["name"] == name]
        assert len(found) == 1, f"{len(found)} {kind} named {name}"
        return found[0]

    def for_component(self, kind: str, component: str) -> list[Doc]:
        return [d for d in self.of_kind(kind) if d["metadata"].get("labels", {}).get(COMPONENT) == component]

    def one(self, kind: str, component: str) -> Doc:
        found = self.for_component(kind, component)
        assert len(found) == 1, f"{len(found)} {kind} for {component}, expected one"
        return found[0]

    def config_map_data(self, component: str) -> dict[str, str]:
        data: dict[str, str] = self.one("ConfigMap", component)["data"]
        return data


def render(chart: helm.Chart, values: dict[str, Any] | None = None) -> Manifests:
    rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    by_template = {
        path: [doc for doc in yaml.safe_load_all(text) if doc]
        for path, text in rendered.items()
        if path.endswith((".yaml", ".yml"))
    }
    return Manifests(by_template)


def container(deployment_or_job: Doc) -> Doc:
    containers: list[Doc] = deployment_or_job["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def env_of(manifests: Manifests, workload: Doc) -> Iterator[tuple[str, Doc]]:
    """Every variable a workload's container gets: (name, where from), ConfigMaps expanded."""
    spec = container(workload)
    for source in spec.get("envFrom", []):
        name = source["configMapRef"]["name"]
        for key, value in manifests.named("ConfigMap", name)["data"].items():
            yield key, {"value": value, "configMap": name}
    for entry in spec.get("env", []):
        yield entry["name"], entry
