"""The Helm chart (infra/helm/wagate) rendered by Helm's own code and decoded strictly
into the Kubernetes API types (infra/check, built by `make install` as
.venv/bin/wagate-infra-check), then held to the deployment contract: the gateways' probes
and count, the connector pair, non-root pods wired to the settings and secrets, every
ConfigMap entry a declared setting its reader takes, and the versions following the
project's. No cluster is needed; nothing is applied."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.helm import settings_schema
from tests import REPO_ROOT
from tests.infra import SECRET_KEYS
from wagate.config.table import BY_ENV

CHART = REPO_ROOT / "infra" / "helm" / "wagate"
CHECK = REPO_ROOT / ".venv" / "bin" / "wagate-infra-check"
FULL = "infra/check/testdata/full.yaml"
EXISTING_SECRET = "infra/check/testdata/existing-secret.yaml"
Manifests = list[dict[str, Any]]


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, Any]]:
    assert CHECK.exists(), "`make install` builds the check (infra/check)"
    done = subprocess.run(
        [str(CHECK), "chart", "-chart", str(CHART), FULL, EXISTING_SECRET],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr  # a manifest that does not decode strictly
    report: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return report


def _manifests(rendered: dict[str, dict[str, Any]], values: str) -> Manifests:
    assert "error" not in rendered[values], rendered[values]
    manifests: Manifests = rendered[values]["manifests"]
    return manifests


def _one(manifests: Manifests, kind: str, name: str) -> dict[str, Any]:
    [found] = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    return found


def _pod_specs(manifests: Manifests) -> list[dict[str, Any]]:
    workloads = ("Deployment", "StatefulSet", "Job")
    return [m["spec"]["template"]["spec"] for m in manifests if m["kind"] in workloads]


def test_the_defaults_refuse_to_render_without_the_database_and_secrets(
    rendered: dict[str, dict[str, Any]],
) -> None:
    assert "database.url is required" in rendered["defaults"]["error"]


def test_chart_image_and_packages_follow_the_project_version(
    rendered: dict[str, dict[str, Any]],
) -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["version"] == chart["appVersion"] == project
    n8n = json.loads((REPO_ROOT / "integrations" / "n8n" / "package.json").read_text())
    assert n8n["version"] == project
    gateway = _one(_manifests(rendered, EXISTING_SECRET), "Deployment", "wagate-gateway")
    [container] = gateway["spec"]["template"]["spec"]["containers"]
    assert container["image"] == f"registry.example.com/wagate:{project}"


def test_gateways_probe_the_health_routes_and_scale_as_told(
    rendered: dict[str, dict[str, Any]],
) -> None:
    fixed = _manifests(rendered, FULL)
    deployment = _one(fixed, "Deployment", "wagate-gateway")
    assert deployment["spec"]["replicas"] == 3
    assert not [m for m in fixed if m["kind"] == "HorizontalPodAutoscaler"]
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["gateway"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert {"name": "http", "containerPort": 3000} in container["ports"]
    scaled = _manifests(rendered, EXISTING_SECRET)
    assert "replicas" not in _one(scaled, "Deployment", "wagate-gateway")["spec"]
    hpa = _one(scaled, "HorizontalPodAutoscaler", "wagate-gateway")
    assert hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
    assert hpa["spec"]["minReplicas"] == 2


def test_the_connector_is_a_holder_and_a_standby_that_drain_in_time(
    rendered: dict[str, dict[str, Any]],
) -> None:
    for values, drain in ((FULL, 30), (EXISTING_SECRET, 20)):
        manifests = _manifests(rendered, values)
        sts = _one(manifests, "StatefulSet", "wagate-connector")
        assert sts["spec"]["replicas"] == 2
        pod = sts["spec"]["template"]["spec"]
        [container] = pod["containers"]
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
        assert {"name": "metrics", "containerPort": 9102} in container["ports"]
        config = _one(manifests, "ConfigMap", "wagate-config")["data"]
        assert config["WAGATE_DRAIN_TIMEOUT"] == str(drain)
        assert pod["terminationGracePeriodSeconds"] > drain
        runs_connector = [
            m["kind"]
            for m in manifests
            for pod in _pod_specs([m])
            if any("connector" in c["args"] for c in pod["containers"])
        ]
        assert runs_connector == ["StatefulSet"]
        scaled = [
            m["spec"]["scaleTargetRef"] for m in manifests if "scaleTargetRef" in m.get("spec", {})
        ]
        assert [t["name"] for t in scaled if t["kind"] != "Deployment"] == []


def test_every_pod_is_non_root_and_wired_to_the_settings_and_secrets(
    rendered: dict[str, dict[str, Any]],
) -> None:
    for values, secret in ((FULL, "wagate-secrets"), (EXISTING_SECRET, "wagate-prod-secrets")):
        manifests = _manifests(rendered, values)
        pods = _pod_specs(manifests)
        assert len(pods) == (3 if values == FULL else 2)  # no migrate Job when disabled
        for pod in pods:
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["securityContext"]["runAsUser"] != 0
            assert pod["enableServiceLinks"] is False
            for container in pod["containers"]:
                assert container["securityContext"]["readOnlyRootFilesystem"] is True
                assert container["envFrom"] == [
                    {"configMapRef": {"name": "wagate-config"}},
                    {"secretRef": {"name": secret}},
                ]


def test_the_configmap_holds_declared_settings_their_readers_take(
    rendered: dict[str, dict[str, Any]],
) -> None:
    for values in (FULL, EXISTING_SECRET):
        data = _one(_manifests(rendered, values), "ConfigMap", "wagate-config")["data"]
        for name, raw in data.items():
            assert name in BY_ENV, f"{name} is no setting of wagate/config"
            BY_ENV[name].read(name, raw)  # raises on a value the process would refuse
        assert data["WAGATE_HOST"] == "0.0.0.0"


def test_the_secret_holds_the_urls_and_the_install_secrets(
    rendered: dict[str, dict[str, Any]],
) -> None:
    full = _manifests(rendered, FULL)
    secret = _one(full, "Secret", "wagate-secrets")["stringData"]
    assert set(secret) == SECRET_KEYS
    config = _one(full, "ConfigMap", "wagate-config")["data"]
    assert not set(secret) & set(config)
    assert not [m for m in _manifests(rendered, EXISTING_SECRET) if m["kind"] == "Secret"]


def test_values_the_schema_refuses(tmp_path: Path) -> None:
    refused = {
        "replica": {"gateway": {"replica": 3}},
        "connector count": {"connector": {"replicas": 3}},
        "a secret as a setting": {"config": {"WAGATE_JWT_SECRET": "x" * 40}},
        "a chart-owned port": {"config": {"WAGATE_PORT": "8080"}},
        "a misspelt setting": {"config": {"WAGATE_SEND_RATE_PER_MINUT": "60"}},
        "root": {"podSecurityContext": {"runAsNonRoot": False, "runAsUser": 0}},
    }
    files = []
    for name, values in refused.items():
        path = tmp_path / f"{name.replace(' ', '-')}.yaml"
        path.write_text(yaml.safe_dump(values))
        files.append(str(path))
    done = subprocess.run(
        [str(CHECK), "chart", "-chart", str(CHART), *files],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for file in files:
        assert "schema" in report[file].get("error", ""), (file, report[file])


def test_the_schema_names_every_declared_setting_config_may_hold() -> None:
    committed = settings_schema.SCHEMA.read_text(encoding="utf-8")
    assert committed == settings_schema.render(), "run python infra/helm/settings_schema.py"
