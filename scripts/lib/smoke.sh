# The checks every deployed Todo Chatbot must pass, through its front door (nginx): health,
# the SPA, sign-up, a task created and listed, a chat turn with the assistant. Used by
# scripts/smoke.sh, test/images/run.sh and test/cluster/run.sh.
# shellcheck shell=bash

SMOKE_TOKEN=""
SMOKE_TASK_NUMBER=""

# smoke_api METHOD URL [JSON]: one API call with the smoke user's token; prints the body.
smoke_api() {
  local method=$1 url=$2 body=${3:-}
  local args=(-sS -X "$method" -H 'content-type: application/json')
  [ -n "$SMOKE_TOKEN" ] && args+=(-H "authorization: Bearer $SMOKE_TOKEN")
  [ -n "$body" ] && args+=(-d "$body")
  curl "${args[@]}" "$url"
}

smoke_checks() {
  local base=$1 email body
  email="smoke-$(date +%s%N)@example.com"

  check "GET /health answers ok" bash -c "[ \"\$(curl -fsS '$base/health')\" = ok ] || curl -fsS '$base/health' | grep -q '\"ok\"'"
  check "GET / serves the app" bash -c "curl -fsS '$base/' | grep -q '<div id=\"root\">'"

  body=$(smoke_api POST "$base/api/auth/sign-up/email" "{\"email\":\"$email\",\"password\":\"smoke-test-password\"}")
  SMOKE_TOKEN=$(json_get .token <<<"$body" 2>/dev/null || true)
  check "sign-up returns a session token" test -n "$SMOKE_TOKEN"

  body=$(smoke_api POST "$base/api/tasks" '{"title":"smoke test task","priority":"high"}')
  SMOKE_TASK_NUMBER=$(json_get .number <<<"$body" 2>/dev/null || true)
  check "POST /api/tasks creates a task" test -n "$SMOKE_TASK_NUMBER"
  body=$(smoke_api GET "$base/api/tasks")
  check "GET /api/tasks lists it" grep -q '"title":"smoke test task"' <<<"$body"

  body=$(smoke_api POST "$base/api/chat" '{"message":"add buy milk"}')
  check "a chat turn runs the add_task tool" grep -q '"name":"add_task"' <<<"$body"
  body=$(smoke_api GET "$base/api/tasks")
  check "the assistant's task is listed" grep -q '"title":"buy milk"' <<<"$body"
}
