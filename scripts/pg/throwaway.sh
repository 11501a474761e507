#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and trials: `start DIR` creates one in DIR (initdb as
# an unprivileged user, trust auth, loopback only, a free port) and prints its URL; `stop DIR`
# stops it; `resume DIR` starts it again on the same port. Needs the server binaries (Debian: apt-get install postgresql).
set -euo pipefail

find_bin() {
    if command -v "$1" >/dev/null 2>&1 && [ "$(command -v "$1")" != "" ]; then
        command -v "$1"
        return
    fi
    ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

# Runs a command as the cluster's owner: as root, the 'nobody' user (initdb refuses root).
as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

serve() {
    as_owner "$3" -D "$1/data" -l "$1/server.log" -w \
        -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null
}

case "${1:-}" in
start)
    dir="${2:?usage: throwaway.sh start DIR}"
    initdb="$(find_bin initdb)"
    pg_ctl="$(find_bin pg_ctl)"
    if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
        echo "throwaway.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
        exit 3
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then
        chown nobody "$dir"
        if ! runuser -u nobody -- test -w "$dir"; then
            echo "throwaway.sh: user nobody cannot reach $dir (a parent folder is private)" >&2
            exit 3
        fi
    fi
    port="$(free_port)"
    as_owner "$initdb" -D "$dir/data" -U dyad --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_owner "$initdb" -D "$dir/data" -U dyad --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    echo "$port" >"$dir/port"
    serve "$dir" "$port" "$pg_ctl"
    echo "postgres://dyad@127.0.0.1:$port/postgres"
    ;;
resume)
    # Starts a stopped cluster again on its port (outage tests).
    dir="${2:?usage: throwaway.sh resume DIR}"
    serve "$dir" "$(cat "$dir/port")" "$(find_bin pg_ctl)"
    ;;
stop)
    dir="${2:?usage: throwaway.sh stop DIR}"
    pg_ctl="$(find_bin pg_ctl)"
    as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
url)
    dir="${2:?usage: throwaway.sh url DIR}"
    echo "postgres://dyad@127.0.0.1:$(cat "$dir/port")/postgres"
    ;;
*)
    echo "usage: throwaway.sh start|stop|resume|url DIR" >&2
    exit 2
    ;;
esac
