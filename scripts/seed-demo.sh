#!/usr/bin/env bash
# Demo data for a local stack, through the gateway's REST API like any client. Idempotent: every
# create carries a fixed Idempotency-Key, so running it again finds the same campaigns and tiers;
# launching or cancelling twice answers 409, which is expected and ignored here.
# Usage: scripts/seed-demo.sh [gateway base URL]
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}"
API="$BASE/api/v1"
# Ids of what an earlier run created, so a later run (another day, other deadlines) reuses them.
IDS="${SEED_IDS_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.crowdfund/demo-ids}"
mkdir -p "$(dirname "$IDS")"
touch "$IDS"

ADA="00000000-0000-7000-8000-00000000c001"
GRACE="00000000-0000-7000-8000-00000000c002"

token() { # subject, role, email, name
  curl -fsS -X POST "$API/dev/tokens" -H 'Content-Type: application/json' \
    -d "{\"subject\":\"$1\",\"roles\":[\"$2\"],\"email\":\"$3\",\"name\":\"$4\"}" \
    | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p'
}

iso_days_ahead() { date -u -d "+$1 days" +%Y-%m-%dT%H:00:00Z; }

# POST that creates; prints the new resource's id (from Location), failing loudly otherwise.
create() { # token, idempotency key, path, json
  local headers body status
  headers=$(mktemp)
  body=$(mktemp)
  status=$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' -X POST "$API$3" \
    -H "Authorization: Bearer $1" -H "Idempotency-Key: $2" -H 'Content-Type: application/json' -d "$4")
  if [ "$status" != 201 ] && [ "$status" != 200 ]; then
    echo "seed: POST $3 answered $status: $(cat "$body")" >&2
    rm -f "$headers" "$body"
    return 1
  fi
  rm -f "$body"
  tr -d '\r' <"$headers" | sed -n 's#^[Ll]ocation: .*/\([^/]*\)$#\1#p' | tail -1
  rm -f "$headers"
}

action() { # token, campaign id, action (launch|cancel), json body; 409 = already done
  local status body="${4:-}"
  [ -n "$body" ] || body='{}'
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$API/campaigns/$2:$3" \
    -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$body")
  case "$status" in 200|409) ;; *) echo "seed: $3 of $2 answered $status" >&2; return 1 ;; esac
}

campaign() { # token, key, title, model, currency, goal minor, days, description
  local known id
  known=$(sed -n "s/^$2=//p" "$IDS" | tail -1)
  if [ -n "$known" ] && [ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" \
      "$API/campaigns/$known")" = 200 ]; then
    echo "$known"
    return
  fi
  id=$(create "$1" "demo-campaign-$2-$(date -u +%Y%m%d%H%M%S)" /campaigns "{\"title\":\"$3\",\"description\":\"$8\",\"fundingModel\":\"$4\",\
\"currency\":\"$5\",\"goalMinor\":$6,\"endAt\":\"$(iso_days_ahead "$7")\"}")
  echo "$2=$id" >>"$IDS"
  echo "$id"
}

tier() { # token, campaign id, key, title, min minor, limit (or empty), delivery, description
  local limit="" status
  [ -n "$6" ] && limit=",\"quantityLimit\":$6"
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$API/campaigns/$2/tiers" \
    -H "Authorization: Bearer $1" -H "Idempotency-Key: demo-tier-$3" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$4\",\"description\":\"$8\",\"minPledgeMinor\":$5$limit,\"estimatedDelivery\":\"$7\"}")
  # 409: the campaign was already cancelled by an earlier run
  case "$status" in 200|201|409) ;; *) echo "seed: tier $3 answered $status" >&2; return 1 ;; esac
}

ada=$(token "$ADA" creator ada@crowdfund.local "Ada Lovelace (creator)")
grace=$(token "$GRACE" creator grace@crowdfund.local "Grace Hopper (creator)")
[ -n "$ada" ] && [ -n "$grace" ] || { echo "seed: no dev tokens (is the gateway in local mode?)" >&2; exit 1; }

# Active, all-or-nothing, limited early-bird tiers.
engine=$(campaign "$ada" engine "Analytical Engine desk model" all_or_nothing USD 2500000 30 \
  "A working brass model of the Analytical Engine, punch cards included.")
tier "$ada" "$engine" engine-early "Early bird" 9900 25 2027-05-01 "The model at a discount, first 25 backers"
tier "$ada" "$engine" engine-std "Desk model" 14900 "" 2027-06-01 "The brass model"
tier "$ada" "$engine" engine-signed "Signed edition" 49900 10 2027-06-01 "Numbered and signed"
action "$ada" "$engine" launch

# Active, keep-it-all, zero-decimal currency.
notes=$(campaign "$ada" notes "Notes on the Note G algorithm (book)" keep_it_all JPY 800000 21 \
  "An annotated reprint of the first published algorithm.")
tier "$ada" "$notes" notes-pdf "PDF edition" 1500 "" 2027-02-01 "Digital copy"
tier "$ada" "$notes" notes-print "Hardcover" 4800 200 2027-04-01 "Printed and bound"
action "$ada" "$notes" launch

# Active, ends soon (settles within days).
compiler=$(campaign "$grace" compiler "A-0 compiler retro kit" all_or_nothing EUR 500000 3 \
  "Build the first compiler's toolchain on a breadboard.")
tier "$grace" "$compiler" compiler-kit "Kit" 7500 40 2027-03-01 "All parts and a manual"
action "$grace" "$compiler" launch

