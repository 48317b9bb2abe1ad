#!/usr/bin/env bash
# Starts (or reuses) a Minikube cluster sized for Todo Chatbot: 2 CPUs, 4 GiB, with the
# default storage class. Safe to re-run.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

CPUS=${MINIKUBE_CPUS:-2}
MEMORY=${MINIKUBE_MEMORY:-4096}
DRIVER=${MINIKUBE_DRIVER:-}
MIN_MINIKUBE=1.30.0
MIN_KUBECTL=1.26.0

usage() {
  cat <<USAGE
Usage: scripts/minikube-up.sh [--help]

Checks that minikube (>= $MIN_MINIKUBE), kubectl (>= $MIN_KUBECTL) and a container engine are
installed, starts Minikube with $CPUS CPUs and $MEMORY MiB unless it already runs, enables the
storage addons and switches kubectl to the minikube context.

Environment: MINIKUBE_CPUS, MINIKUBE_MEMORY (MiB), MINIKUBE_DRIVER (default: minikube's choice).
Next: scripts/deploy.sh (static deploy) or tilt up (development).
USAGE
}

# version_at_least HAVE WANT: true when HAVE >= WANT (dotted numbers).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

check_versions() {
  require minikube kubectl
  local have
  have=$(minikube version --short 2>/dev/null | sed 's/^v//')
  version_at_least "$have" "$MIN_MINIKUBE" || die "minikube $have is too old; install $MIN_MINIKUBE or newer"
  have=$(kubectl version --client -o json 2>/dev/null | json_get .clientVersion.gitVersion | sed 's/^v//')
  version_at_least "$have" "$MIN_KUBECTL" || die "kubectl $have is too old; install $MIN_KUBECTL or newer"
  info "minikube $(minikube version --short), kubectl v$have"
}

start_minikube() {
  if minikube status --format '{{.Host}} {{.Kubelet}} {{.APIServer}}' 2>/dev/null | grep -q '^Running Running Running$'; then
    info "Minikube is already running"
    return
  fi
  local args=(start --cpus "$CPUS" --memory "$MEMORY")
  [ -n "$DRIVER" ] && args+=(--driver "$DRIVER")
  info "starting Minikube: minikube ${args[*]}"
  minikube "${args[@]}"
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
check_versions
start_minikube
minikube addons enable storage-provisioner >/dev/null
minikube addons enable default-storageclass >/dev/null
kubectl config use-context minikube >/dev/null
info "Minikube is ready at $(minikube ip); next: scripts/deploy.sh or tilt up"
