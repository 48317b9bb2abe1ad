#!/usr/bin/env bash
# Builds all four image targets and proves the runtime images work together the way the
# cluster runs them: on one network, the backend named as its Service, the app reached
# through nginx on 127.0.0.1. Prints image sizes. Stops the engine at the end, pass or fail.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=scripts/lib/smoke.sh
source scripts/lib/smoke.sh

SANDBOX=../shared/tools/docker-sandbox
NET=todo-images-test
VOLUME=todo-images-test-data
BACKEND=todo-chatbot-backend
FRONTEND=todo-images-test-frontend
PORT=${PORT:-18090}
TAG=${TAG:-images-test}
KEEP_ENGINE=false

usage() {
  cat <<USAGE
Usage: test/images/run.sh [--keep-engine] [--help]

Builds backend and frontend, dev and runtime targets, from the repository root, then runs
the runtime images and checks them: health, the SPA, sign-up, tasks, a chat turn, non-root
users, data surviving a new container on the same volume, and a clean docker stop.
Uses ../shared/tools/docker-sandbox (no registry needed) and stops its engine at the end
unless --keep-engine is given. Ends with "N passed, N failed".

Environment: PORT (default 18090) for the frontend on 127.0.0.1, TAG (default images-test).
USAGE
}

cleanup() {
  docker rm -f "$BACKEND" "$FRONTEND" "$BACKEND-dev" "$FRONTEND-dev" >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
  docker volume rm "$VOLUME" >/dev/null 2>&1 || true
  if [ "$KEEP_ENGINE" = false ]; then "$SANDBOX/down.sh" >&2 || true; fi
}

# build NAME DOCKERFILE TARGET: builds one target and reports how long it took.
build() {
  local name=$1 dockerfile=$2 target=$3 start=$SECONDS
  docker build -q -f "$dockerfile" --target "$target" -t "$name" . >/dev/null
  echo "built $name ($target) in $((SECONDS - start)) s"
}

image_mb() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f", $1 / 1000 / 1000}'; }

# Size of what the image adds above its base: the layers it does not share with the base.
app_layers_mb() {
  local image=$1 base=$2
  echo "$(docker image inspect -f '{{.Size}}' "$image") $(docker image inspect -f '{{.Size}}' "$base")" | awk '{printf "%.2f", ($1 - $2) / 1000 / 1000}'
}

run_backend() {
  docker run -d --name "$BACKEND" --network "$NET" -v "$VOLUME:/app/data" \
    -e SHUTDOWN_GRACE_MS=10000 "todo-chatbot-backend:$TAG" >/dev/null
}

