#!/usr/bin/env bash
# Test of ./crowdfund's local run: `up` runs copies of the jars it built, so a build while the
# platform runs (`./crowdfund test` rebuilds every target/*.jar) never rewrites a file a running
# process loads its classes from. It stages and starts the Stripe emulator exactly as `up` does
# (the script's own functions, with its state in a temporary directory, so a platform already
# running in this checkout is left alone), rebuilds the emulator's jar in place, and checks the
# running process never used that file and still answers, including requests whose classes it
# loads only now. Run by `./crowdfund test`; on its own: scripts/test-local-run.sh (about 30 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CROWDFUND_STATE="$(mktemp -d "${TMPDIR:-/tmp}/crowdfund-local-run.XXXXXX")"
export CROWDFUND_STATE
# shellcheck source=../crowdfund
source "$ROOT/crowdfund"

fail() { printf '\033[31mFAIL:\033[0m %s\n' "$*" >&2; tail -20 "$LOGS/stripe-emulator.log" >&2 2>/dev/null || true; exit 1; }
cleanup() { stop_pid stripe-emulator >/dev/null 2>&1 || true; rm -rf "$CROWDFUND_STATE"; }
trap cleanup EXIT

jar=$(jar_of stripe-emulator)
if [ ! -f "$jar" ]; then
  (cd "$ROOT" && mvn -B -q -pl stripe-emulator package -DskipTests) || fail "could not build $jar"
fi

port=$((20000 + RANDOM % 10000))
while port_open 127.0.0.1 "$port"; do port=$((20000 + RANDOM % 10000)); done
base="http://127.0.0.1:$port"

stage_jars stripe-emulator
start_process stripe-emulator STRIPE_EMULATOR_PORT="$port"
pid=$(cat "$PIDS/stripe-emulator.pid")
wait_for "stripe-emulator" 60 curl -fsS -o /dev/null "$base/_emulator/health" || fail "the emulator did not start"

running_jar=$(tr '\0' '\n' <"/proc/$pid/cmdline" | grep '\.jar$')
case "$running_jar" in
  "$RUNS"/*) ;;
  *) fail "the emulator runs $running_jar, not a copy under $RUNS" ;;
esac
[ "$(realpath "$running_jar")" != "$(realpath "$jar")" ] || fail "the emulator runs the build's own jar"

before=$(stat -c %Y "$jar")
sleep 1 # the rebuilt jar gets a later modification time than the one before
(cd "$ROOT" && mvn -B -q -o -pl stripe-emulator package -DskipTests >"$LOGS/rebuild.log" 2>&1) \
  || (cd "$ROOT" && mvn -B -q -pl stripe-emulator package -DskipTests >"$LOGS/rebuild.log" 2>&1) \
  || fail "rebuilding stripe-emulator failed; see $LOGS/rebuild.log"
[ "$(stat -c %Y "$jar")" -gt "$before" ] || fail "the build did not rewrite $jar, so this test proved nothing"

kill -0 "$pid" 2>/dev/null || fail "the emulator died during the build"
curl -fsS -o /dev/null "$base/_emulator/health" || fail "the emulator stopped answering its health check after the build"
status=$(curl -sS -o /dev/null -w '%{http_code}' -u sk_test_local_run: -X POST "$base/v1/customers" -d email=local-run@example.test)
[ "$status" -lt 500 ] || fail "the emulator answered $status to a request it first served after the build"
status=$(curl -sS -o /dev/null -w '%{http_code}' -u sk_test_local_run: "$base/v1/payment_intents/pi_does_not_exist")
[ "$status" -lt 500 ] || fail "the emulator answered $status to a request it first served after the build"

printf '\033[1m==>\033[0m local run: the platform kept answering while its jars were rebuilt\n'
