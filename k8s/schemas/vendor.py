#!/usr/bin/env python3
"""Regenerates the vendored schemas in this directory (run by hand, never in CI).

    python3 k8s/schemas/vendor.py KUBERNETES_CLIENT_PYTHON CNPG BARMAN_PLUGIN GATEWAY_API \
        PROMETHEUS_OPERATOR CERT_MANAGER

Each argument is a checkout (or a bare mirror: files are read with `git show HEAD:path`) of,
in order: kubernetes-client/python, cloudnative-pg/cloudnative-pg,
cloudnative-pg/plugin-barman-cloud, kubernetes-sigs/gateway-api,
prometheus-operator/prometheus-operator, cert-manager/cert-manager.

The output is one JSON Schema subset per source (see validate-schemas.py for the keywords it
understands), without descriptions, holding only the kinds the manifests use and what they
reach. Kubernetes' own types come from the Python client's generated models: each model lists
every field (openapi_types/attribute_map) and marks the required ones (not Optional[...]),
which is exactly what a strict unknown-field check needs.
"""
import ast
import json
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# apiVersion/kind -> Python client model
KUBERNETES_KINDS = {
    "v1/Namespace": "V1Namespace",
    "v1/ServiceAccount": "V1ServiceAccount",
    "v1/ConfigMap": "V1ConfigMap",
    "v1/Secret": "V1Secret",
    "v1/Service": "V1Service",
    "apps/v1/Deployment": "V1Deployment",
    "apps/v1/StatefulSet": "V1StatefulSet",
    "policy/v1/PodDisruptionBudget": "V1PodDisruptionBudget",
    "autoscaling/v2/HorizontalPodAutoscaler": "V2HorizontalPodAutoscaler",
    "networking.k8s.io/v1/Ingress": "V1Ingress",
    "networking.k8s.io/v1/NetworkPolicy": "V1NetworkPolicy",
}

# source index -> CRD files (paths in the repository) and the versions to keep
CRDS = {
    1: ["config/crd/bases/postgresql.cnpg.io_clusters.yaml",
        "config/crd/bases/postgresql.cnpg.io_scheduledbackups.yaml"],
    2: ["config/crd/bases/barmancloud.cnpg.io_objectstores.yaml"],
    3: ["config/crd/standard/gateway.networking.k8s.io_gateways.yaml",
        "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"],
    4: ["example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml",
        "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"],
    5: ["deploy/crds/cert-manager.io_certificates.yaml",
        "deploy/crds/cert-manager.io_issuers.yaml"],
}
OUTPUT = {0: "kubernetes.json", 1: "cloudnative-pg.json", 2: "barman-cloud.json",
          3: "gateway-api.json", 4: "prometheus-operator.json", 5: "cert-manager.json"}


def read(repo, path):
    if os.path.exists(os.path.join(repo, path)):
        with open(os.path.join(repo, path)) as f:
            return f.read()
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], check=True,
                          capture_output=True, text=True).stdout


def revision(repo):
    return subprocess.run(["git", "-C", repo, "log", "-1", "--format=%H %cs"], check=True,
                          capture_output=True, text=True).stdout.strip()


MODEL_FILES = {}


def model_file(repo, name):
    """V1DeploymentSpec -> kubernetes/client/models/v1_deployment_spec.py (V1IPBlock -> v1_ip_block)."""
    if not MODEL_FILES:
        listing = subprocess.run(["git", "-C", repo, "ls-tree", "--name-only", "HEAD:kubernetes/client/models/"],
                                 check=True, capture_output=True, text=True).stdout.split()
        MODEL_FILES.update({f[:-3].replace("_", ""): f for f in listing if f.endswith(".py")})
    return "kubernetes/client/models/" + MODEL_FILES[name.lower()]


def python_type(t):
    """openapi_types value -> schema."""
    t = t.strip()
    m = re.fullmatch(r"(?:List|list)\[(.*)\]", t)
    if m:
        return {"type": "array", "items": python_type(m.group(1))}
    m = re.fullmatch(r"(?:Dict|dict)[\[(]str, (.*)[\])]", t)
    if m:
        return {"type": "object", "additionalProperties": python_type(m.group(1))}
    simple = {"str": {"type": "string"}, "int": {"type": "integer"}, "bool": {"type": "boolean"},
              "float": {"type": "number"}, "datetime": {"type": "string"}, "date": {"type": "string"},
              "object": {}, "bytearray": {"type": "string"}, "bytes": {"type": "string"}}
    if t in simple:
        return dict(simple[t])
    return {"$ref": t}


def kubernetes(repo):
    definitions, todo = {}, list(KUBERNETES_KINDS.values())
    while todo:
        name = todo.pop()
        if name in definitions:
            continue
        tree = ast.parse(read(repo, model_file(repo, name)))
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
        types, names, required, int_or_string = {}, {}, [], set()
        for node in cls.body:
            if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
                continue
            field, annotation = node.target.id, ast.unparse(node.annotation)
            if field in ("openapi_types", "attribute_map"):
                (types if field == "openapi_types" else names).update(ast.literal_eval(node.value))
            elif not annotation.startswith("ClassVar"):
                if not annotation.startswith("Optional["):
                    required.append(field)
                if "StrictInt | StrictStr" in annotation:
                    int_or_string.add(field)
        properties = {}
        for field, t in types.items():
            schema = {"x-kubernetes-int-or-string": True} if field in int_or_string else python_type(t)
            properties[names[field]] = schema
            for ref in re.findall(r"\b[A-Z]\w*", t):
                if ref not in ("List", "Dict"):
                    todo.append(ref)
        definitions[name] = {"type": "object", "properties": properties,
                             "required": sorted(names[f] for f in required),
                             "additionalProperties": False}
    return {"source": "kubernetes-client/python " + revision(repo) + " (models of Kubernetes release-1.36)",
            "definitions": definitions,
            "kinds": {k: {"$ref": v} for k, v in KUBERNETES_KINDS.items()}}


def strip(schema):
    if isinstance(schema, dict):
        return {k: strip(v) for k, v in schema.items() if k not in ("description", "example")}
    if isinstance(schema, list):
        return [strip(v) for v in schema]
    return schema


def crds(repo, paths):
    kinds = {}
    for path in paths:
        crd = yaml.safe_load(read(repo, path))
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served") and version.get("storage"):
                kinds[group + "/" + version["name"] + "/" + kind] = strip(version["schema"]["openAPIV3Schema"])
    return {"source": os.path.basename(os.path.dirname(os.path.normpath(repo))).replace("+", "/") + " " + revision(repo),
            "definitions": {}, "kinds": kinds}


def main(repos):
    outputs = {0: kubernetes(repos[0])}
    for index, paths in CRDS.items():
        outputs[index] = crds(repos[index], paths)
    for index, schema in outputs.items():
        with open(os.path.join(HERE, OUTPUT[index]), "w") as f:
            json.dump(schema, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        print(OUTPUT[index], len(schema["kinds"]), "kinds", len(schema["definitions"]), "definitions")


if __name__ == "__main__":
    main(sys.argv[1:])
