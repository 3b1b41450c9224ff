"""The manifest checks fail on the mistakes they exist for, and pass the committed renders.

Each test breaks one thing in a committed render (k8s/rendered/) and runs the checker on it.
Run by k8s/check.sh (python3 -m unittest discover -s k8s/tests).
"""
import copy
import os
import subprocess
import sys
import unittest

import yaml

# libyaml's parser where PyYAML has it (several times faster), else the pure-Python one
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

K8S = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


RENDERS = {}


def load(overlay):
    """A fresh copy of a committed render, to break."""
    if overlay not in RENDERS:
        with open(os.path.join(K8S, "rendered", f"{overlay}.yaml")) as f:
            RENDERS[overlay] = [d for d in yaml.load_all(f, Loader=SafeLoader) if d]
    return copy.deepcopy(RENDERS[overlay])


def find(docs, kind, name):
    return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)


def run(script, docs, *args):
    result = subprocess.run([sys.executable, os.path.join(K8S, script), *args], input=yaml.dump_all(docs, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)),
                            capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


PRODUCTION = ["--production", "--external-secrets", os.path.join(K8S, "overlays", "production", "external-secrets.txt")]


def server(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


class SchemaValidation(unittest.TestCase):
    def assertRejected(self, docs, message):
        code, output = run("validate-schemas.py", docs)
        self.assertEqual(1, code, output)
        self.assertIn(message, output)

    def test_the_committed_renders_are_valid(self):
        for overlay in ("dev", "production"):
            code, output = run("validate-schemas.py", load(overlay))
            self.assertEqual(0, code, output)

    def test_a_misspelt_field_of_a_built_in_kind_is_rejected(self):
        docs = load("dev")
        server(find(docs, "Deployment", "gateway"))["securityContext"]["readOnlyRootFileSystem"] = True
        self.assertRejected(docs, "Deployment/gateway: .spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem: unknown field")

    def test_a_misspelt_field_of_a_cloudnative_pg_cluster_is_rejected(self):
        docs = load("production")
        find(docs, "Cluster", "payment-db")["spec"]["walStorag"] = {"size": "10Gi"}
        self.assertRejected(docs, "Cluster/payment-db: .spec.walStorag: unknown field")

    def test_a_wrong_type_and_a_wrong_enum_are_rejected(self):
        docs = load("production")
        find(docs, "Deployment", "payment-service")["spec"]["replicas"] = "2"
        find(docs, "Cluster", "pledge-db")["spec"]["postgresql"]["synchronous"]["method"] = "all"
        code, output = run("validate-schemas.py", docs)
        self.assertIn("Deployment/payment-service: .spec.replicas: expected integer", output)
        self.assertIn("Cluster/pledge-db: .spec.postgresql.synchronous.method: 'all' is not one of", output)

    def test_a_kind_without_a_schema_is_rejected(self):
        docs = load("dev") + [{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}]
        self.assertRejected(docs, "no schema for example.com/v1/Widget")

    def test_a_missing_required_field_is_rejected(self):
        docs = load("production")
        del find(docs, "ScheduledBackup", "payment-db-nightly")["spec"]["schedule"]
        self.assertRejected(docs, "missing required field 'schedule'")


class PolicyChecks(unittest.TestCase):
    def assertProblem(self, overlay, docs, message):
        code, output = run("check-rendered.py", docs, *(PRODUCTION if overlay == "production" else []))
        self.assertEqual(1, code, output)
        self.assertIn(message, output)

    def test_the_committed_renders_pass(self):
        for overlay, args in (("dev", []), ("production", PRODUCTION)):
            code, output = run("check-rendered.py", load(overlay), *args)
            self.assertEqual(0, code, output)

    def test_a_plain_secret_in_production_is_a_problem(self):
        docs = load("production")
        docs.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "gateway-jwt", "namespace": "crowdfund"},
                     "stringData": {"JWT_SECRET": "committed-by-mistake"}})
        self.assertProblem("production", docs, "Secret/gateway-jwt is rendered")

    def test_the_emulator_or_demo_tokens_in_production_are_a_problem(self):
        docs = load("production")
        find(docs, "ConfigMap", next(d["metadata"]["name"] for d in docs if d["metadata"]["name"].startswith("gateway-config")))["data"]["CROWDFUND_LOCAL_MODE"] = "true"
        self.assertProblem("production", docs, "CROWDFUND_LOCAL_MODE=true in production")

    def test_a_database_without_scheduled_backups_or_synchronous_replication_is_a_problem(self):
        docs = [d for d in load("production") if d["metadata"]["name"] != "pledge-db-nightly"]
        del find(docs, "Cluster", "payment-db")["spec"]["postgresql"]["synchronous"]
        code, output = run("check-rendered.py", docs, *PRODUCTION)
        self.assertIn("Cluster/pledge-db: no ScheduledBackup", output)
        self.assertIn("Cluster/payment-db: no required synchronous replication", output)

    def test_routing_the_edge_to_the_management_port_is_a_problem(self):
        docs = load("production")
        find(docs, "Service", "gateway")["spec"]["ports"].append(
            {"name": "management", "port": 8081, "targetPort": "management", "protocol": "TCP"})
        find(docs, "HTTPRoute", "gateway")["spec"]["rules"][0]["backendRefs"][0]["port"] = 8081
        self.assertProblem("production", docs, "routes to the management port")

    def test_a_caller_through_a_cluster_ip_instead_of_the_headless_service_is_a_problem(self):
        docs = load("dev")
        gateway_config = next(d for d in docs if d["metadata"]["name"].startswith("gateway-config"))
        gateway_config["data"]["CAMPAIGN_GRPC"] = "campaign-service:50051"
        self.assertProblem("dev", docs, "CAMPAIGN_GRPC=campaign-service:50051 is not dns:///<headless Service>:<port>")

    def test_dns_to_any_address_is_a_problem(self):
        docs = load("dev")
        del find(docs, "NetworkPolicy", "allow-dns")["spec"]["egress"][0]["to"]
        self.assertProblem("dev", docs, "network policy allows a forbidden flow: gateway -> internet:8.8.8.8:53")

    def test_nats_requests_below_limits_or_without_gomemlimit_are_a_problem(self):
        docs = load("production")
        nats = server(find(docs, "StatefulSet", "nats"))
        nats["resources"]["requests"]["memory"] = "256Mi"
        nats["env"] = [e for e in nats["env"] if e["name"] != "GOMEMLIMIT"]
        code, output = run("check-rendered.py", docs, *PRODUCTION)
        self.assertIn("differ from limits", output)
        self.assertIn("no GOMEMLIMIT", output)

    def test_a_production_secret_missing_from_the_list_of_external_secrets_is_a_problem(self):
        docs = load("production")
        server(find(docs, "Deployment", "gateway"))["env"].append(
            {"name": "NEW_KEY", "valueFrom": {"secretKeyRef": {"name": "gateway-new-key", "key": "key"}}})
        self.assertProblem("production", docs, "NEW_KEY from Secret gateway-new-key which is not rendered")

    def test_a_missing_probe_or_secret_is_a_problem(self):
        docs = load("dev")
        del server(find(docs, "Deployment", "reservation-service"))["readinessProbe"]
        server(find(docs, "Deployment", "campaign-service"))["env"].append(
            {"name": "X", "valueFrom": {"secretKeyRef": {"name": "nowhere", "key": "x"}}})
        code, output = run("check-rendered.py", docs)
        self.assertIn("Deployment/reservation-service container server: no readinessProbe", output)
        self.assertIn("X from Secret nowhere which is not rendered", output)


if __name__ == "__main__":
    unittest.main()
