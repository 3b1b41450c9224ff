#!/usr/bin/env bash
# Start time and resident memory of every process, one at a time (nothing else starting), from the
# jars a build left in */target. Needs PostgreSQL on 127.0.0.1:5432 and NATS on 127.0.0.1:4222;
# uses throwaway databases measure_<service>, a private stream and ports 5006x/9006x/8090.
# Usage: mvn -B -q package -DskipTests && scripts/measure-startup.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAVA_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
psqlq() { psql -h 127.0.0.1 -U postgres -qtAc "$1"; }
rss() { ps -o rss= -p "$1" | awk '{printf "%.0f MB", $1/1024}'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
await_health() { until curl -fs -o /dev/null "$1"; do sleep 0.05; done; }

java "${JAVA_OPTS[@]}" -jar stripe-emulator/target/stripe-emulator-0.1.0-SNAPSHOT.jar >/tmp/measure-stripe-emulator.log 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
await_health http://127.0.0.1:12111/_emulator/health

printf '| process | ready (health answers) | Micronaut "startup completed" | RSS 5 s after ready |\n|---|---|---|---|\n'
n=0
for service in campaign pledge payment reservation notification; do
  n=$((n + 1))
  db="measure_$service"
  [ -n "$(psqlq "SELECT 1 FROM pg_database WHERE datname = '$db'")" ] || psqlq "CREATE DATABASE $db" >/dev/null
  started=$(date +%s%N)
  env GRPC_PORT=$((50060 + n)) HTTP_PORT=$((9060 + n)) DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    NATS_URL=nats://127.0.0.1:4222 EVENTS_STREAM=MEASURE EVENTS_SUBJECT_PREFIX=measure LOG_FORMAT=text \
    STRIPE_API_KEY=sk_test_measure STRIPE_API_BASE=http://127.0.0.1:12111 STRIPE_WEBHOOK_SECRET=whsec_measure \
    java "${JAVA_OPTS[@]}" -jar "$service-service/target/$service-service-0.1.0-SNAPSHOT.jar" >"/tmp/measure-$service.log" 2>&1 &
  pid=$!
  await_health "http://127.0.0.1:$((9060 + n))/health"
  ready=$(ms_since "$started")
  sleep 5
  printf '| %s-service | %s ms | %s | %s |\n' "$service" "$ready" \
    "$(grep -o 'Startup completed in [0-9]*ms' "/tmp/measure-$service.log" | grep -o '[0-9]*ms')" "$(rss "$pid")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  psqlq "DROP DATABASE $db WITH (FORCE)" >/dev/null
done
started=$(date +%s%N)
env HTTP_PORT=8090 CROWDFUND_LOCAL_MODE=true java "${JAVA_OPTS[@]}" -jar gateway/target/gateway-0.1.0-SNAPSHOT.jar >/tmp/measure-gateway.log 2>&1 &
pid=$!
await_health http://127.0.0.1:8090/health
ready=$(ms_since "$started")
sleep 5
printf '| gateway | %s ms | %s | %s |\n' "$ready" "$(grep -o 'Startup completed in [0-9]*ms' /tmp/measure-gateway.log | grep -o '[0-9]*ms')" "$(rss "$pid")"
kill "$pid"; wait "$pid" 2>/dev/null || true
printf '| stripe-emulator | - | - | %s |\n' "$(rss "$emulator")"
