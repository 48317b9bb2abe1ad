#!/usr/bin/env bash
# Smoke-tests a deployed Todo Chatbot through its front door: health, the SPA, sign-up,
# a task created and listed, one chat turn.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh
# shellcheck source=scripts/lib/smoke.sh
source scripts/lib/smoke.sh

PF_PORT=${PF_PORT:-18080}
PF_PID=""

usage() {
  cat <<USAGE
Usage: scripts/smoke.sh [--url URL | --port-forward] [--help]

  --url URL        test this address (default: the NodePort, $(app_url 2>/dev/null || echo "http://127.0.0.1:$NODE_PORT"))
  --port-forward   reach the frontend Service through kubectl port-forward on 127.0.0.1:$PF_PORT
                   (for clusters whose NodePorts are not reachable from here)
Ends with "N passed, N failed"; exits non-zero if a check failed.
USAGE
}

stop_port_forward() { [ -z "$PF_PID" ] || kill "$PF_PID" 2>/dev/null || true; }

port_forward() {
  kubectl -n "$NAMESPACE" port-forward service/todo-chatbot-frontend "$PF_PORT:80" >/dev/null 2>&1 &
  PF_PID=$!
  trap stop_port_forward EXIT
  wait_for_http "http://127.0.0.1:$PF_PORT/health" 20 || die "kubectl port-forward did not come up"
}

# Main
url=""
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --url) url=${2:?--url needs a URL} ;;
  --port-forward) require kubectl; port_forward; url="http://127.0.0.1:$PF_PORT" ;;
  "") url=$(app_url) ;;
  *) usage >&2; exit 2 ;;
esac
require curl node
wait_for_http "$url/health" 30 || die "$url/health does not answer; is the app deployed (scripts/deploy.sh)?"
info "smoke-testing $url"
smoke_checks "$url"
checks_summary
