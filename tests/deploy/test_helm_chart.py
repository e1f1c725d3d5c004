"""The Helm chart deploy/helm/motcua, rendered by Helm's own engine and checked as an operator would."""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest

from contracts.events import ALL_TOPICS, EVENTS, dlq_topic
from tests.deploy.chart import (
    CHART_DIR,
    EVERYTHING_ON,
    KUBE_VERSION,
    NAMESPACE,
    RELEASE,
    Manifests,
    container,
    env_of,
    render,
)
from tests.deploy.workspace import REPO, components


def test_helm_lint_strict_passes_with_default_and_optional_values() -> None:
    for values in (None, EVERYTHING_ON):
        report = helm.lint(CHART_DIR, values, strict=True, kube_version=KUBE_VERSION)
        problems = [m for m in report["messages"] if m["severity"] >= 2]
        assert not report["errors"] and not problems, report


@pytest.mark.parametrize("values", [None, EVERYTHING_ON], ids=["defaults", "everything-on"])
def test_every_document_validates_against_kubernetes_1_31(
    chart: helm.Chart, values: dict[str, Any] | None
) -> None:
    manifests = render(chart, values)
    failures: list[str] = []
    for template, docs in manifests.by_template.items():
        for doc in docs:
            if doc["kind"] == "KafkaTopic":
                continue  # a Strimzi resource: its shape is checked in test_kafka_topics_*
            try:
                kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = ".".join(str(p) for p in error.path)
                failures.append(
                    f"{template}: {doc['kind']} {doc['metadata']['name']}: {path}: {error.message}"
                )
    assert not failures, "\n".join(failures)
    kinds = {d["kind"] for d in manifests.docs}
    assert kinds <= {
        "Deployment",
        "Service",
        "ConfigMap",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "Job",
        "ServiceAccount",
        "Ingress",
        "KafkaTopic",
    }, kinds


def test_every_service_of_the_workspace_and_the_gateway_has_its_resources(manifests: Manifests) -> None:
    for name in components():
        for kind in (
            "Deployment",
            "Service",
            "ConfigMap",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "NetworkPolicy",
        ):
            doc = manifests.one(kind, name)
            assert doc["metadata"]["name"] == f"{RELEASE}-{name}"
            assert doc["metadata"]["namespace"] == NAMESPACE
    rendered = {
        d["metadata"]["labels"]["app.kubernetes.io/component"] for d in manifests.of_kind("Deployment")
    }
    assert rendered == set(components()), (
        "the chart deploys something that is not in the workspace, or misses one"
    )


def test_the_hpa_scales_its_deployment_and_the_pdb_and_service_select_its_pods(manifests: Manifests) -> None:
    for name in components():
        deployment = manifests.one("Deployment", name)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items()
        hpa = manifests.one("HorizontalPodAutoscaler", name)
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": f"{RELEASE}-{name}",
        }
        assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
        # The HPA owns the count: a replicas field would fight it on every upgrade.
        assert "replicas" not in deployment["spec"]
        assert manifests.one("PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"] == selector
        assert manifests.one("Service", name)["spec"]["selector"] == selector