# A draft still being prepared.
bug=$(campaign "$grace" bug "The first bug: framed moth replica" all_or_nothing GBP 300000 40 \
  "A museum-quality replica of the 1947 logbook page.")
tier "$grace" "$bug" bug-frame "Framed replica" 6500 100 2027-09-01 "Ready to hang"

# Pledges in every state (each with a fixed Idempotency-Key, so a second run finds the same ones;
# a replay of a pledge to a campaign that has since ended or been cancelled answers the same pledge).
pledge() { # token, key, campaign id, amount minor, currency, payment method; prints the pledge JSON
  curl -sS -X POST "$API/pledges" -H "Authorization: Bearer $1" -H "Idempotency-Key: demo-pledge-$2" \
    -H 'Content-Type: application/json' \
    -d "{\"campaignId\":\"$3\",\"amountMinor\":$4,\"currency\":\"$5\",\"paymentMethodId\":\"$6\",\"country\":\"GB\"}"
}
pledge_id() { jq -r '.id // empty'; }
alan=$(token 00000000-0000-7000-8000-00000000b001 backer alan@crowdfund.local "Alan Turing")
kath=$(token 00000000-0000-7000-8000-00000000b002 backer katherine@crowdfund.local "Katherine Johnson")
admin=$(token 00000000-0000-7000-8000-00000000a001 admin admin@crowdfund.local "Demo admin")

# A cancelled campaign: keep-it-all, so the charge taken at pledge time is refunded (refunded).
cobol=$(campaign "$grace" cobol "COBOL style guide poster" keep_it_all USD 100000 15 "A poster.")
tier "$grace" "$cobol" cobol-poster "Poster" 2500 "" 2027-01-15 "A1 poster"
action "$grace" "$cobol" launch
pledge "$alan" cobol-alan "$cobol" 2500 USD pm_card_visa >/dev/null                              # refunded (campaign cancelled)
action "$grace" "$cobol" cancel '{"reason":"Printer went out of business"}'

# An all-or-nothing campaign that missed its goal, ended now by the admin: its hold is voided (voided).
missed=$(campaign "$grace" missed "Harvard Mark I relay set" all_or_nothing USD 500000 3 \
  "Ended early by the admin below its goal; every hold is voided.")
tier "$grace" "$missed" missed-relay "Relay" 2000 "" 2027-07-01 "One electromechanical relay"
action "$grace" "$missed" launch
pledge "$kath" missed-kath "$missed" 5000 USD pm_card_visa >/dev/null                              # voided (goal missed)
action "$admin" "$missed" end

# An all-or-nothing campaign that met its goal, ended now by the admin: one card fails at capture
# (payment_failed) and is never fixed, so it is dropped when the fix window ends (./crowdfund up runs
# pledge-service with PLEDGE_FIX_WINDOW=10m, so that happens ten minutes after this).
lapsed=$(campaign "$grace" lapsed "UNIVAC mercury delay line" all_or_nothing USD 10000 3 \
  "Ended early by the admin; one backer's card failed at capture and was never replaced.")
tier "$grace" "$lapsed" lapsed-line "Delay line" 3000 "" 2027-07-01 "A mercury delay line (empty)"
action "$grace" "$lapsed" launch
pledge "$alan" lapsed-alan "$lapsed" 10000 USD pm_card_visa >/dev/null                           # captured at settlement
pledge "$kath" lapsed-kath "$lapsed" 6000 USD pm_card_captureDeclined >/dev/null                 # payment_failed, then dropped
action "$admin" "$lapsed" end
pledge "$alan" compiler-alan "$compiler" 12000 EUR pm_card_visa >/dev/null                       # pending, held
pledge "$kath" compiler-kath "$compiler" 9000 EUR pm_card_authenticationRequired >/dev/null       # requires_action
pledge "$kath" compiler-declined "$compiler" 5000 EUR pm_card_chargeDeclined >/dev/null || true  # failed (card declined)
pledge "$alan" notes-alan "$notes" 4800 JPY pm_card_visa >/dev/null                              # captured (keep-it-all)
cancel_me=$(pledge "$kath" notes-kath "$notes" 1500 JPY pm_card_visa | pledge_id)
[ -n "$cancel_me" ] && curl -sS -o /dev/null -X POST "$API/pledges/$cancel_me:cancel" -H "Authorization: Bearer $kath"  # cancelled, refunded

# A campaign that ends a few minutes after start, so settlement can be watched: all-or-nothing,
# goal met, one card that fails at capture (payment_failed). Campaigns run at least a day, so the
# end comes through the admin's POST /campaigns/{id}:end (local mode; the deadline job's path).
demo=$(campaign "$grace" settles "Difference Engine No. 2 (settles in minutes)" all_or_nothing USD 20000 3 \
  "Ends a few minutes after ./crowdfund up; watch GET /api/v1/campaigns/{id}/settlement.")
tier "$grace" "$demo" settles-model "Brass section" 5000 "" 2027-08-01 "A cast section of the engine"
action "$grace" "$demo" launch
pledge "$alan" settles-alan "$demo" 15000 USD pm_card_visa >/dev/null
pledge "$kath" settles-kath "$demo" 8000 USD pm_card_captureDeclined >/dev/null
ends_in="${SEED_SETTLE_AFTER_SECONDS:-180}"
( sleep "$ends_in" && curl -sS -o /dev/null -X POST "$API/campaigns/$demo:end" -H "Authorization: Bearer $admin" ) \
  >/dev/null 2>&1 &

echo "seeded demo campaigns: $engine $notes $compiler (active), $bug (draft), $cobol (cancelled), $missed $lapsed (ended), $demo (ends in ${ends_in}s)"
