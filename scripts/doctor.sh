#!/usr/bin/env bash
# Says what is installed, which cluster kubectl talks to, and whether it has room for Todo
# Chatbot, with a fix for each problem found. Changes nothing.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

PROBLEMS=0

usage() {
  cat <<USAGE
Usage: scripts/doctor.sh [--help]

Checks node, npm, docker, kubectl, minikube and tilt, the current kube context, whether the
cluster is reachable, and Minikube's CPUs and memory. Exits 1 when something needs fixing.
USAGE
}

ok() { echo "  ok   $*"; }
problem() {
  echo "  FIX  $1"
  echo "       -> $2"
  PROBLEMS=$((PROBLEMS + 1))
}

tool() {
  local name=$1 fix=$2 version
  if command -v "$name" >/dev/null 2>&1; then
    version=$("${@:3}" 2>/dev/null | head -n1 || true)
    ok "$name ${version:-installed}"
  else
    problem "$name is not installed" "$fix"
  fi
}

check_tools() {
  echo "Tools"
  tool node "install Node.js 20.19+ (https://nodejs.org)" node --version
  tool npm "comes with Node.js" npm --version
  tool docker "install Docker Engine or Docker Desktop" docker --version
  tool kubectl "install kubectl 1.26+ (https://kubernetes.io/docs/tasks/tools/)" kubectl version --client --output=yaml
  tool minikube "install minikube (https://minikube.sigs.k8s.io/docs/start/) or use another local cluster" minikube version --short
  tool tilt "install Tilt 0.33+ (https://docs.tilt.dev/install.html) for the dev loop" tilt version
}

check_cluster() {
  echo "Cluster"
  local context
  context=$(kubectl config current-context 2>/dev/null || true)
  if [ -z "$context" ]; then
    problem "kubectl has no current context" "run scripts/minikube-up.sh"
    return
  fi
  case "$context" in
    minikube | docker-desktop | kind-* | k3d-* | rancher-desktop | orbstack | k8s-sandbox) ok "context $context (a local cluster)" ;;
    *) problem "context $context does not look local; Tilt refuses it" "kubectl config use-context minikube (or allow it in the Tiltfile)" ;;
  esac
  if kubectl version --request-timeout=5s >/dev/null 2>&1; then
    ok "the API server answers ($(kubectl version -o json 2>/dev/null | json_get .serverVersion.gitVersion))"
  else
    problem "the cluster of context $context does not answer" "start it: scripts/minikube-up.sh (or minikube start)"
  fi
  if [ "$context" = minikube ] && command -v minikube >/dev/null 2>&1; then
    local cpus memory
    cpus=$(minikube config get cpus 2>/dev/null || echo "?")
    memory=$(minikube config get memory 2>/dev/null || echo "?")
    if [ "$cpus" = "?" ] || [ "$cpus" -ge 2 ] 2>/dev/null; then ok "Minikube CPUs: $cpus"; else
      problem "Minikube has $cpus CPU(s); the app asks for 2" "minikube delete && scripts/minikube-up.sh"
    fi
    if [ "$memory" = "?" ] || [ "${memory%%[a-zA-Z]*}" -ge 4096 ] 2>/dev/null; then ok "Minikube memory: $memory"; else
      problem "Minikube has $memory memory; 4096 MiB is recommended" "minikube delete && MINIKUBE_MEMORY=4096 scripts/minikube-up.sh"
    fi
  fi
  if docker info >/dev/null 2>&1; then
    ok "Docker answers at ${DOCKER_HOST:-the default socket}"
  else
    problem "Docker does not answer at ${DOCKER_HOST:-the default socket}" "start Docker, or eval \$(minikube docker-env) for Minikube's"
  fi
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
check_tools
check_cluster
echo
if [ "$PROBLEMS" -eq 0 ]; then
  echo "All good."
else
  echo "$PROBLEMS problem(s) to fix."
  exit 1
fi
