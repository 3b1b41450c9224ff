#!/usr/bin/env python3
"""Parses the NATS servers' configuration of a rendered overlay with nats-server itself.

    python3 k8s/tests/nats_config.py rendered.yaml

Writes the files of the nats-config ConfigMap to a temporary directory, sets the environment the
StatefulSet gives the servers (POD_NAME, one password per user), points the TLS files at a
throwaway certificate (openssl) and runs `nats-server -t`, which loads the configuration the way
the servers will (includes, variables, certificates) and exits. Skipped, saying so, where
nats-server or openssl is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

# libyaml's parser where PyYAML has it (several times faster), else the pure-Python one
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main(path):
    docs = [d for d in yaml.load_all(open(path), Loader=SafeLoader) if d]
    config = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("nats-config"))
    server = next(d for d in docs if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "nats")
    binary = shutil.which("nats-server") or ("/usr/sbin/nats-server" if os.path.exists("/usr/sbin/nats-server") else None)
    if binary is None:
        print("nats config: SKIPPED, no nats-server on this machine")
        return 0
    env = dict(os.environ, POD_NAME="nats-0")
    for e in server["spec"]["template"]["spec"]["containers"][0].get("env", []):
        if "secretKeyRef" in e.get("valueFrom", {}):
            env[e["name"]] = "checked-" + e["valueFrom"]["secretKeyRef"]["key"]
    with tempfile.TemporaryDirectory() as tmp:
        tls_dir = os.path.join(tmp, "tls")
        for name, text in config["data"].items():
            if "/etc/nats-tls/" in text:
                if not os.path.isdir(tls_dir):
                    if shutil.which("openssl") is None:
                        print("nats config: SKIPPED, TLS is configured and there is no openssl to make a test certificate")
                        return 0
                    os.makedirs(tls_dir)
                    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                    "-nodes", "-subj", "/CN=nats", "-days", "1",
                                    "-keyout", os.path.join(tls_dir, "tls.key"), "-out", os.path.join(tls_dir, "tls.crt")],
                                   check=True, capture_output=True)
                    shutil.copy(os.path.join(tls_dir, "tls.crt"), os.path.join(tls_dir, "ca.crt"))
                text = text.replace("/etc/nats-tls/", tls_dir + "/")
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        result = subprocess.run([binary, "-t", "-c", "nats.conf"], cwd=tmp, env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        print(f"nats config: INVALID\n{output}")
        return 1
    print(f"nats config: valid ({output.splitlines()[-1] if output else 'nats-server -t'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
