#!/usr/bin/env bash
# The whole test suite: unit, API on SQLite and PostgreSQL, browser journeys in Chromium.
# Installs what it needs with apt when missing, starts a throwaway PostgreSQL on a loopback port,
# and ends with the plain line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
artifacts="${OTDEL_ARTIFACTS:-$root/artifacts}"
results="$artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
if (( ${#missing[@]} )); then
  echo "test: installing ${missing[*]} with apt..."
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "test: could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
# Chromium's Russian locale, so native date inputs and file pickers read as our users see them; nice to have.
if [[ ! -f /usr/lib/chromium/locales/ru.pak ]]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null 2>&1 \
    || { as_root apt-get update -qq >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null 2>&1; } \
    || echo "test: chromium-l10n not installed; date inputs will show in English"
fi

# A throwaway PostgreSQL cluster on a free loopback port, removed on exit.
pgver=$(ls /usr/lib/postgresql | sort -V | tail -1)
pgbin="/usr/lib/postgresql/$pgver/bin"
port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
port=${port:-55432}
pgdir=$(mktemp -d /tmp/otdel-pg.XXXXXX)
if [[ $(id -u) -eq 0 ]]; then
  chown postgres:postgres "$pgdir"
  run_pg() { su postgres -s /bin/bash -c "$*"; }
else
  run_pg() { bash -c "$*"; }
fi
cleanup() { run_pg "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1; rm -rf "$pgdir"; }
trap cleanup EXIT
run_pg "$pgbin/initdb -D $pgdir/data -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$results/postgres-init.log" 2>&1 \
  || { cat "$results/postgres-init.log"; echo "test: PostgreSQL could not be initialised"; echo "0 passed, 1 failed"; exit 1; }
run_pg "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o '-h 127.0.0.1 -p $port -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start" >/dev/null \
  || { cat "$pgdir/server.log"; echo "test: PostgreSQL did not start"; echo "0 passed, 1 failed"; exit 1; }
export OTDEL_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
echo "test: PostgreSQL $pgver on 127.0.0.1:$port, Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"

# Gate: the code is formatted as .editorconfig says (fast: whitespace rules, no build). A failure counts as a failed test.
gates_failed=0
if ! dotnet format whitespace --verify-no-changes --folder "$root" --exclude artifacts src/Otdel/node_modules >"$results/format.log" 2>&1; then
  echo "test: formatting differs from .editorconfig; fix with: dotnet format whitespace --folder . --exclude artifacts src/Otdel/node_modules"
  grep -m 20 "error" "$results/format.log"
  gates_failed=1
fi

export OTDEL_TEST_SCREENSHOTS="$results/screenshots"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet test "$root/tests/Otdel.Tests/Otdel.Tests.csproj" -nologo --artifacts-path "$artifacts" \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" \
  | grep -vE '^\s*$|^\{' | tee "$results/console.log"
trx="$results/results.trx"
if [[ ! -f "$trx" ]]; then echo "test: no test results (the build failed?)"; echo "0 passed, 1 failed"; exit 1; fi
passed=$(grep -o '<Counters [^>]*>' "$trx" | sed -E 's/.* passed="([0-9]+)".*/\1/')
total=$(grep -o '<Counters [^>]*>' "$trx" | sed -E 's/.* total="([0-9]+)".*/\1/')
failed=$(( total - passed + gates_failed ))
# A test host that crashed leaves a result file with the tests run so far all passed: the run itself counts as a failure.
outcome=$(grep -o '<ResultSummary outcome="[A-Za-z]*"' "$trx" | sed -E 's/.*outcome="([A-Za-z]+)"/\1/')
if [[ "$outcome" != "Completed" && $failed -eq 0 ]]; then
  echo "test: the test run did not complete (outcome: ${outcome:-none}); counted as a failure"
  failed=1
fi
echo "screenshots: $OTDEL_TEST_SCREENSHOTS"
# The failures again at the end, so a log read from its tail names them.
if grep -qE '^\s+Failed ' "$results/console.log"; then
  echo "failures:"
  grep -A 14 -E '^\s+Failed ' "$results/console.log" | grep -vE '^\s+Passed ' | cut -c1-300 | head -n 120
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $total -gt 0 ]]
