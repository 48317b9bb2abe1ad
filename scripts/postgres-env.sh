#!/usr/bin/env bash
# Writes k8s/overlays/postgres/postgres.env (gitignored) with a random PostgreSQL password,
# once: the database keeps the password it was initialised with, so an existing file stays.
set -o errexit -o nounset -o pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

FILE=k8s/overlays/postgres/postgres.env

usage() {
  cat <<USAGE
Usage: scripts/postgres-env.sh [--help]

Makes $FILE, which k8s/overlays/postgres turns into Secret todo-chatbot-postgres:
POSTGRES_PASSWORD (48 random hex digits, safe inside a URL) and the backend's DATABASE_URL.
Does nothing when the file exists. scripts/deploy.sh --postgres and
\`tilt up -- --db=postgres\` run it.
USAGE
}

write_env() {
  local password
  password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077 && printf 'POSTGRES_PASSWORD=%s\nDATABASE_URL=postgres://todo:%s@todo-chatbot-postgres:5432/todo\n' \
    "$password" "$password" >"$FILE")
  info "wrote a random PostgreSQL password to $FILE (gitignored)"
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
[ -f "$FILE" ] || write_env
