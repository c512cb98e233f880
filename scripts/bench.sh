#!/usr/bin/env bash
# The benchmark: ./otdel bench [--provider sqlite|postgres|both] [--deals N] [--quick] [--rounds N] [--regenerate] [--in-process] [--doc-only]
# Builds Release (Otdel, the floor app bench/Otdel.Floor and the runner), starts a PostgreSQL kept under the bench folder
# (so its generated database is reused next time, like the SQLite file) at its default durable settings, generates the
# data set when missing, then runs Otdel and the floor as servers and measures both over HTTP; the tables go to
# docs/performance.md. Runs under nice so it does not starve other work on the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
artifacts="${OTDEL_ARTIFACTS:-$root/artifacts}"
bench_dir="${OTDEL_BENCH_DIR:-$artifacts/bench}"
mkdir -p "$bench_dir"

provider=both
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == "--provider" ]] && provider="${args[$((i + 1))]:-both}"
done
case "$provider" in sqlite|postgres|both) ;; *) echo "bench: --provider must be sqlite, postgres or both" >&2; exit 2 ;; esac

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

echo "bench: building Release..."
dotnet build "$root/bench/Otdel.Bench/Otdel.Bench.csproj" -c Release -nologo -v q -clp:"ErrorsOnly;NoSummary" --artifacts-path "$artifacts"
dotnet build "$root/bench/Otdel.Floor/Otdel.Floor.csproj" -c Release -nologo -v q -clp:"ErrorsOnly;NoSummary" --artifacts-path "$artifacts"
dll="$artifacts/bin/Otdel.Bench/release/Otdel.Bench.dll"

if [[ "$provider" != sqlite ]]; then
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "bench: installing postgresql with apt..."
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  pgver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pgbin="/usr/lib/postgresql/$pgver/bin"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55433)
  pgdir="$bench_dir/pg-$pgver"
  mkdir -p "$pgdir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$pgdir"
    run_pg() { su postgres -s /bin/bash -c "$*"; }
  else
    run_pg() { bash -c "$*"; }
  fi
  stop_pg() { run_pg "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1 || true; }
  trap stop_pg EXIT
  if [[ ! -f "$pgdir/data/PG_VERSION" ]]; then
    run_pg "$pgbin/initdb -D $pgdir/data -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$pgdir/init.log" 2>&1 \
      || { cat "$pgdir/init.log"; echo "bench: PostgreSQL could not be initialised" >&2; exit 1; }
  fi
  # PostgreSQL's default durable settings (fsync, synchronous_commit and full_page_writes on, as a customer runs it):
  # only memory for a million-row data set and room for two apps' pools (Otdel's and the floor's) are raised.
  run_pg "nice -n 10 $pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o '-h 127.0.0.1 -p $port -k $pgdir -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_connections=100' start" >/dev/null \
    || { tail -20 "$pgdir/server.log"; echo "bench: PostgreSQL did not start" >&2; exit 1; }
  export OTDEL_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "bench: PostgreSQL $pgver on 127.0.0.1:$port (data kept in $pgdir)"
fi

nice -n 10 dotnet "$dll" --root "$root" --dir "$bench_dir" \
  --otdel-dll "$artifacts/bin/Otdel/release/Otdel.dll" --floor-dll "$artifacts/bin/Otdel.Floor/release/Otdel.Floor.dll" "$@"