backend_ready() {
  docker exec "$BACKEND" node -e "fetch('http://127.0.0.1:8001/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}

wait_backend() {
  local deadline=$((SECONDS + 60))
  until backend_ready 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

check_stop() {
  local start=$SECONDS code
  docker stop -t 30 "$BACKEND" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$BACKEND")
  echo "docker stop took $((SECONDS - start)) s, exit code $code"
  [ "$code" = 0 ] && [ $((SECONDS - start)) -le 10 ]
}

# scan_image IMAGE PATH...: copies the app's own files out of the image and scans them for
# anything shaped like a credential (test/secrets/scan.mjs).
scan_image() {
  local image=$1 dir cid path
  shift
  dir=$(mktemp -d)
  cid=$(docker create "$image")
  for path in "$@"; do docker cp "$cid:$path" "$dir/$(basename "$path")"; done
  docker rm "$cid" >/dev/null
  node test/secrets/scan.mjs "$dir"
  local code=$?
  rm -rf "$dir"
  return $code
}

check_dev_image() {
  local name=$1 image=$2 port=$3
  docker run -d --name "$name" --network "$NET" -p "127.0.0.1:$((PORT + 1)):$port" "$image" >/dev/null
  local ok=0
  wait_for_http "http://127.0.0.1:$((PORT + 1))/health" 90 || ok=1
  docker rm -f "$name" >/dev/null
  return $ok
}

# lean_dev_image IMAGE MB: the dev image is within its size budget, runs as uid 1000, and
# carries only Node (live update syncs sources; dependencies come with a rebuild).
lean_dev_image() {
  local image=$1 budget=$2
  awk -v size="$(image_mb "$image")" -v budget="$budget" 'BEGIN { exit !(size <= budget) }' &&
    test "$(docker run --rm --entrypoint id "$image" -u)" = 1000 &&
    docker run --rm --entrypoint sh "$image" -c '! command -v npm && ! command -v g++ && ! command -v make'
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --keep-engine) KEEP_ENGINE=true ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
require curl node
start_time=$SECONDS
sandbox_env="$("$SANDBOX/up.sh")"
eval "$sandbox_env"
trap cleanup EXIT

build "todo-chatbot-backend:$TAG-dev" backend/Dockerfile dev
build "todo-chatbot-backend:$TAG" backend/Dockerfile runtime
build "todo-chatbot-frontend:$TAG-dev" frontend/Dockerfile dev
build "todo-chatbot-frontend:$TAG" frontend/Dockerfile runtime

docker network create "$NET" >/dev/null
docker volume create "$VOLUME" >/dev/null
run_backend
docker run -d --name "$FRONTEND" --network "$NET" -p "127.0.0.1:$PORT:8080" "todo-chatbot-frontend:$TAG" >/dev/null
wait_backend || die "the backend did not become ready: $(docker logs "$BACKEND" 2>&1 | tail -5)"
wait_for_http "http://127.0.0.1:$PORT/health" 30 || die "nginx did not come up: $(docker logs "$FRONTEND" 2>&1 | tail -5)"

base="http://127.0.0.1:$PORT"
smoke_checks "$base"
check "the backend runs as uid 1000" test "$(docker exec "$BACKEND" id -u)" = 1000
check "nginx runs as uid 101" test "$(docker exec "$FRONTEND" id -u)" = 101
check "the backend's image files are not writable by its user" \
  docker exec "$BACKEND" sh -c '! touch /app/dist/x 2>/dev/null'

docker rm -f "$BACKEND" >/dev/null
run_backend
wait_backend || die "the new backend container did not become ready"
check "the task survives a new container on the same volume" \
  grep -q '"title":"smoke test task"' <<<"$(smoke_api GET "$base/api/tasks")"
check "docker stop ends the backend cleanly (exit 0 within the 10 s grace)" check_stop

check "no credential in the backend image's files (/app)" scan_image "todo-chatbot-backend:$TAG" /app
check "no credential in the frontend image's files (html, templates)" \
  scan_image "todo-chatbot-frontend:$TAG" /usr/share/nginx/html /etc/nginx/templates
check "the backend dev image serves /health (its watcher)" check_dev_image "$BACKEND-dev" "todo-chatbot-backend:$TAG-dev" 8001
check "the frontend dev image serves /health (Vite)" check_dev_image "$FRONTEND-dev" "todo-chatbot-frontend:$TAG-dev" 8080
check "the backend dev image is at most 400 MB ($(image_mb "todo-chatbot-backend:$TAG-dev") MB) and holds no npm or compiler" \
  lean_dev_image "todo-chatbot-backend:$TAG-dev" 400
check "the frontend dev image is at most 250 MB ($(image_mb "todo-chatbot-frontend:$TAG-dev") MB) and holds no npm or compiler" \
  lean_dev_image "todo-chatbot-frontend:$TAG-dev" 250

echo
echo "| image | size | app layers above base |"
echo "| --- | --- | --- |"
echo "| todo-chatbot-backend (runtime) | $(image_mb "todo-chatbot-backend:$TAG") MB | $(app_layers_mb "todo-chatbot-backend:$TAG" node:22-bookworm-slim) MB |"
echo "| todo-chatbot-frontend (runtime) | $(image_mb "todo-chatbot-frontend:$TAG") MB | $(app_layers_mb "todo-chatbot-frontend:$TAG" nginxinc/nginx-unprivileged:1.27-alpine) MB |"
echo "| todo-chatbot-backend (dev) | $(image_mb "todo-chatbot-backend:$TAG-dev") MB | $(app_layers_mb "todo-chatbot-backend:$TAG-dev" debian:bookworm-slim) MB (Node included) |"
echo "| todo-chatbot-frontend (dev) | $(image_mb "todo-chatbot-frontend:$TAG-dev") MB | $(app_layers_mb "todo-chatbot-frontend:$TAG-dev" debian:bookworm-slim) MB (Node included) |"
echo
info "image suite took $((SECONDS - start_time)) s"
checks_summary
