"""infra/ holds to the deployment contract: Prometheus rules valid and unit-tested
(promtool), the compose stack and the Kubernetes manifests wired the way the processes
expect (two connectors, one a standby; their drain, the probes and ports), and every
metric a rule or a dashboard panel reads is one the processes export.

No Docker engine or cluster is needed: files are parsed and checked; promtool must be
installed (Debian's `prometheus` package), and its absence fails these tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import REPO_ROOT
from tests.infra import SECRET_KEYS
from wagate import config as wagate_config

INFRA = REPO_ROOT / "infra"
PROM = INFRA / "prometheus"
K8S = INFRA / "k8s"
PROMTOOL_INSTALL = "apt-get install -y --no-install-recommends prometheus"

# ------------------------------------------------------------------ the metrics contract
COUNTERS = {
    "whatsapp_messages_sent_total",
    "whatsapp_messages_received_total",
    "whatsapp_errors_total",
    "whatsapp_reconnects_total",
    "whatsapp_qr_codes_total",
    "whatsapp_health_check_failures_total",
    "wagate_webhook_attempts_total",
    "wagate_webhook_dead_letters_total",
    "wagate_events_quarantined_total",
    "wagate_http_requests_total",
    "wagate_ratelimit_rejections_total",
    "wagate_ratelimit_fallback_checks_total",
}
GAUGES = {
    "whatsapp_sessions_total",  # a gauge despite its seed name: never rate() it
    "whatsapp_active_connections",
    "whatsapp_reconnect_attempts",
    "wagate_bus_pending_commands",
    "wagate_connector_asyncio_tasks",
    "wagate_connector_leader",
    "wagate_ratelimit_fallback_active",
    "wagate_engine_host_deaths",  # a count since the connector started: delta(), not rate()
}
HISTOGRAMS = {
    "whatsapp_send_latency_seconds",
    "wagate_bus_command_lag_seconds",
    "wagate_webhook_delivery_latency_seconds",
    "wagate_http_request_duration_seconds",
}
HISTOGRAM_SERIES = {f"{h}{s}" for h in HISTOGRAMS for s in ("_bucket", "_sum", "_count")}
PROMETHEUS_OWN = {"up"}
# label values the processes use (a typo in a matcher silently selects nothing)
LABEL_VALUES = {
    "state": {"stopped", "starting", "qr", "connected", "reconnecting", "logged_out", "failed"},
    "outcome": {"delivered", "retry", "failed", "dead_letter"},
    "kind": None,  # error kinds and rate-limit kinds: any value
    "route": None,
    "method": None,
    "status": None,
    "job": {"wagate-gateway", "wagate-connector"},
    "instance": None,
    "le": None,
}

PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "atan2", "inf", "nan",
}  # fmt: skip


def _recording_rule_names() -> set[str]:
    return {r["record"] for g in _load(PROM / "recording.yml")["groups"] for r in g["rules"]}


def _known_series() -> set[str]:
    return COUNTERS | GAUGES | HISTOGRAM_SERIES | PROMETHEUS_OWN | _recording_rule_names()


def _strip_strings(expr: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression selects (functions, keywords, label names,
    durations and Grafana variables left out)."""
    s = _strip_strings(expr)
    s = re.sub(r"\{[^}]*\}", " ", s)  # label matchers
    s = re.sub(r"\[[^\]]*\]", " ", s)  # range and subquery selectors
    s = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    found = set()
    for m in re.finditer(r"(?<![\w:$.])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()", s):
        if m.group(0).lower() not in PROMQL_WORDS:
            found.add(m.group(0))
    return found


