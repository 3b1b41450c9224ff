#!/usr/bin/env python3
"""Checks a rendered overlay the way a reviewer would, without a cluster.

    kubectl kustomize k8s/overlays/dev | python3 k8s/check-rendered.py
    kubectl kustomize k8s/overlays/production | python3 k8s/check-rendered.py

It resolves every reference (ConfigMaps, Secrets, ServiceAccounts, Services behind DB_URL, NATS_URL
and the gateway's *_GRPC targets, HPA targets, Ingress backends), matches every selector (Services,
PDBs, NetworkPolicies) against the pods the workloads will create, checks probe ports and the
hardening of every pod, and then evaluates the NetworkPolicies: the flows the architecture needs
must be allowed and a list of flows it must never have must be denied. With --production it
also requires what production needs: no Secret or emulator in the render, TLS to NATS, backups,
synchronous replication for payments and pledges, and monitoring. Exits 1 on any problem.
Needs PyYAML (Debian: python3-yaml).
"""
import ipaddress
import re
import sys

import yaml

# libyaml's parser where PyYAML has it (several times faster), else the pure-Python one
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PRODUCTION = "--production" in sys.argv[1:]
# --external-secrets FILE: Secrets the overlay references but never renders (one name a line)
EXTERNAL_SECRETS_FILE = sys.argv[sys.argv.index("--external-secrets") + 1] if "--external-secrets" in sys.argv else None
problems = []


def problem(message):
    problems.append(message)


docs = [d for d in yaml.load_all(sys.stdin, Loader=SafeLoader) if d]
if not docs:
    sys.exit("nothing to check: pipe the output of kubectl kustomize into this script")
by_kind = {}
for d in docs:
    by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d


def objects(kind):
    return by_kind.get(kind, {})


# ---------------------------------------------------------------- namespaces
namespaces = set(objects("Namespace"))
for d in docs:
    if d["kind"] == "Namespace":
        continue
    ns = d["metadata"].get("namespace")
    if ns is None or (namespaces and ns not in namespaces):
        problem(f"{d['kind']}/{d['metadata']['name']}: namespace {ns!r} is not the overlay's")

# ---------------------------------------------------------------- pods the cluster will run
# name -> (labels, pod spec or None, owner description)
pods = {}
for kind in ("Deployment", "StatefulSet"):
    for name, w in objects(kind).items():
        template = w["spec"]["template"]
        labels = template["metadata"].get("labels", {})
        selector = w["spec"]["selector"].get("matchLabels", {})
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            problem(f"{kind}/{name}: selector {selector} does not match its pod labels {labels}")
        pods[f"{kind}/{name}"] = (labels, template["spec"])
# CloudNativePG creates the instance pods: labels of inheritedMetadata plus the operator's own.
clusters = objects("Cluster")
for name, c in clusters.items():
    labels = dict(c["spec"].get("inheritedMetadata", {}).get("labels", {}))
    labels.update({"cnpg.io/cluster": name, "cnpg.io/podRole": "instance"})
    pods[f"Cluster/{name} (instance pods)"] = (labels, None)


def selects(selector, labels):
    """A LabelSelector against a label set (an empty selector selects everything)."""
    for k, v in (selector or {}).get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for e in (selector or {}).get("matchExpressions", []):
        op, key, values = e["operator"], e["key"], e.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pods_selected(selector):
    return [p for p, (labels, _) in pods.items() if selects(selector, labels)]


def containers(spec):
    return (spec.get("initContainers") or []) + spec.get("containers", [])


def container_ports(spec):
    ports = {}
    for c in containers(spec):
        for p in c.get("ports", []):
            ports[p.get("name")] = p["containerPort"]
            ports[p["containerPort"]] = p["containerPort"]
    return ports


# Secrets nobody renders: production takes them from the secret manager (docs/deployment.md),
# CloudNativePG generates <cluster>-app.
external_secrets = {f"{name}-app" for name in clusters}  # CloudNativePG generates <cluster>-app
if EXTERNAL_SECRETS_FILE:
    with open(EXTERNAL_SECRETS_FILE) as f:
        external_secrets |= {line.strip() for line in f if line.strip() and not line.startswith("#")}