def test_replicas_and_autoscaling_follow_value_overrides(chart: helm.Chart) -> None:
    manifests = render(
        chart,
        {
            "services": {
                "workflow": {"autoscaling": {"enabled": False}, "replicas": 5},
                "notify": {
                    "autoscaling": {"minReplicas": 3, "maxReplicas": 12, "targetCPUUtilizationPercentage": 55}
                },
            }
        },
    )
    assert manifests.one("Deployment", "workflow")["spec"]["replicas"] == 5
    assert manifests.for_component("HorizontalPodAutoscaler", "workflow") == []
    hpa = manifests.one("HorizontalPodAutoscaler", "notify")["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 12)
    assert hpa["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 55}

    with pytest.raises(helm.HelmRenderError, match=r"minReplicas \(9\) is above maxReplicas \(4\)"):
        render(chart, {"services": {"intake": {"autoscaling": {"minReplicas": 9, "maxReplicas": 4}}}})


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"services": {"intake": {"replicas": -1}}}, r"/services/intake/replicas.*minimum"),
        (
            {"services": {"catalog": {"autoscaling": {"maxReplicas": 0}}}},
            r"/services/catalog/autoscaling/maxReplicas.*minimum",
        ),
        ({"services": {"intake": {"replica": 3}}}, r"/services/intake.*'replica' not allowed"),
        ({"config": {"environment": "prod"}}, r"/config/environment.*one of"),
        ({"config": {"trustedProxies": []}}, r"/config/trustedProxies"),
        (
            {"kafka": {"topics": {"definitions": {"motcua.dossier.v1": {"partitions": 0}}}}},
            r"partitions.*minimum",
        ),
        ({"storage": {"backend": "nfs"}}, r"/storage/backend"),
    ],
)
def test_the_values_schema_refuses_bad_values_with_a_clear_error(
    chart: helm.Chart, values: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(helm.HelmValuesError, match=complaint):
        chart.validate_schema(chart.merge_values(values))
    # An install (or `helm template`) refuses them the same way.
    with pytest.raises(helm.HelmValuesError, match=complaint):
        render(chart, values)


def test_each_deployment_runs_an_importable_app_factory_with_probes_and_a_graceful_stop(
    chart: helm.Chart, manifests: Manifests
) -> None:
    values = chart.values
    for name, component in components().items():
        deployment = manifests.one("Deployment", name)
        spec = container(deployment)
        assert spec["command"] == ["python", "-m", "uvicorn"], spec["command"]
        args = spec["args"]
        module_name, _, factory_name = args[0].partition(":")
        assert module_name == f"{component.package}.app" and factory_name == "create_app"
        assert "--factory" in args
        factory = getattr(importlib.import_module(module_name), factory_name)
        # uvicorn --factory calls it with no argument.
        assert all(
            p.default is not inspect.Parameter.empty for p in inspect.signature(factory).parameters.values()
        )
        assert args[args.index("--host") + 1] == "0.0.0.0"  # noqa: S104 - a pod listens on its own address
        port = int(args[args.index("--port") + 1])
        assert spec["ports"] == [{"name": "http", "containerPort": port, "protocol": "TCP"}]
        assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert spec["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert spec["resources"]["requests"] and spec["resources"]["limits"]["memory"]
        # preStop sleep + uvicorn's graceful shutdown + the lifespan's 10 s for relay/consumers/workers.
        pod = deployment["spec"]["template"]["spec"]
        graceful = int(args[args.index("--timeout-graceful-shutdown") + 1])
        pre_stop = spec["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pre_stop + graceful + 10 <= pod["terminationGracePeriodSeconds"]
        assert pod["terminationGracePeriodSeconds"] == values["terminationGracePeriodSeconds"]
        service = manifests.one("Service", name)
        assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_pods_run_as_non_root_on_a_read_only_root_filesystem_with_a_writable_tmp(chart: helm.Chart) -> None:
    for values in (None, EVERYTHING_ON):
        manifests = render(chart, values)
        for workload in manifests.of_kind("Deployment") + manifests.of_kind("Job"):
            pod = workload["spec"]["template"]["spec"]
            spec = container(workload)
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["securityContext"]["runAsUser"] != 0
            assert pod["automountServiceAccountToken"] is False
            assert spec["securityContext"]["readOnlyRootFilesystem"] is True
            assert spec["securityContext"]["allowPrivilegeEscalation"] is False
            assert spec["securityContext"]["capabilities"]["drop"] == ["ALL"]
            mounts = {m["mountPath"]: m["name"] for m in spec["volumeMounts"]}
            volumes = {v["name"]: v for v in pod["volumes"]}
            assert "emptyDir" in volumes[mounts["/tmp"]]


def test_intake_files_go_to_s3_or_to_a_mounted_volume_never_the_read_only_root(chart: helm.Chart) -> None:
    s3 = render(chart)
    data = s3.config_map_data("intake")
    assert data["INTAKE_STORAGE_BACKEND"] == "s3" and data["INTAKE_S3_BUCKET"]
    assert "INTAKE_STORAGE_DIR" not in data

    local = render(chart, EVERYTHING_ON)
    data = local.config_map_data("intake")
    assert data["INTAKE_STORAGE_BACKEND"] == "local"
    deployment = local.one("Deployment", "intake")
    mounts = {m["mountPath"]: m["name"] for m in container(deployment)["volumeMounts"]}
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert volumes[mounts[data["INTAKE_STORAGE_DIR"]]]["persistentVolumeClaim"] == {
        "claimName": "intake-files"
    }

    # An emptyDir is one pod's: files uploaded to one replica would be missing on the others.
    with pytest.raises(helm.HelmRenderError, match="emptyDir"):
        render(chart, {"storage": {"backend": "local"}})
    single = render(
        chart,
        {
            "storage": {"backend": "local"},
            "services": {"intake": {"autoscaling": {"enabled": False}, "replicas": 1}},
        },
    )
    volumes = {
        v["name"]: v for v in single.one("Deployment", "intake")["spec"]["template"]["spec"]["volumes"]
    }
    assert "emptyDir" in volumes["files"]


def test_every_service_with_alembic_migrations_gets_a_pre_install_and_pre_upgrade_hook_job(
    manifests: Manifests,
) -> None:
    jobs = manifests.of_kind("Job")
    migrated = set()
    for name, component in components().items():
        found = manifests.for_component("Job", f"{name}-migrate")
        if component.alembic_ini is None:
            assert found == [], f"{name} has no alembic.ini but a migration Job"
            continue
        assert len(found) == 1, f"{name} has services/{name}/alembic.ini but no migration Job"
        job = found[0]
        migrated.add(name)
        annotations = job["metadata"]["annotations"]
        assert set(annotations["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
        assert "before-hook-creation" in annotations["helm.sh/hook-delete-policy"].split(",")
        assert job["spec"]["backoffLimit"] >= 1
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
        spec = container(job)
        assert spec["workingDir"] == "/app"
        argv = spec["command"] + spec["args"]
        # The same command deploy/local/stack.py runs, relative to the image's /app (the repository root).
        ini = component.alembic_ini.relative_to(REPO).as_posix()
        assert argv == ["python", "-m", "alembic", "-c", ini, "upgrade", "head"]
        # The Job migrates the database the service uses: the same variables, the same values.
        deployment = manifests.one("Deployment", name)
        service_env = {k: v.get("value", v.get("valueFrom")) for k, v in env_of(manifests, deployment)}
        job_env = {k: v.get("value", v.get("valueFrom")) for k, v in env_of(manifests, job)}
        assert job_env == service_env
        # A hook runs before the release's ConfigMaps exist: nothing in it may depend on them.
        assert "envFrom" not in spec
    assert len(jobs) == len(migrated)


def _declared_topics() -> set[str]:
    topics = set(ALL_TOPICS) | {spec.topic for spec in EVENTS.values()}
    return topics | {dlq_topic(t) for t in topics}


def test_kafka_topics_are_exactly_the_topics_the_code_declares_with_their_dead_letter_twins(
    manifests: Manifests,
) -> None:
    topics = manifests.of_kind("KafkaTopic")
    names = [t["spec"]["topicName"] for t in topics]
    assert len(names) == len(set(names))
    assert set(names) == _declared_topics(), (
        "a topic in contracts.events without a KafkaTopic (add it to kafka.topics.definitions), or the reverse"
    )


def test_kafka_topics_have_the_strimzi_shape(chart: helm.Chart) -> None:
    manifests = render(
        chart, {"kafka": {"strimzi": {"cluster": "prod-kafka"}, "topics": {"namespace": "kafka"}}}
    )
    for topic in manifests.of_kind("KafkaTopic"):
        assert topic["apiVersion"] == "kafka.strimzi.io/v1beta2"
        metadata = topic["metadata"]
        assert metadata["labels"]["strimzi.io/cluster"] == "prod-kafka"
        # Strimzi's topic operator watches the Kafka cluster's namespace.
        assert metadata["namespace"] == "kafka"
        assert (
            re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", metadata["name"]) and len(metadata["name"]) <= 253
        )
        assert metadata["annotations"]["helm.sh/resource-policy"] == "keep"
        spec = topic["spec"]
        assert set(spec) == {"topicName", "partitions", "replicas", "config"}
        assert isinstance(spec["partitions"], int) and spec["partitions"] >= 1
        assert isinstance(spec["replicas"], int) and spec["replicas"] >= 1
        config = spec["config"]
        assert isinstance(config["retention.ms"], int) and config["retention.ms"] >= -1
        assert all(isinstance(v, str | int | bool) for v in config.values())
        assert config["min.insync.replicas"] < spec["replicas"] or spec["replicas"] == 1


def _payload_field_names(model: Any, seen: set[Any] | None = None) -> set[str]:
    """Field names of a payload model, its nested models' included (`documents.file_name`)."""
    from pydantic import BaseModel

    seen = seen if seen is not None else set()
    names: set[str] = set()

    def models_in(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in getattr(annotation, "__args__", ()) for m in models_in(arg)]

    for field_name, field in model.model_fields.items():
        names.add(field_name)
        for nested in models_in(field.annotation):
            if nested not in seen:
                seen.add(nested)
                names |= {f"{field_name}.{n}" for n in _payload_field_names(nested, seen)}
    return names


SECRETISH = re.compile(r"password|secret|otp|token|hash|api_key|credential|private_key", re.IGNORECASE)
THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000


def test_no_otp_code_on_any_topic_and_no_secret_on_long_retention_topics(manifests: Manifests) -> None:
    retention = {
        t["spec"]["topicName"]: t["spec"]["config"]["retention.ms"] for t in manifests.of_kind("KafkaTopic")
    }
    long_lived = {name for name, ms in retention.items() if ms == -1 or ms > THIRTY_DAYS_MS}
    # The dossier topic is replayed to rebuild statistics (docs/statistics.md): it must keep everything.
    assert retention["motcua.dossier.v1"] == -1
    for event_type, spec in EVENTS.items():
        fields = _payload_field_names(spec.payload)
        assert not [f for f in fields if "otp" in f.lower()], f"{event_type} carries an OTP field"
        if spec.topic in long_lived or dlq_topic(spec.topic) in long_lived:
            secrets = [f for f in fields if SECRETISH.search(f)]
            assert not secrets, f"{event_type} on long-retention {spec.topic} carries {secrets}"


def test_the_gateway_ingress_is_optional_and_routes_to_the_gateway(
    chart: helm.Chart, manifests: Manifests
) -> None:
    assert manifests.of_kind("Ingress") == []
    everything = render(chart, EVERYTHING_ON)
    ingress = everything.one("Ingress", "gateway")
    backends = [p["backend"]["service"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]]
    assert backends == [{"name": f"{RELEASE}-gateway", "port": {"name": "http"}}]
    assert ingress["spec"]["ingressClassName"] == "nginx"
    # The SMS provider reaches notify's callbacks, and nothing else of notify, from outside.
    sms = everything.one("Ingress", "notify")
    assert [
        (r["host"], p["path"], p["backend"]["service"]["name"])
        for r in sms["spec"]["rules"]
        for p in r["http"]["paths"]
    ] == [("sms.dichvucong.example.gov.vn", "/v1/sms/", f"{RELEASE}-notify")]
    with pytest.raises(helm.HelmRenderError, match="gatewayIngressFrom"):
        render(chart, {"ingress": {"enabled": True, "smsCallbacks": {"enabled": True}}})


def test_the_image_reference_follows_tag_or_digest(chart: helm.Chart, manifests: Manifests) -> None:
    images = {container(d)["image"] for d in manifests.of_kind("Deployment") + manifests.of_kind("Job")}
    assert images == {f"registry.example.gov.vn/motcua/motcua:{chart.metadata['appVersion']}"}
    pinned = render(chart, {"image": {"digest": "sha256:" + "cd" * 32, "tag": "ignored"}})
    images = {container(d)["image"] for d in pinned.of_kind("Deployment")}
    assert images == {"registry.example.gov.vn/motcua/motcua@sha256:" + "cd" * 32}
