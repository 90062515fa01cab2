#!/usr/bin/env bash
# Offline check of the Kubernetes manifests: renders every overlay under overlays/ with kubectl's built-in
# kustomize and validates every object against the Kubernetes API schemas (validate/validate.mjs), after
# a self-test proving the validator rejects broken objects. No cluster is needed.
#
#   infra/k8s/validate.sh          self-test, then every overlay; last line "k8s: N objects valid, M invalid"
#   infra/k8s/validate.sh --self-test
#
# Installs the validator's npm packages (npm ci) when validate/node_modules is missing. Exits non-zero
# if the self-test fails, an overlay does not render, or any object is invalid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

for tool in kubectl node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "k8s: $tool not found (needs kubectl with kustomize, Node.js 18+ and npm)" >&2
    echo "k8s: 0 objects valid, 1 invalid"
    exit 1
  fi
done

if [ ! -d "$here/validate/node_modules" ]; then
  (cd "$here/validate" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

node "$here/validate/validate.mjs" --self-test
if [ "${1:-}" = "--self-test" ]; then
  exit 0
fi

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
args=()
for overlay in "$here"/overlays/*/; do
  name="$(basename "$overlay")"
  if kubectl kustomize "$overlay" > "$rendered/$name.yaml"; then
    args+=("$rendered/$name.yaml")
  else
    args+=(--unbuilt "$name")
  fi
done
if [ ${#args[@]} -eq 0 ]; then
  echo "k8s: no overlays under $here/overlays" >&2
  echo "k8s: 0 objects valid, 1 invalid"
  exit 1
fi

node "$here/validate/validate.mjs" "${args[@]}"