# cert-manager writes each Certificate's Secret
external_secrets |= {c["spec"]["secretName"] for c in by_kind.get("Certificate", {}).values()}


def secret_exists(name):
    return name in objects("Secret") or name in external_secrets


# ---------------------------------------------------------------- pod specs
env_of = {}
for pod, (labels, spec) in pods.items():
    if spec is None:
        continue
    sa = spec.get("serviceAccountName")
    if sa not in objects("ServiceAccount"):
        problem(f"{pod}: ServiceAccount {sa!r} is not rendered")
    if spec.get("automountServiceAccountToken") is not False:
        problem(f"{pod}: mounts a service account token")
    psc = spec.get("securityContext", {})
    if psc.get("runAsNonRoot") is not True or psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        problem(f"{pod}: pod securityContext lacks runAsNonRoot/seccomp RuntimeDefault")
    for v in spec.get("volumes", []):
        if "configMap" in v and v["configMap"]["name"] not in objects("ConfigMap"):
            problem(f"{pod}: volume ConfigMap {v['configMap']['name']} is not rendered")
        if "secret" in v and not secret_exists(v["secret"]["secretName"]):
            problem(f"{pod}: volume Secret {v['secret']['secretName']} is not rendered")
    ports = container_ports(spec)
    env = {}
    for c in containers(spec):
        where = f"{pod} container {c['name']}"
        sc = c.get("securityContext", {})
        if not (sc.get("allowPrivilegeEscalation") is False and sc.get("readOnlyRootFilesystem") is True
                and sc.get("capabilities", {}).get("drop") == ["ALL"]):
            problem(f"{where}: not hardened (allowPrivilegeEscalation, readOnlyRootFilesystem, drop ALL)")
        res = c.get("resources", {})
        if not (res.get("requests", {}).get("memory") and res.get("requests", {}).get("cpu")
                and res.get("limits", {}).get("memory")):
            problem(f"{where}: missing cpu/memory requests or memory limit")
        for source in c.get("envFrom", []):
            if "configMapRef" in source:
                cm = objects("ConfigMap").get(source["configMapRef"]["name"])
                if cm is None:
                    problem(f"{where}: envFrom ConfigMap {source['configMapRef']['name']} is not rendered")
                else:
                    env.update(cm.get("data", {}))
            if "secretRef" in source and not secret_exists(source["secretRef"]["name"]):
                problem(f"{where}: envFrom Secret {source['secretRef']['name']} is not rendered")
        for e in c.get("env", []):
            ref = e.get("valueFrom", {})
            if "secretKeyRef" in ref:
                name, key = ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"]
                secret = objects("Secret").get(name)
                if not secret_exists(name):
                    problem(f"{where}: {e['name']} from Secret {name} which is not rendered")
                elif secret is not None and key not in {**secret.get("data", {}), **secret.get("stringData", {})}:
                    problem(f"{where}: {e['name']} from Secret {name} which has no key {key}")
                env[e["name"]] = f"<secret {name}/{key}>"
            elif "configMapKeyRef" in ref:
                if ref["configMapKeyRef"]["name"] not in objects("ConfigMap"):
                    problem(f"{where}: {e['name']} from a ConfigMap that is not rendered")
            elif "value" in e:
                env[e["name"]] = e["value"]
        for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
            probe = c.get(probe_name)
            if probe is None:
                if pod.startswith("Deployment/"):
                    problem(f"{where}: no {probe_name}")
                continue
            for handler in ("grpc", "httpGet", "tcpSocket"):
                if handler in probe and probe[handler]["port"] not in ports:
                    problem(f"{where}: {probe_name} port {probe[handler]['port']} is not a container port")
    env_of[pod] = env
    if "GRPC_PORT" in env and int(env["GRPC_PORT"]) != ports.get("grpc"):
        problem(f"{pod}: GRPC_PORT {env['GRPC_PORT']} is not the grpc container port {ports.get('grpc')}")
    if "HTTP_PORT" in env and int(env["HTTP_PORT"]) not in ports:
        problem(f"{pod}: HTTP_PORT {env['HTTP_PORT']} is not a container port")
    if pod.startswith("Deployment/"):
        grace = spec.get("terminationGracePeriodSeconds", 30)
        if labels.get("app.kubernetes.io/component") == "grpc-service" and grace <= 30:
            problem(f"{pod}: terminationGracePeriodSeconds {grace} does not cover preStop + 20 s await")


