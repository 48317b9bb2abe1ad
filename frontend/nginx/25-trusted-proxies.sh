#!/bin/sh
# Writes trusted-proxies.conf beside the rendered default.conf, from TRUSTED_PROXIES: the
# addresses or CIDRs (separated by spaces or commas; empty by default) of the ingress or
# load balancer in front of nginx. From those peers nginx takes the client address from
# X-Forwarded-For (realip) and passes on their X-Forwarded-Proto and -Host; from anyone
# else it keeps saying what it saw itself (default.conf.template).
#
# The image's entrypoint runs it at start as /docker-entrypoint.d/25-trusted-proxies.sh,
# after 20-envsubst-on-templates.sh, and writes where that one writes (an emptyDir under the
# read-only root filesystem). POSIX sh, not bash: the nginx image has no bash.
set -eu

usage() {
  cat <<USAGE
Usage: TRUSTED_PROXIES="10.0.0.0/8 192.0.2.1" $0 [--help]

Writes \${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}/trusted-proxies.conf: one
set_real_ip_from per entry and the geo block that sets \$todo_trusted_proxy to 1 for those
peers. Entries are IPv4 or IPv6 addresses or CIDRs; anything else stops the container.
USAGE
}

info() { echo "INFO - $*" >&2; }
error() { echo "ERROR - $*" >&2; }

# Prints the directives for the entries in $1 (already split on spaces), or fails on the
# first entry that is not an address or CIDR: nothing else may reach nginx's configuration.
directives() {
  realip=""
  geo=""
  for entry in "$@"; do
    case $entry in
      *[!0-9A-Fa-f.:/]* | */*/* | /* | */)
        error "TRUSTED_PROXIES: '$entry' is not an IP address or CIDR"
        return 1
        ;;
    esac
    realip="${realip}set_real_ip_from ${entry};
"
    geo="${geo}    ${entry} 1;
"
  done
  printf '# Written at container start from TRUSTED_PROXIES by 25-trusted-proxies.sh.\n'
  printf '%s' "$realip"
  # shellcheck disable=SC2016 # nginx's variables, written as they are
  printf 'geo $realip_remote_addr $todo_trusted_proxy {\n    default 0;\n%s}\n' "$geo"
}

# Main
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
out_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
# Commas count as spaces; the unquoted expansion below splits on them.
entries=$(printf '%s' "${TRUSTED_PROXIES:-}" | tr ',' ' ')
set -f # no globbing of the entries
# shellcheck disable=SC2086
conf=$(directives $entries)
set +f
printf '%s\n' "$conf" >"$out_dir/trusted-proxies.conf"
info "trusted proxies: ${TRUSTED_PROXIES:-none}"
