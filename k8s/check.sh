#!/usr/bin/env bash
# Checks the Kubernetes manifests without a cluster; `./crowdfund test` runs it.
#
#   k8s/check.sh            render every overlay and check it
#   k8s/check.sh --update   also rewrite k8s/rendered/ (commit it with the change to k8s/)
#
# For each overlay in k8s/overlays: render it (kubectl kustomize), validate every object strictly
# against the vendored Kubernetes and CRD schemas (validate-schemas.py: an unknown field fails),
# run the project's policy checks (check-rendered.py; --production for production), and parse
# the NATS configuration with nats-server -t; then the checkers' own tests.
#
# The renders are committed in k8s/rendered/. Where kubectl is missing (it is not in Debian's
# archive) the committed renders are checked instead and this says so; where it is present a
# committed render that differs from a fresh one fails, so the fallback never goes stale.
set -euo pipefail
K8S="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UPDATE=false
[ "${1:-}" = "--update" ] && UPDATE=true

# a Python 3 with PyYAML: the one on PATH, else Debian's (python3-yaml)
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then PYTHON="$candidate"; break; fi
done
[ -n "$PYTHON" ] || { echo "k8s check: needs Python 3 with PyYAML (sudo apt-get install -y python3-yaml)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
failed=0
for dir in "$K8S"/overlays/*/; do
  overlay="$(basename "$dir")"
  committed="$K8S/rendered/$overlay.yaml"
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "$dir" > "$WORK/$overlay.yaml"
    if $UPDATE; then
      mkdir -p "$K8S/rendered" && cp "$WORK/$overlay.yaml" "$committed"
    elif ! cmp -s "$WORK/$overlay.yaml" "$committed"; then
      echo "k8s/rendered/$overlay.yaml is stale: run k8s/check.sh --update and commit it" >&2
      failed=1
    fi
    source="rendered with $(kubectl version --client 2>/dev/null | grep -i kustomize | tr -d '\n' || echo kubectl)"
  else
    [ -f "$committed" ] || { echo "no kubectl and no $committed" >&2; exit 1; }
    cp "$committed" "$WORK/$overlay.yaml"
    source="kubectl is missing: RENDERING SKIPPED, checked the committed k8s/rendered/$overlay.yaml"
  fi
  echo "== $overlay ($source)"
  args=()
  [ "$overlay" = production ] && args+=(--production)
  [ -f "$dir/external-secrets.txt" ] && args+=(--external-secrets "$dir/external-secrets.txt")
  "$PYTHON" "$K8S/validate-schemas.py" < "$WORK/$overlay.yaml" || failed=1
  "$PYTHON" "$K8S/check-rendered.py" "${args[@]}" < "$WORK/$overlay.yaml" || failed=1
  "$PYTHON" "$K8S/tests/nats_config.py" "$WORK/$overlay.yaml" || failed=1
done
echo "== the checkers' own tests (each breaks a committed render on purpose)"
"$PYTHON" -m unittest discover -s "$K8S/tests" -p 'test_*.py' || failed=1
echo "== examples"
for example in "$K8S"/examples/*.yaml; do
  "$PYTHON" "$K8S/validate-schemas.py" < "$example" || failed=1
done
if [ $failed -ne 0 ]; then
  echo "k8s check: FAILED" >&2
  exit 1
fi
echo "k8s check: every overlay passed"