# ---------------------------------------------------------------- services and addresses
def service_port(host, port):
    """True if host:port is a rendered Service port, or a CloudNativePG cluster's -rw Service."""
    svc = objects("Service").get(host)
    if svc is not None:
        return any(p["port"] == port for p in svc["spec"]["ports"])
    m = re.fullmatch(r"(.+)-(rw|ro|r)", host)
    return bool(m and m.group(1) in clusters and port == 5432)


for name, svc in objects("Service").items():
    selector = svc["spec"].get("selector")
    backing = pods_selected({"matchLabels": selector}) if selector else []
    if not backing:
        problem(f"Service/{name}: selector {selector} matches no pods")
    for p in svc["spec"]["ports"]:
        for pod in backing:
            spec = pods[pod][1]
            if spec is not None and p.get("targetPort", p["port"]) not in container_ports(spec):
                problem(f"Service/{name}: targetPort {p.get('targetPort')} is not a port of {pod}")

for pod, env in env_of.items():
    for key, value in env.items():
        m = None
        if key == "DB_URL":
            m = re.fullmatch(r"jdbc:postgresql://([^:/]+):(\d+)/\w+", value)
        elif key == "NATS_URL" and value.startswith("nats://"):
            m = re.fullmatch(r"nats://([^:/]+):(\d+)", value)
        elif key == "NATS_URL" and value.startswith("tls://"):
            m = re.fullmatch(r"tls://([^:/]+):(\d+)", value)
        elif key.endswith("_GRPC"):
            # every caller balances over a headless Service's pods (docs/deployment.md)
            m = re.fullmatch(r"dns:///([^:/]+):(\d+)", value)
            headless = objects("Service").get(m.group(1)) if m else None
            if headless is None or headless["spec"].get("clusterIP") != "None":
                problem(f"{pod}: {key}={value} is not dns:///<headless Service>:<port>")
        elif key == "STRIPE_API_BASE":
            m = re.fullmatch(r"(?:http://)?([^:/]+):(\d+)", value)
        if m and not service_port(m.group(1), int(m.group(2))):
            problem(f"{pod}: {key}={value} names no Service port")
        elif key in ("DB_URL", "NATS_URL") and not m:
            problem(f"{pod}: cannot read {key}={value}")

for name, pdb in objects("PodDisruptionBudget").items():
    if len(pods_selected(pdb["spec"]["selector"])) != 1:
        problem(f"PodDisruptionBudget/{name}: selects {pods_selected(pdb['spec']['selector'])}")

for name, hpa in objects("HorizontalPodAutoscaler").items():
    target = hpa["spec"]["scaleTargetRef"]
    workload = objects(target["kind"]).get(target["name"])
    if workload is None:
        problem(f"HorizontalPodAutoscaler/{name}: target {target['kind']}/{target['name']} is not rendered")
    elif "replicas" in workload["spec"]:
        problem(f"HorizontalPodAutoscaler/{name}: {target['name']} still sets spec.replicas")

