#!/usr/bin/env bash
# Builds both runtime images where the cluster can use them, applies the local overlay,
# waits for both rollouts and prints the app's URL.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh

TAG=${TAG:-local}
TIMEOUT=${TIMEOUT:-240s}

usage() {
  cat <<USAGE
Usage: scripts/deploy.sh [--helm | --postgres] [--help]

Builds todo-chatbot-backend:$TAG and todo-chatbot-frontend:$TAG (runtime targets), applies
k8s/overlays/local to the current kube context, waits for both Deployments and prints the URL.
With --helm, installs or upgrades the Helm chart k8s/helm/todo-chatbot instead (release
todo-chatbot; the same objects; helm ≥ 3.10 from PATH, else scripts/get-helm.sh fetches
the official binary). HELM_ARGS adds arguments, e.g. HELM_ARGS="-f my-values.yaml".
With --postgres, applies k8s/overlays/postgres instead: PostgreSQL 15 in the cluster and 3
backend replicas. Its password is made once, at random, into k8s/overlays/postgres/postgres.env
(gitignored) and kept for later deploys. PostgreSQL starts empty: it warns when the SQLite
claim todo-chatbot-data of an earlier deploy exists, whose tasks are not copied.

Where the images go depends on the current context (kubectl config current-context):
  minikube        built inside Minikube's Docker (minikube docker-env), unless DOCKER_HOST
                  already points there
  kind-*          built with the current Docker, then kind load docker-image
  k3d-*           built with the current Docker, then k3d image import
  anything else   built with the current Docker, which must be the cluster's engine
                  (Docker Desktop, Rancher Desktop with dockerd, OrbStack, k8s-sandbox)
The overlay never pulls (imagePullPolicy: Never), so a missing image fails loudly.
When a rebuilt image differs from the one running, its Deployment is restarted.

Environment: TAG (default local; the overlay expects local), TIMEOUT (default 240s).
USAGE
}

use_cluster_engine() {
  local context=$1
  if [ "$context" = minikube ] && [ -z "${MINIKUBE_ACTIVE_DOCKERD:-}" ]; then
    require minikube
    info "building inside Minikube's Docker (minikube docker-env)"
    eval "$(minikube -p minikube docker-env --shell bash)"
  else
    info "building with the current Docker (${DOCKER_HOST:-default socket}) for context $context"
  fi
  docker info >/dev/null 2>&1 || die "Docker is not reachable (${DOCKER_HOST:-default socket}); run scripts/doctor.sh"
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

build_images() {
  local name before after component
  CHANGED=()
  for name in "${IMAGES[@]}"; do
    component=${name#todo-chatbot-}
    before=$(image_id "$name:$TAG")
    info "building $name:$TAG from $component/Dockerfile"
    docker build -q -f "$component/Dockerfile" -t "$name:$TAG" . >/dev/null
    after=$(image_id "$name:$TAG")
    [ "$before" = "$after" ] || CHANGED+=("$name")
  done
}

load_images() {
  local context=$1 name
  for name in "${IMAGES[@]}"; do
    case "$context" in
      kind-*) kind load docker-image "$name:$TAG" --name "${context#kind-}" ;;
      k3d-*) k3d image import "$name:$TAG" --cluster "${context#k3d-}" ;;
    esac
  done
}

# PostgreSQL starts empty: the tasks of an earlier SQLite deploy stay in its claim.
warn_sqlite_data() {
  if [ -n "$(kubectl -n "$NAMESPACE" get pvc todo-chatbot-data -o name 2>/dev/null || true)" ]; then
    warn "claim todo-chatbot-data in namespace $NAMESPACE holds the SQLite database of an earlier deploy:"
    warn "PostgreSQL starts empty and those tasks are not copied (docs/kubernetes.md#from-sqlite-to-postgresql)"
  fi
}

apply_manifests() {
  if [ "$MODE" = postgres ]; then
    warn_sqlite_data
    scripts/postgres-env.sh
    [ "$TAG" = local ] || die "--postgres deploys the local images (TAG=local)"
    kubectl apply -k k8s/overlays/postgres
  elif [ "$MODE" = helm ]; then
    local helm
    helm=$(scripts/get-helm.sh)
    # shellcheck disable=SC2086 # HELM_ARGS is a list of arguments
    "$helm" upgrade --install todo-chatbot k8s/helm/todo-chatbot \
      --set "backend.image.tag=$TAG" --set "frontend.image.tag=$TAG" ${HELM_ARGS:-}
  elif [ "$TAG" = local ]; then
    kubectl apply -k k8s/overlays/local
  else
    kubectl kustomize k8s/overlays/local | sed "s#\(todo-chatbot-[a-z]*\):local#\1:${TAG}#" | kubectl apply -f -
  fi
}

restart_changed() {
  local name
  for name in "${CHANGED[@]}"; do
    if [ -n "$(kubectl -n "$NAMESPACE" get deployment "$name" -o name 2>/dev/null)" ]; then
      info "$name:$TAG changed: restarting its pods"
      kubectl -n "$NAMESPACE" rollout restart deployment "$name" >/dev/null
    fi
  done
}

wait_rollouts() {
  local name
  for name in "${IMAGES[@]}"; do
    kubectl -n "$NAMESPACE" rollout status deployment "$name" --timeout "$TIMEOUT"
  done
}

# Main
MODE=kustomize
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --helm) MODE=helm ;;
  --postgres) MODE=postgres ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
require kubectl docker
context=$(current_context)
[ -n "$context" ] || die "no current kube context; start a cluster first (scripts/minikube-up.sh)"
start=$SECONDS
use_cluster_engine "$context"
build_images
load_images "$context"
existed=$(kubectl -n "$NAMESPACE" get deployments -o name 2>/dev/null || true)
apply_manifests
[ -z "$existed" ] || restart_changed
wait_rollouts
info "deployed in $((SECONDS - start)) s"
echo "Todo Chatbot: $(app_url)"
