#!/usr/bin/env bash
# Starts and stops a nats-server on loopback for tests and demos. Installs Debian's nats-server
# with apt-get when it is missing.
#   scripts/nats.sh start DIR [extra nats-server args...]   prints the client URL (nats://127.0.0.1:PORT)
#   scripts/nats.sh stop DIR
# DIR holds the server's pid file, ports file and log; the port is a free one the server picks.
set -euo pipefail
cmd=${1:?usage: nats.sh start|stop DIR}
dir=${2:?usage: nats.sh start|stop DIR}
shift 2

install() {
  command -v nats-server >/dev/null 2>&1 && return
  [ -x /usr/sbin/nats-server ] && return
  echo "nats.sh: installing nats-server" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nats-server >/dev/null
}

case "$cmd" in
  start)
    install
    server=$(command -v nats-server || echo /usr/sbin/nats-server)
    mkdir -p "$dir"
    rm -f "$dir"/*.ports
    # Segment records and receipts run to a few MB; the server's default message limit is 1 MB.
    printf 'max_payload: 64MB\n' >"$dir/nats.conf"
    "$server" -c "$dir/nats.conf" -a 127.0.0.1 -p -1 --ports_file_dir "$dir" -P "$dir/pid" "$@" >"$dir/log" 2>&1 &
    for _ in $(seq 1 100); do
      ports=$(ls "$dir"/*.ports 2>/dev/null | head -1 || true)
      if [ -n "$ports" ] && grep -q nats:// "$ports"; then
        grep -o 'nats://[0-9.:]*' "$ports" | head -1
        exit 0
      fi
      sleep 0.05
    done
    echo "nats.sh: nats-server did not start; its log:" >&2
    cat "$dir/log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      kill "$(cat "$dir/pid")" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *)
    echo "usage: nats.sh start|stop DIR" >&2
    exit 2
    ;;
esac
