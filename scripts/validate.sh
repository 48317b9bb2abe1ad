#!/usr/bin/env bash
# Renders every kustomization and validates it (schemas, restricted profile, consistency,
# overlay drift), lints the YAML and the scripts, and checks the Tiltfile. No cluster needed.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

KUSTOMIZATIONS=(k8s/base k8s/overlays/local .)

usage() {
  cat <<USAGE
Usage: scripts/validate.sh [--help]

  1. kubectl kustomize on ${KUSTOMIZATIONS[*]}
  2. the manifest suite (test/manifests): Kubernetes API schemas, Pod Security "restricted",
     requests/limits/probes, Service selectors and ports, ConfigMap/Secret references,
     probe paths, image names, and what the local overlay may change
  3. yamllint on k8s/ and shellcheck on scripts/ and frontend/nginx/ (when installed)
  4. ../shared/tools/tiltfile-check on the Tiltfile (when the tool is there)
Ends with "N passed, N failed".
USAGE
}

renders() { kubectl kustomize "$1" | grep -q '^kind: Deployment'; }

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
require kubectl npx
for dir in "${KUSTOMIZATIONS[@]}"; do
  check "kubectl kustomize $dir renders" renders "$dir"
done
check "the manifest suite passes (npx vitest run test/manifests)" npx vitest run --project system test/manifests
if command -v yamllint >/dev/null 2>&1; then
  # The chart's templates are Go templates, not YAML: helm lint checks them (test/helm).
  check "yamllint k8s/ kustomization.yaml" yamllint -s -d '{extends: default, ignore: k8s/helm/todo-chatbot/templates/, rules: {line-length: {max: 120}, document-start: disable}}' k8s kustomization.yaml
else
  warn "yamllint is not installed: skipped"
fi
if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck scripts/ test/*/run.sh .ci/run frontend/nginx/*.sh" shellcheck -x scripts/*.sh scripts/lib/*.sh test/*/run.sh .ci/run frontend/nginx/*.sh
else
  warn "shellcheck is not installed: skipped"
fi
if [ -f Tiltfile ] && [ -x ../shared/tools/tiltfile-check/tiltfile-check ]; then
  check "tiltfile-check Tiltfile" ../shared/tools/tiltfile-check/tiltfile-check Tiltfile
fi
checks_summary