def check_expr(expr: str, where: str) -> list[str]:
    """Problems with one expression: unknown series, counters read without rate/increase,
    gauges rated, unknown label names or values."""
    problems = []
    names = metric_names(expr)
    if not names:
        problems.append(f"{where}: no metric in {expr!r}")
    known = _known_series()
    for name in sorted(names):
        if name in known or name.startswith("process_"):
            continue
        problems.append(f"{where}: {name!r} is not a metric of the contract")
    plain = _strip_strings(expr)
    for name in names & (COUNTERS | HISTOGRAM_SERIES):
        uses = len(re.findall(rf"(?<![\w:]){re.escape(name)}(?![\w:])", plain))
        rated = len(re.findall(rf"\b(?:rate|irate|increase)\(\s*{re.escape(name)}(?![\w:])", plain))
        if uses != rated:
            problems.append(f"{where}: counter {name} read without rate()/increase()")
    for name in names & GAUGES:
        if re.search(rf"\b(?:rate|irate|increase)\(\s*{re.escape(name)}(?![\w:])", plain):
            problems.append(f"{where}: gauge {name} inside rate()/increase()")
    for group in re.findall(r"\b(?:by|without)\s*\(([^)]*)\)", plain):
        for label in filter(None, (x.strip() for x in group.split(","))):
            if label not in LABEL_VALUES:
                problems.append(f"{where}: unknown label {label!r} in by/without")
    for matchers in re.findall(r"\{([^}]*)\}", expr):
        for label, op, value in re.findall(r'(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"', matchers):
            if label not in LABEL_VALUES:
                problems.append(f"{where}: unknown label {label!r}")
                continue
            allowed = LABEL_VALUES[label]
            if allowed is None or op in ("!=", "!~"):
                continue
            values = value.split("|") if op == "=~" else [value]
            if op == "=~" and not all(re.fullmatch(r"[\w-]+", v) for v in values):
                continue  # a real pattern such as wagate-.*: not a list of values
            unknown = sorted(set(values) - allowed)
            problems += [f"{where}: {label}={v!r} is never exported" for v in unknown]
    return problems


def test_metric_name_parser() -> None:
    expr = (
        "histogram_quantile(0.99, sum by (route, le) (rate(wagate_http_request_duration_seconds"
        '_bucket{job="wagate-gateway"}[$__rate_interval]))) / on (job) group_left '
        'sum(whatsapp_sessions_total offset 5m) > bool 1e3 and absent(up{job="x"} == 1)'
    )
    assert metric_names(expr) == {
        "wagate_http_request_duration_seconds_bucket",
        "whatsapp_sessions_total",
        "up",
    }
    assert check_expr("rate(whatsapp_sessions_total[5m])", "t")
    assert check_expr("sum(whatsapp_messages_sent_total)", "t")
    assert check_expr('whatsapp_sessions_total{state="conected"}', "t")
    assert check_expr("sum(whatsapp_messages_sent)", "t")
    assert not check_expr('sum(rate(whatsapp_errors_total{kind="send"}[5m]))', "t")


# --------------------------------------------------------------------------- helpers
def _load(path: Path) -> Any:
    with path.open() as f:
        return yaml.safe_load(f)


