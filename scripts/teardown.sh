#!/usr/bin/env bash
# Removes what scripts/deploy.sh (or kubectl apply -k) created: the whole namespace,
# including the database volume.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh

usage() {
  cat <<USAGE
Usage: scripts/teardown.sh [--yes] [--stop-minikube] [--help]

Deletes namespace $NAMESPACE and everything in it, the database volume included (asks
first unless --yes). --stop-minikube also stops the Minikube VM. Safe to re-run.
USAGE
}

confirm() {
  [ "$YES" = true ] && return 0
  [ -t 0 ] || die "not a terminal: pass --yes to delete namespace $NAMESPACE and its data"
  read -r -p "Delete namespace $NAMESPACE and its data in context $(current_context)? [y/N] " answer
  [ "$answer" = y ] || [ "$answer" = Y ]
}

# Main
YES=false
STOP_MINIKUBE=false
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --yes) YES=true ;;
    --stop-minikube) STOP_MINIKUBE=true ;;
    *) usage >&2; exit 2 ;;
  esac
done
require kubectl
confirm || die "nothing deleted"
kubectl delete -k k8s/overlays/local --ignore-not-found --wait=true
info "namespace $NAMESPACE removed"
if [ "$STOP_MINIKUBE" = true ]; then
  require minikube
  minikube stop
fi