# ---------------------------------------------------------------- edge and management ports
routed = []  # (route, Service, port) the edge sends traffic to
for name, ing in objects("Ingress").items():
    for rule in ing["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            b = path["backend"]["service"]
            routed.append((f"Ingress/{name}", b["name"], b["port"].get("name", b["port"].get("number"))))
for name, route in objects("HTTPRoute").items():
    for parent in route["spec"].get("parentRefs", []):
        if parent["name"] not in objects("Gateway"):
            problem(f"HTTPRoute/{name}: parent Gateway {parent['name']} is not rendered")
    for rule in route["spec"].get("rules", []):
        for b in rule.get("backendRefs", []):
            routed.append((f"HTTPRoute/{name}", b["name"], b.get("port")))
for name, gw in objects("Gateway").items():
    for listener in gw["spec"]["listeners"]:
        for ref in listener.get("tls", {}).get("certificateRefs", []):
            if PRODUCTION and ref["name"] not in objects("Secret"):
                external_secrets.add(ref["name"])  # the edge certificate, from cert-manager or your CA
for route, svc_name, port in routed:
    svc = objects("Service").get(svc_name)
    ports = [p for p in (svc or {}).get("spec", {}).get("ports", []) if port in (p.get("name"), p["port"])]
    if not ports:
        problem(f"{route}: backend {svc_name}:{port} is not a Service port")
        continue
    for pod in pods_selected({"matchLabels": svc["spec"].get("selector", {})}):
        named = {p.get("name"): p["containerPort"] for c in containers(pods[pod][1]) for p in c.get("ports", [])}
        target = ports[0].get("targetPort", ports[0]["port"])
        if named.get("management") in (target, named.get(target)):
            problem(f"{route}: routes to the management port of {pod}")
if not routed and objects("Deployment").get("gateway"):
    problem("nothing routes to the gateway: add an edge component (gateway-api or ingress)")
# every app pod serves its management endpoints on a port of their own, and the gateway's
# probes use it (the public port serves the API and the page only)
for pod, (labels, spec) in pods.items():
    if labels.get("app.kubernetes.io/component") in ("grpc-service", "gateway"):
        names = {p.get("name") for c in containers(spec) for p in c.get("ports", [])}
        if "management" not in names:
            problem(f"{pod}: no port named management")
        if labels.get("app.kubernetes.io/component") == "gateway":
            env = env_of.get(pod, {})
            if str(container_ports(spec).get("management")) != env.get("MANAGEMENT_PORT"):
                problem(f"{pod}: MANAGEMENT_PORT {env.get('MANAGEMENT_PORT')} is not its management port")
            for c in containers(spec):
                for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
                    if c.get(probe_name, {}).get("httpGet", {}).get("port") != "management":
                        problem(f"{pod}: {probe_name} is not on the management port")

# ---------------------------------------------------------------- NATS
for name, sts in objects("StatefulSet").items():
    if sts["spec"]["template"]["metadata"].get("labels", {}).get("app.kubernetes.io/name") != "nats":
        continue
    c = sts["spec"]["template"]["spec"]["containers"][0]
    res = c.get("resources", {})
    if res.get("requests") != res.get("limits"):
        problem(f"StatefulSet/{name}: requests {res.get('requests')} differ from limits {res.get('limits')}")
    env = {e["name"]: e for e in c.get("env", [])}
    if "GOMEMLIMIT" not in env:
        problem(f"StatefulSet/{name}: no GOMEMLIMIT")
    users = {e["valueFrom"]["secretKeyRef"]["key"] for e in env.values()
             if e.get("valueFrom", {}).get("secretKeyRef", {}).get("name", "").startswith("nats-users")}
    for pod, env_vars in env_of.items():
        if "NATS_URL" in env_vars and env_vars.get("NATS_USER") not in users:
            problem(f"{pod}: NATS_USER {env_vars.get('NATS_USER')} is not a user of the NATS servers")
    conf = next((cm["data"] for n, cm in objects("ConfigMap").items() if n.startswith("nats-config")), {})
    for user in users:
        if f"user: {user}," not in conf.get("nats.conf", ""):
            problem(f"nats.conf has no user {user}")
    if PRODUCTION and "cert_file" not in conf.get("tls.conf", ""):
        problem("production NATS has no TLS (components/nats-tls)")

# ---------------------------------------------------------------- production only
if PRODUCTION:
    for name in objects("Secret"):
        problem(f"Secret/{name} is rendered: production secrets come from the secret manager, never from git")
    for pod, (labels, spec) in pods.items():
        if labels.get("app.kubernetes.io/name") == "stripe-emulator":
            problem(f"{pod}: the Stripe emulator is deployed")
        env = env_of.get(pod, {})
        for key, bad in (("STRIPE_API_BASE", None), ("CROWDFUND_LOCAL_MODE", "true"), ("CLOCK_ADJUSTABLE", "true")):
            if key in env and (bad is None or env[key] == bad):
                problem(f"{pod}: {key}={env[key]} in production")
        if "NATS_URL" in env and not (env["NATS_URL"].startswith("tls://") and env.get("NATS_TLS_CA")):
            problem(f"{pod}: NATS without TLS ({env['NATS_URL']})")
        for c in containers(spec or {}):
            if c["image"].endswith(":latest") or c["image"].endswith(":dev") or ":" not in c["image"].rsplit("/", 1)[-1]:
                problem(f"{pod}: image {c['image']} is not a release")
    stores = objects("ObjectStore")
    backed_up = {b["spec"]["cluster"]["name"] for b in objects("ScheduledBackup").values()}
    for name, c in clusters.items():
        archivers = [p for p in c["spec"].get("plugins", []) if p.get("isWALArchiver")]
        if not archivers or archivers[0].get("parameters", {}).get("barmanObjectName") not in stores:
            problem(f"Cluster/{name}: no WAL archiving to a rendered ObjectStore")
        if name not in backed_up:
            problem(f"Cluster/{name}: no ScheduledBackup")
        if "walStorage" not in c["spec"]:
            problem(f"Cluster/{name}: WAL shares the data volume")
        sync = c["spec"].get("postgresql", {}).get("synchronous", {})
        if name in ("payment-db", "pledge-db") and not (sync.get("number", 0) >= 1 and sync.get("dataDurability") == "required"):
            problem(f"Cluster/{name}: no required synchronous replication")
    for name, store in stores.items():
        for ref in store["spec"]["configuration"].get("s3Credentials", {}).values():
            if isinstance(ref, dict) and not secret_exists(ref["name"]):
                problem(f"ObjectStore/{name}: credentials Secret {ref['name']} is unknown")
    scraped = set()
    for name, monitor in objects("PodMonitor").items():
        endpoints = {e.get("port") for e in monitor["spec"]["podMetricsEndpoints"]}
        for pod in pods_selected(monitor["spec"]["selector"]):
            scraped.add(pod)
            spec = pods[pod][1]
            if spec is not None and not endpoints & {p.get("name") for c in containers(spec) for p in c.get("ports", [])}:
                problem(f"PodMonitor/{name}: {pod} has no port {endpoints}")
    for pod, (labels, _) in pods.items():
        if labels.get("app.kubernetes.io/component") in ("grpc-service", "gateway", "database") and pod not in scraped:
            problem(f"{pod}: no PodMonitor scrapes it")

# ---------------------------------------------------------------- network policies
policies = list(objects("NetworkPolicy").values())


def inert_without_cloudnative_pg(selector):
    """Rules for CloudNativePG's pods select nothing where it runs no clusters (development)."""
    return not clusters and "cnpg.io/" in str(selector)


for np in policies:
    name = np["metadata"]["name"]
    selector = np["spec"]["podSelector"]
    if not pods_selected(selector) and not inert_without_cloudnative_pg(selector):
        problem(f"NetworkPolicy/{name}: podSelector matches no pods")
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for rule in np["spec"].get(direction, []):
            for peer in rule.get(peers_key, []):
                if "podSelector" not in peer or "namespaceSelector" in peer:
                    continue
                if not pods_selected(peer["podSelector"]) and not inert_without_cloudnative_pg(peer["podSelector"]):
                    problem(f"NetworkPolicy/{name}: {direction} peer {peer['podSelector']} matches no pods")

POD_IP = ipaddress.ip_address("10.1.2.3")  # pods have cluster-private addresses
PUBLIC_IP = ipaddress.ip_address("203.0.113.10")  # a public address standing in for api.stripe.com


def port_matches(rule_ports, port_number, port_name):
    if not rule_ports:
        return True
    for p in rule_ports:
        wanted = p.get("port")
        if wanted is None or wanted == port_name or wanted == port_number:
            return True
        if isinstance(wanted, int) and p.get("endPort") and wanted <= port_number <= p["endPort"]:
            return True
    return False


def peer_matches(peer, labels, ip, from_outside_namespace):
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        net = ipaddress.ip_network(block["cidr"])
        return ip.version == net.version and ip in net and not any(
            ip in ipaddress.ip_network(e) for e in block.get("except", []) if ipaddress.ip_network(e).version == ip.version)
    if "namespaceSelector" in peer:
        return from_outside_namespace is not None and selects(peer["namespaceSelector"], from_outside_namespace) and \
            selects(peer.get("podSelector"), labels)
    return from_outside_namespace is None and selects(peer["podSelector"], labels)


def allowed(direction, subject_labels, peer_labels, peer_ip, port_number, port_name, peer_namespace=None):
    applying = [p for p in policies
                if direction.capitalize() in p["spec"].get("policyTypes", [])
                and selects(p["spec"]["podSelector"], subject_labels)]
    if not applying:
        return True
    peers_key = "from" if direction == "ingress" else "to"
    for p in applying:
        for rule in p["spec"].get(direction, []):
            peers = rule.get(peers_key)
            if port_matches(rule.get("ports"), port_number, port_name) and (
                    not peers or any(peer_matches(x, peer_labels, peer_ip, peer_namespace) for x in peers)):
                return True
    return False


def pod_labels(app):
    for labels, _ in pods.values():
        if labels.get("app.kubernetes.io/name") == app:
            return labels
    return None


def flow(src, dst, port_number, port_name=None):
    """src/dst: app names in this namespace, or ("namespace", labels) / ("internet", ip) /
    ("pod", namespace labels, pod labels) for a pod of another namespace (egress only: that
    namespace's own policies are not ours)."""
    if isinstance(dst, tuple) and dst[0] == "pod":
        return allowed("egress", pod_labels(src), dst[2], POD_IP, port_number, port_name, dst[1])
    if isinstance(dst, tuple):  # to the internet
        return allowed("egress", pod_labels(src), {}, dst[1], port_number, port_name)
    dst_labels = pod_labels(dst)
    if isinstance(src, tuple):  # from another namespace
        return allowed("ingress", dst_labels, {}, POD_IP, port_number, port_name, src[1])
    src_labels = pod_labels(src)
    return (allowed("egress", src_labels, dst_labels, POD_IP, port_number, port_name)
            and allowed("ingress", dst_labels, src_labels, POD_IP, port_number, port_name))


if policies:
    services = {"campaign": 50051, "pledge": 50052, "payment": 50053, "reservation": 50054, "notification": 50055}
    # where the edge's proxies run: ingress-nginx for the Ingress, Envoy Gateway for the Gateway API
    edge_ns = "ingress-nginx" if objects("Ingress") else "envoy-gateway-system"
    edge = ("namespace", {"kubernetes.io/metadata.name": edge_ns})
    monitoring = ("namespace", {"kubernetes.io/metadata.name": "monitoring"})
    elsewhere = ("namespace", {"kubernetes.io/metadata.name": "default"})
    stripe = ("internet", PUBLIC_IP)
    cluster_ip = ("internet", ipaddress.ip_address("10.96.0.10"))
    kube_dns = ("pod", {"kubernetes.io/metadata.name": "kube-system"}, {"k8s-app": "kube-dns"})
    other_kube_system = ("pod", {"kubernetes.io/metadata.name": "kube-system"}, {"k8s-app": "metrics-server"})
    public_dns = ("internet", ipaddress.ip_address("8.8.8.8"))
    object_store = ("internet", ipaddress.ip_address("192.0.2.10"))
    # the gateway follows the event stream for live pages (server-sent events)
    must = [(edge, "gateway", 8080, "http"), ("gateway", "nats", 4222, "client")]
    must_not = [(elsewhere, "gateway", 8080, "http"), ("gateway", stripe, 443, None),
                (edge, "gateway", 8081, "management"), (monitoring, "gateway", 8080, "http")]
    if objects("PodMonitor"):
        must.append((monitoring, "gateway", 8081, "management"))
    for s, port in services.items():
        must += [("gateway", f"{s}-service", port, "grpc"), (f"{s}-service", "nats", 4222, "client"),
                 (f"{s}-service", f"{s}-db", 5432, "postgres"), (f"{s}-service", kube_dns, 53, None)]
        must_not += [(edge, f"{s}-service", port, "grpc"), (elsewhere, f"{s}-service", port, "grpc"),
                     (monitoring, f"{s}-service", port, "grpc"),
                     ("gateway", f"{s}-db", 5432, "postgres"),
                     (f"{s}-service", cluster_ip, 443, None), (f"{s}-service", public_dns, 53, None),
                     (f"{s}-service", other_kube_system, 53, None)]
        if objects("PodMonitor"):
            must.append((monitoring, f"{s}-service", port - 41000, "management"))  # 50051 -> 9051
        for other in services:
            if other != s:
                must_not.append((f"{s}-service", f"{other}-db", 5432, "postgres"))
        if s != "pledge":
            must_not += [(f"{s}-service", f"{o}-service", p, "grpc") for o, p in services.items() if o != s]
        if s != "payment":
            must_not.append((f"{s}-service", stripe, 443, None))
        if s != "notification":
            must_not.append((f"{s}-service", stripe, 587, None))
    must += [("pledge-service", f"{o}-service", services[o], "grpc") for o in ("campaign", "payment", "reservation")]
    must_not += [("pledge-service", "notification-service", 50055, "grpc")]
    must += [("nats", "nats", 6222, "cluster"), ("gateway", kube_dns, 53, None), ("notification-service", stripe, 587, None)]
    must_not += [("gateway", public_dns, 53, None), ("gateway", stripe, 587, None)]
    # nothing but payment-service (Stripe) and CloudNativePG's instances (Kubernetes API) leaves
    for labels, _ in pods.values():
        app = labels.get("app.kubernetes.io/name")
        if app and app != "payment-service" and "cnpg.io/cluster" not in labels:
            must_not.append((app, stripe, 443, None))
    for name in clusters:
        db = f"{name}"
        must += [(db, object_store, 443, None), (db, kube_dns, 53, None), (monitoring, db, 9187, "metrics")]
        must_not += [(db, stripe, 443, None), (db, public_dns, 53, None), (monitoring, db, 5432, "postgres")]
    if pod_labels("stripe-emulator"):
        must += [("payment-service", "stripe-emulator", 12111, "http"), ("stripe-emulator", "gateway", 8080, "http")]
        must_not += [("campaign-service", "stripe-emulator", 12111, "http"), ("gateway", "stripe-emulator", 12111, "http")]
    else:
        must += [("payment-service", stripe, 443, None)]

    def show(x):
        return x if isinstance(x, str) else ":".join(str(part) for part in x)

    checked = 0
    for src, dst, port, name in must:
        if not isinstance(dst, tuple) and pod_labels(dst) is None:
            problem(f"flow check: no pods for {dst}")
            continue
        checked += 1
        if not flow(src, dst, port, name):
            problem(f"network policy denies a needed flow: {show(src)} -> {show(dst)}:{port}")
    for src, dst, port, name in must_not:
        if not isinstance(dst, tuple) and pod_labels(dst) is None:
            continue
        checked += 1
        if flow(src, dst, port, name):
            problem(f"network policy allows a forbidden flow: {show(src)} -> {show(dst)}:{port}")
    print(f"network policies: {len(must)} needed and {len(must_not)} forbidden flows evaluated ({checked} with pods)")

kinds = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
print(f"objects: {kinds}")
for p in problems:
    print("PROBLEM:", p)
print("ok" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