def _promtool(*args: str) -> str:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail(
            f"promtool is not installed; it comes with Debian's prometheus package: "
            f"{PROMTOOL_INSTALL}",
            pytrace=False,
        )
    r = subprocess.run([promtool, *args], capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, f"promtool {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def _seconds(duration: str | int | float) -> float:
    """A compose duration (`45s`, `1m30s`, `1h`) in seconds."""
    if isinstance(duration, int | float):
        return float(duration)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?", duration.strip())
    assert parts and duration.strip(), f"not a duration: {duration!r}"
    h, m, s, ms = (int(x) if x else 0 for x in parts.groups())
    return h * 3600 + m * 60 + s + ms / 1000


# --------------------------------------------------------------------- Prometheus rules
def test_rules_pass_promtool_check() -> None:
    out = _promtool("check", "rules", str(PROM / "alerts.yml"), str(PROM / "recording.yml"))
    assert "SUCCESS" in out


def test_alert_unit_tests_pass() -> None:
    out = _promtool("test", "rules", str(PROM / "tests" / "alerts_test.yml"))
    assert "SUCCESS" in out


def test_prometheus_config_passes_promtool_check() -> None:
    # rule_files are relative to the config, so this works from any directory
    out = _promtool("check", "config", str(PROM / "prometheus.yml"))
    assert "2 rule files found" in out


def test_alerts_are_the_expected_ones_with_severity_and_text() -> None:
    rules = [r for g in _load(PROM / "alerts.yml")["groups"] for r in g["rules"]]
    assert {r["alert"] for r in rules} == {
        "WagateSessionDown",
        "WagateReconnectStorm",
        "WagateWebhookDeadLetters",
        "WagateEventsQuarantined",
        "WagateConnectorMissing",
        "WagateConnectorNoLeader",
        "WagateConnectorTwoLeaders",
        "WagateConnectorStandbyMissing",
        "WagateRateLimitFallback",
        "WagateEngineHostDied",
    }
    for r in rules:
        assert r["labels"]["severity"] in ("critical", "warning"), r["alert"]
        assert r["annotations"]["summary"].strip(), r["alert"]
        assert len(r["annotations"]["description"]) > 40, r["alert"]
    by_name = {r["alert"]: r for r in rules}
    assert 'job="wagate-connector"' in by_name["WagateConnectorMissing"]["expr"]
    assert by_name["WagateConnectorMissing"]["labels"]["severity"] == "critical"
    for name in ("WagateConnectorNoLeader", "WagateConnectorTwoLeaders"):
        assert "wagate_connector_leader" in by_name[name]["expr"], name
        assert by_name[name]["labels"]["severity"] == "critical", name


def test_every_alert_is_unit_tested_firing() -> None:
    tests = _load(PROM / "tests" / "alerts_test.yml")["tests"]
    fired = {
        case["alertname"]
        for t in tests
        for case in t.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    quiet = {
        case["alertname"]
        for t in tests
        for case in t.get("alert_rule_test", [])
        if not case.get("exp_alerts")
    }
    alerts = {r["alert"] for g in _load(PROM / "alerts.yml")["groups"] for r in g["rules"]}
    assert fired == alerts
    assert quiet == alerts


def test_rule_expressions_use_only_contract_metrics() -> None:
    problems = []
    for file in ("alerts.yml", "recording.yml"):
        for group in _load(PROM / file)["groups"]:
            for rule in group["rules"]:
                name = rule.get("alert") or rule.get("record")
                problems += check_expr(rule["expr"], f"{file}:{name}")
    assert not problems, "\n".join(problems)


def test_prometheus_scrapes_gateways_on_9101_and_the_connector_on_9102() -> None:
    cfg = _load(PROM / "prometheus.yml")
    assert set(cfg["rule_files"]) == {"alerts.yml", "recording.yml"}
    jobs = {
        job["job_name"]: [t for sc in job["static_configs"] for t in sc["targets"]]
        for job in cfg["scrape_configs"]
    }
    assert sorted(jobs["wagate-gateway"]) == ["gateway-1:9101", "gateway-2:9101"]
    assert sorted(jobs["wagate-connector"]) == ["connector-1:9102", "connector-2:9102"]


# ------------------------------------------------------------------------------ compose
@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    doc: dict[str, Any] = _load(INFRA / "docker-compose.yml")
    return doc


def _role(service: dict[str, Any]) -> str | None:
    command = service.get("command")
    if isinstance(command, str):
        command = command.split()
    return command[0] if command else None


def _services_running(compose: dict[str, Any], role: str) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in compose["services"].items() if _role(s) == role}


def test_compose_runs_a_connector_and_a_standby_with_a_long_enough_stop(
    compose: dict[str, Any],
) -> None:
    connectors = _services_running(compose, "connector")
    assert sorted(connectors) == ["connector-1", "connector-2"]
    ids = {c["environment"]["WAGATE_CONNECTOR_ID"] for c in connectors.values()}
    assert len(ids) == 2  # the holder is named to the standby: tell them apart
    for c in connectors.values():
        assert c.get("deploy", {}).get("replicas", 1) == 1
        assert "scale" not in c
        assert c["restart"] in ("unless-stopped", "always", "on-failure")
        env = c["environment"]
        # waiting as a standby is the default; refusing would make the second one exit
        assert env.get("WAGATE_CONNECTOR_STANDBY", "1") not in ("0", "false", "no", "off")
        drain = float(env.get("WAGATE_DRAIN_TIMEOUT", 20))
        assert _seconds(c["stop_grace_period"]) >= 45 > drain
        assert c.get("stop_signal", "SIGTERM") == "SIGTERM"
        assert "9102/healthz" in " ".join(c["healthcheck"]["test"])
        assert c["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert c["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert c["depends_on"]["redis"]["condition"] == "service_healthy"


def test_compose_runs_two_gateways_behind_nginx_on_3000(compose: dict[str, Any]) -> None:
    gateways = _services_running(compose, "gateway")
    assert sorted(gateways) == ["gateway-1", "gateway-2"]
    for name, g in gateways.items():
        assert "3000/healthz" in " ".join(g["healthcheck"]["test"]), name
        assert g["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert g["depends_on"]["redis"]["condition"] == "service_healthy"
        env = g["environment"]
        assert env["WAGATE_HOST"] == "0.0.0.0", name
        assert env["WAGATE_GATEWAY_METRICS_PORT"] == "9101", name
        assert "ports" not in g, f"{name} must be reached through nginx only"
    nginx = compose["services"]["nginx"]
    assert any(str(p).split(":")[-1] == "3000" for p in nginx["ports"])
    assert {n: d["condition"] for n, d in nginx["depends_on"].items()} == {
        "gateway-1": "service_healthy",
        "gateway-2": "service_healthy",
    }
    conf = (INFRA / "nginx" / "nginx.conf").read_text()
    assert "./nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in nginx["volumes"]
    upstream = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", conf)
    assert upstream
    assert re.findall(r"server\s+([\w.-]+:\d+)", upstream.group(2)) == [
        "gateway-1:3000",
        "gateway-2:3000",
    ]
    assert re.search(r"listen\s+3000;", conf)
    events = re.search(r"location\s+/api/whatsapp/events\s*\{([^}]*)\}", conf)
    assert events and f"proxy_pass http://{upstream.group(1)};" in events.group(1)
    # Upgrade/Connection are set at server level, inherited by every location that sets
    # no proxy_set_header of its own (one that did would lose all the server's headers)
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_set_header" not in events.group(1)


def test_compose_stores_migrate_sim_and_monitoring(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert _services_running(compose, "migrate").keys() == {"migrate"}
    assert services["migrate"]["restart"] == "no"
    sim = _services_running(compose, "sim")
    assert sim.keys() == {"sim"} and sim["sim"]["profiles"] == ["demo"]
    for name in ("connector-1", "connector-2"):
        assert services[name]["environment"]["WAGATE_SIM_URL"] == "ws://sim:7070/ws", name
    assert "./prometheus:/etc/prometheus:ro" in services["prometheus"]["volumes"]
    grafana_mounts = services["grafana"]["volumes"]
    assert "./grafana/provisioning:/etc/grafana/provisioning:ro" in grafana_mounts
    provider = _load(INFRA / "grafana/provisioning/dashboards/dashboards.yml")["providers"][0]
    assert f"./grafana/dashboards:{provider['options']['path']}:ro" in grafana_mounts


def test_compose_wagate_services_share_one_image_built_from_the_repo(
    compose: dict[str, Any],
) -> None:
    roles = ("gateway", "connector", "sim", "migrate")
    wagate = {n: s for n, s in compose["services"].items() if _role(s) in roles}
    assert len(wagate) == 6  # 2 gateways, 2 connectors, sim, migrate
    for name, s in wagate.items():
        assert s["build"] == {"context": "..", "dockerfile": "infra/Dockerfile"}, name
    assert (INFRA / "Dockerfile").is_file()


def test_compose_shares_one_media_volume_between_gateways_and_connectors(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    wagate = [name for name, s in services.items() if _role(s) in ("gateway", "connector")]
    assert len(wagate) == 4, wagate
    for name in wagate:
        service = services[name]
        assert "media-blobs:/var/lib/wagate/blobs" in service["volumes"], name
        env = service["environment"]
        assert (env["WAGATE_BLOB_STORE"], env["WAGATE_BLOB_DIR"]) == (
            "local", "/var/lib/wagate/blobs"
        ), name  # fmt: skip
    assert "media-blobs" in compose["volumes"]
    nginx = (INFRA / "nginx" / "nginx.conf").read_text()
    assert "client_max_body_size 101m;" in nginx and "proxy_request_buffering off;" in nginx


def test_compose_secrets_are_required_not_defaulted() -> None:
    text = (INFRA / "docker-compose.yml").read_text()
    for var in (
        "WAGATE_JWT_SECRET",
        "WAGATE_API_KEY_PEPPER",
        "WAGATE_CREDENTIALS_KEYS",
        "WAGATE_MEDIA_URL_SECRET",
        "POSTGRES_PASSWORD",
        "GRAFANA_ADMIN_PASSWORD",
    ):
        refs = re.findall(rf"\$\{{{var}([^}}]*)\}}", text)
        assert refs, var
        assert all(r.startswith(":?") for r in refs), f"{var} must be ${{{var}:?...}}"


def test_dockerfile() -> None:
    text = (INFRA / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert re.search(r'^ENTRYPOINT \["wagate"\]$', text, re.M)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    exposed = set(" ".join(re.findall(r"^EXPOSE (.+)$", text, re.M)).split())
    assert exposed == {"3000", "9101", "9102", "7070"}
    for package in ("wagate", "gateway", "connector", "simnet"):
        assert f"COPY {package} " in text, package
    # the image can run the real engine: the engine host, built from source in a Go stage
    # as `make install` builds it, beside the venv's python where the connector looks
    host = re.search(r"^FROM golang:\S+ AS (\S+)$(.*?)^FROM ", text, re.M | re.S)
    assert host, "no Go stage building the engine host"
    assert "go build -trimpath -ldflags='-s -w'" in host.group(2)
    runtime = text.rsplit("\nFROM ", 1)[1]
    copied = rf"^COPY --from={host.group(1)} \S+ /opt/wagate/bin/wagate-engine-host$"
    assert re.search(copied, runtime, re.M)


# ---------------------------------------------------------------------------- Kubernetes
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}


@pytest.fixture(scope="module")
def manifests() -> list[dict[str, Any]]:
    kustomization = _load(K8S / "kustomization.yaml")
    files = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(kustomization["resources"]) == files, "kustomization.yaml must list every file"
    docs = []
    for name in files:
        with (K8S / name).open() as f:
            docs += [d for d in yaml.safe_load_all(f) if d]
    return docs


def _one(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def _pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]
    if workload["kind"] == "Pod":
        return spec
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    pod: dict[str, Any] = spec["template"]["spec"]
    return pod


def _containers(workload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    spec = _pod_spec(workload)
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def _port(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    return int(next(p["containerPort"] for p in container["ports"] if p.get("name") == port))


def _probe(container: dict[str, Any], kind: str) -> tuple[str, int]:
    get = container[kind]["httpGet"]
    return get["path"], _port(container, get["port"])


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def test_connector_is_a_statefulset_of_a_holder_and_a_standby_with_drain_and_probes(
    manifests: list[dict[str, Any]],
) -> None:
    sts = _one(manifests, "StatefulSet", "wagate-connector")
    assert sts["spec"]["replicas"] == 2
    config = _one(manifests, "ConfigMap", "wagate-config")["data"]
    assert config.get("WAGATE_CONNECTOR_STANDBY", "1") not in ("0", "false", "no", "off")
    # the two prefer different nodes: a node loss must leave one
    (term,) = _pod_spec(sts)["affinity"]["podAntiAffinity"][
        "preferredDuringSchedulingIgnoredDuringExecution"
    ]
    assert term["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    assert _selects(
        term["podAffinityTerm"]["labelSelector"]["matchLabels"],
        sts["spec"]["template"]["metadata"]["labels"],
    )
    assert sts["spec"]["podManagementPolicy"] == "OrderedReady"
    pod = _pod_spec(sts)
    drain = float(_one(manifests, "ConfigMap", "wagate-config")["data"]["WAGATE_DRAIN_TIMEOUT"])
    assert pod["terminationGracePeriodSeconds"] > drain
    assert pod["terminationGracePeriodSeconds"] >= 45
    (container,) = pod["containers"]
    assert container["args"] == ["connector"]
    assert _probe(container, "readinessProbe") == ("/readyz", 9102)
    assert _probe(container, "livenessProbe") == ("/healthz", 9102)
    service = _one(manifests, "Service", sts["spec"]["serviceName"])
    assert _selects(service["spec"]["selector"], sts["spec"]["template"]["metadata"]["labels"])
    assert [p["port"] for p in service["spec"]["ports"]] == [9102]


def test_connector_pdb_lets_a_drain_through(manifests: list[dict[str, Any]]) -> None:
    sts = _one(manifests, "StatefulSet", "wagate-connector")
    labels = sts["spec"]["template"]["metadata"]["labels"]
    pdbs = [
        d
        for d in manifests
        if d["kind"] == "PodDisruptionBudget"
        and _selects(d["spec"]["selector"]["matchLabels"], labels)
    ]
    assert len(pdbs) == 1
    # one pod at a time: the holder's eviction hands over to the standby, and the next
    # waits for the evicted one to be back (minAvailable: 2 would block every drain)
    assert pdbs[0]["spec"].get("maxUnavailable") == 1
    assert "minAvailable" not in pdbs[0]["spec"]


def test_gateway_deployment_probes_and_autoscaler(manifests: list[dict[str, Any]]) -> None:
    deployment = _one(manifests, "Deployment", "wagate-gateway")
    pod = _pod_spec(deployment)
    assert pod["terminationGracePeriodSeconds"] == 30
    (container,) = pod["containers"]
    assert container["args"] == ["gateway"]
    assert _probe(container, "readinessProbe") == ("/readyz", 3000)
    assert _probe(container, "livenessProbe") == ("/healthz", 3000)
    assert container["resources"]["requests"]["cpu"], "the HPA's CPU target needs a request"
    assert 9101 in {p["containerPort"] for p in container["ports"]}
    service = _one(manifests, "Service", "wagate-gateway")
    assert {p["port"] for p in service["spec"]["ports"]} == {3000, 9101}
    hpa = _one(manifests, "HorizontalPodAutoscaler", "wagate-gateway")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "wagate-gateway",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}
    # the HPA owns the count; a replicas field would reset it on every apply
    assert deployment["spec"].get("replicas", 2) == 2


def test_only_the_statefulset_runs_the_connector_and_nothing_scales_it(
    manifests: list[dict[str, Any]],
) -> None:
    running = [
        f"{d['kind']}/{d['metadata']['name']}"
        for d in manifests
        if d["kind"] in WORKLOADS
        for c in _containers(d)
        if "connector" in [*c.get("command", []), *c.get("args", [])]
    ]
    assert running == ["StatefulSet/wagate-connector"]
    targets = [
        d["spec"]["scaleTargetRef"] for d in manifests if d["kind"] == "HorizontalPodAutoscaler"
    ]
    assert targets and all(t["kind"] == "Deployment" for t in targets)
    assert all(t["name"] == "wagate-gateway" for t in targets)


def test_every_workload_is_wired_to_config_and_hardened(manifests: list[dict[str, Any]]) -> None:
    workloads = [d for d in manifests if d["kind"] in WORKLOADS]
    assert {f"{d['kind']}/{d['metadata']['name']}" for d in workloads} == {
        "Deployment/wagate-gateway",
        "StatefulSet/wagate-connector",
        "Job/wagate-migrate",
        "Deployment/wagate-sim",
    }
    for d in workloads:
        where = f"{d['kind']}/{d['metadata']['name']}"
        pod = _pod_spec(d)
        # a Service named wagate-sim would otherwise inject WAGATE_SIM_PORT=tcp://...
        assert pod.get("enableServiceLinks") is False, where
        assert pod["securityContext"]["runAsNonRoot"] is True, where
        if d["kind"] in ("Deployment", "StatefulSet"):
            selector = d["spec"]["selector"]["matchLabels"]
            assert _selects(selector, d["spec"]["template"]["metadata"]["labels"]), where
        for c in _containers(d):
            assert c["image"].startswith("wagate:"), where
            assert c["securityContext"]["allowPrivilegeEscalation"] is False, where
            refs = {next(iter(r.values()))["name"] for r in c.get("envFrom", [])}
            assert "wagate-config" in refs, where
            if d["metadata"]["name"] != "wagate-sim":
                assert "wagate-secrets" in refs, where
    migrate = _one(manifests, "Job", "wagate-migrate")
    assert next(_containers(migrate))["args"] == ["migrate"]
    sim = _one(manifests, "Deployment", "wagate-sim")
    assert sim["spec"]["replicas"] == 1 and next(_containers(sim))["args"] == ["sim"]


def test_services_and_budgets_select_pods(manifests: list[dict[str, Any]]) -> None:
    pod_labels = [
        d["spec"]["template"]["metadata"]["labels"]
        for d in manifests
        if d["kind"] in ("Deployment", "StatefulSet")
    ]
    for d in manifests:
        if d["kind"] == "Service":
            selector = d["spec"]["selector"]
        elif d["kind"] == "PodDisruptionBudget":
            selector = d["spec"]["selector"]["matchLabels"]
        else:
            continue
        matched = [labels for labels in pod_labels if _selects(selector, labels)]
        assert len(matched) == 1, f"{d['kind']}/{d['metadata']['name']} selects {matched}"


def test_configmap_and_secret(manifests: list[dict[str, Any]]) -> None:
    data = _one(manifests, "ConfigMap", "wagate-config")["data"]
    assert data["WAGATE_HOST"] == "0.0.0.0"
    assert data["WAGATE_LOG_FORMAT"] == "json"
    assert data["WAGATE_GATEWAY_METRICS_PORT"] == "9101"
    assert data["WAGATE_CONNECTOR_METRICS_PORT"] == "9102"
    # pods on different nodes: media goes to S3-compatible storage
    assert data["WAGATE_BLOB_STORE"] == "s3" and data["WAGATE_S3_BUCKET"]
    assert all(isinstance(v, str) for v in data.values()), "ConfigMap values must be strings"
    secret = _one(manifests, "Secret", "wagate-secrets")["stringData"]
    assert set(secret) == SECRET_KEYS
    assert not set(secret) & set(data), "a secret in the ConfigMap"
    # placeholders must stop the pods: empty would mean wagate's public dev defaults
    dev = {
        wagate_config.DEV_JWT_SECRET,
        wagate_config.DEV_API_KEY_PEPPER,
        wagate_config.DEV_CREDENTIALS_KEY,
    }
    for key in ("WAGATE_JWT_SECRET", "WAGATE_API_KEY_PEPPER", "WAGATE_MEDIA_URL_SECRET"):
        assert secret[key] and len(secret[key]) < 32, f"{key} placeholder must be refused"
    assert all(v and v not in dev for v in secret.values())


def test_kustomize_builds() -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not installed: the manifests were checked as YAML only")
    r = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=60, check=False
    )
    assert r.returncode == 0, r.stderr
    built = [d for d in yaml.safe_load_all(r.stdout) if d]
    assert {d["metadata"].get("namespace") for d in built if d["kind"] != "Namespace"} == {"wagate"}


def _redis_flags(args: list[str]) -> dict[str, str]:
    assert args[0] == "redis-server", args
    return {args[i].removeprefix("--"): str(args[i + 1]) for i in range(1, len(args) - 1, 2)}


def test_redis_keeps_the_bus_on_disk_in_compose_and_kubernetes(compose: dict[str, Any]) -> None:
    """Queued commands, the consumer group and Idempotency-Key records live in Redis:
    both deployments run it with append-only persistence on a volume."""
    service = compose["services"]["redis"]
    flags = _redis_flags(service["command"])
    assert flags["appendonly"] == "yes" and flags["appendfsync"] in ("always", "everysec")
    assert any(str(v).endswith(":/data") for v in service["volumes"])

    base = K8S / "redis"
    assert _load(base / "kustomization.yaml")["resources"] == ["redis.yaml"]
    with (base / "redis.yaml").open() as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    sts = _one(docs, "StatefulSet", "wagate-redis")
    container = _pod_spec(sts)["containers"][0]
    flags = _redis_flags(container["args"])
    assert flags["appendonly"] == "yes" and flags["appendfsync"] in ("always", "everysec")
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == flags["dir"])
    claims = [c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]]
    assert mount["name"] in claims, "the append-only file must be on a persistent volume"
    service = _one(docs, "Service", "wagate-redis")
    assert _selects(service["spec"]["selector"], sts["spec"]["template"]["metadata"]["labels"])


# ------------------------------------------------------------------------------- Grafana
@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((INFRA / "grafana/dashboards/wagate.json").read_text())
    return doc


def _panels(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])


def test_dashboard_uses_the_datasource_variable(dashboard: dict[str, Any]) -> None:
    assert dashboard["schemaVersion"] >= 36
    assert dashboard["uid"]
    (variable,) = [v for v in dashboard["templating"]["list"] if v["type"] == "datasource"]
    assert variable["query"] == "prometheus"
    provisioned = _load(INFRA / "grafana/provisioning/datasources/prometheus.yml")
    (source,) = provisioned["datasources"]
    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090"
    assert variable["current"]["value"] == source["uid"]
    ref = {"type": "prometheus", "uid": f"${{{variable['name']}}}"}
    for panel in _panels(dashboard):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == ref, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == ref, panel["title"]


def test_dashboard_layout_has_unique_ids_and_no_overlaps(dashboard: dict[str, Any]) -> None:
    panels = list(_panels(dashboard))
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    cells: dict[tuple[int, int], str] = {}
    for p in panels:
        g = p["gridPos"]
        assert 0 <= g["x"] and g["x"] + g["w"] <= 24, p["title"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{p['title']} overlaps {cells.get((x, y))}"
                cells[(x, y)] = p["title"]


def test_dashboard_reads_only_contract_metrics(dashboard: dict[str, Any]) -> None:
    problems = []
    used: set[str] = set()
    for panel in _panels(dashboard):
        for target in panel.get("targets", []):
            problems += check_expr(target["expr"], f"panel {panel['title']!r}")
            used |= metric_names(target["expr"])
    assert not problems, "\n".join(problems)
    # what the brief asks the dashboard to show
    for wanted in (
        "whatsapp_active_connections",
        "whatsapp_sessions_total",
        "whatsapp_messages_sent_total",
        "whatsapp_messages_received_total",
        "whatsapp_errors_total",
        "whatsapp_reconnects_total",
        "wagate_webhook_attempts_total",
        "wagate_webhook_delivery_latency_seconds_bucket",
        "wagate_bus_command_lag_seconds_bucket",
        "wagate_bus_pending_commands",
        "wagate_http_requests_total",
        "wagate_http_request_duration_seconds_bucket",
        "wagate_ratelimit_rejections_total",
        "wagate_ratelimit_fallback_active",
    ):
        assert wanted in used, f"no panel shows {wanted}"
