#!/usr/bin/env python3
"""Validates rendered manifests (stdin, a YAML stream) strictly against the vendored schemas.

    kubectl kustomize k8s/overlays/production | python3 k8s/validate-schemas.py

Every object's apiVersion/kind must have a schema in k8s/schemas/ (Kubernetes 1.36 types for the
built-in kinds, the CRDs of CloudNativePG, the Barman Cloud plugin, the Gateway API,
prometheus-operator and cert-manager), and every field must be known to it: an unknown or
misspelt field fails, as `kubectl apply --validate=strict` would. Checked: types, required
fields, enums, int-or-string, minimum/maximum, lengths and patterns. Not checked: the CEL rules
of CRDs (x-kubernetes-validations) and formats; a real API server (or the cluster job in
docs/deployment.md) covers those.

Exit status 1 and one line per problem if anything fails.
"""
import glob
import json
import os
import re
import sys

import yaml

# libyaml's parser where PyYAML has it (several times faster), else the pure-Python one
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HERE = os.path.dirname(os.path.abspath(__file__))


def load_schemas():
    kinds, definitions = {}, {}
    for path in sorted(glob.glob(os.path.join(HERE, "schemas", "*.json"))):
        with open(path) as f:
            data = json.load(f)
        kinds.update(data["kinds"])
        definitions.update(data["definitions"])
    return kinds, definitions


class Validator:
    def __init__(self, definitions):
        self.definitions = definitions
        self.errors = []

    def fail(self, path, message):
        self.errors.append(f"{path or '.'}: {message}")

    def validate(self, value, schema, path):
        if "$ref" in schema:
            return self.validate(value, self.definitions[schema["$ref"]], path)
        if value is None:
            if not schema.get("nullable") and schema.get("type") not in (None, "null"):
                self.fail(path, "null is not allowed")
            return
        if schema.get("x-kubernetes-int-or-string"):
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                self.fail(path, f"expected an integer or a string, got {type(value).__name__}")
                return
        for key in ("allOf",):
            for sub in schema.get(key, []):
                self.validate(value, sub, path)
        for key in ("anyOf", "oneOf"):
            if key in schema and not schema.get("x-kubernetes-int-or-string"):
                matches = [self.matches(value, sub, path) for sub in schema[key]]
                if key == "anyOf" and not any(matches) or key == "oneOf" and matches.count(True) != 1:
                    self.fail(path, f"does not match {'any' if key == 'anyOf' else 'exactly one'} of the allowed forms")
        if "enum" in schema and value not in schema["enum"]:
            self.fail(path, f"{value!r} is not one of {schema['enum']}")
        expected = schema.get("type")
        if expected and not self.type_ok(value, expected):
            self.fail(path, f"expected {expected}, got {type(value).__name__} {value!r}"[:200])
            return
        if isinstance(value, dict):
            self.validate_object(value, schema, path)
        elif isinstance(value, list):
            if "items" in schema:
                for i, item in enumerate(value):
                    self.validate(item, schema["items"], f"{path}[{i}]")
            if len(value) < schema.get("minItems", 0):
                self.fail(path, f"needs at least {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                self.fail(path, f"allows at most {schema['maxItems']} items")
        elif isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                self.fail(path, f"shorter than {schema['minLength']}")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                self.fail(path, f"longer than {schema['maxLength']}")
            if "pattern" in schema and not re.search(schema["pattern"], value):
                self.fail(path, f"{value!r} does not match {schema['pattern']}")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                self.fail(path, f"{value} is below the minimum {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                self.fail(path, f"{value} is above the maximum {schema['maximum']}")

    def validate_object(self, value, schema, path):
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties")
        open_object = schema.get("x-kubernetes-preserve-unknown-fields") or additional is True \
            or (not properties and additional is None and schema.get("type") != "object")
        for name in schema.get("required", []):
            if name not in value:
                self.fail(path, f"missing required field {name!r}")
        for name, item in value.items():
            child = f"{path}.{name}"
            if name in properties:
                self.validate(item, properties[name], child)
            elif isinstance(additional, dict):
                self.validate(item, additional, child)
            elif not open_object:
                self.fail(child, "unknown field")
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            self.fail(path, f"needs at least {schema['minProperties']} fields")

    def matches(self, value, schema, path):
        probe = Validator(self.definitions)
        probe.validate(value, schema, path)
        return not probe.errors

    @staticmethod
    def type_ok(value, expected):
        return {
            "object": isinstance(value, dict),
            "array": isinstance(value, list),
            "string": isinstance(value, str),
            "boolean": isinstance(value, bool),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        }.get(expected, True)


def validate_documents(documents, kinds, definitions):
    validator = Validator(definitions)
    for doc in documents:
        if doc is None:
            continue
        key = f"{doc.get('apiVersion')}/{doc.get('kind')}"
        where = f"{doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
        schema = kinds.get(key)
        if schema is None:
            validator.errors.append(f"{where}: no schema for {key} (add it to k8s/schemas/vendor.py)")
            continue
        before = len(validator.errors)
        if "properties" in schema and "metadata" in schema["properties"]:
            # CRDs declare metadata as a bare object; the API server applies ObjectMeta to it
            schema = dict(schema, properties=dict(schema["properties"], metadata={"$ref": "V1ObjectMeta"}))
        validator.validate(doc, schema, "")
        validator.errors[before:] = [f"{where}: {e}" for e in validator.errors[before:]]
    return validator.errors


def main():
    documents = list(yaml.load_all(sys.stdin, Loader=SafeLoader))
    kinds, definitions = load_schemas()
    errors = validate_documents(documents, kinds, definitions)
    for error in errors:
        print("schema: " + error)
    count = sum(1 for d in documents if d)
    if errors:
        print(f"schema: {len(errors)} problem(s) in {count} objects")
        sys.exit(1)
    print(f"schema: {count} objects valid against {len(kinds)} kinds")


if __name__ == "__main__":
    main()
