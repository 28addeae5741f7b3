#!/usr/bin/env bash
# Runs every curl example of README.md and docs/ENDPOINTS.md against a running staticflux, as a new user
# would on a fresh clone (./mvnw spring-boot:run from the repository root: ./www, ./application.yml), and
# fails on an example that answers 404 or 5xx, cannot connect, or evicts nothing.
#
#   bench/check-examples.sh                      # against localhost:8080 and 127.0.0.1:8081
#   FILES=localhost:18941 ACTUATOR=127.0.0.1:18942 bench/check-examples.sh
#
# An example that is meant to answer 4xx says so in its comment ("# 404", "# 412", ...).
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-localhost:8080}
ACTUATOR=${ACTUATOR:-127.0.0.1:8081}
failures=0
CURL="curl --max-time 10 -sS -w '\nstatus=%{http_code}' "
examples() {
	# The ```sh block of README.md's "Endpoints" and every curl line of docs/ENDPOINTS.md, in order.
	awk '/^## Endpoints/{on=1} on && /^curl /{print} /^## Documentation/{on=0}' README.md
	grep -E '^curl ' docs/ENDPOINTS.md
}
while IFS= read -r line; do
	command=${line%%#*}
	comment=${line#"$command"}
	command=${command//localhost:8080/$FILES}
	command=${command//127.0.0.1:8081/$ACTUATOR}
	expected_4xx=0
	[[ $comment =~ \#\ *4[0-9][0-9] ]] && expected_4xx=1
	if [[ $command == *"| "* ]]; then
		# A pipeline (curl ... | grep ...): it must succeed and print something.
		output=$(bash -c "$command" 2>&1 || true)
		if [[ -z $output ]]; then echo "FAIL (no output): $line"; failures=$((failures + 1)); else echo "ok: $line"; fi
		continue
	fi
	output=$(bash -c "${command/curl /$CURL}" 2>&1) || {
		# -N (the event stream) never ends by itself: a timeout after a 200 is what it should do.
		[[ $command == *" -N "* && $output == *": 200"* ]] || [[ $command == *" -N "* && $output == *"data:"* ]] \
			|| { echo "FAIL (curl error): $line"; echo "$output" | tail -2; failures=$((failures + 1)); continue; }
		echo "ok: $line"
		continue
	}
	status=${output##*status=}
	if [[ ! $status =~ ^[0-9]{3}$ ]] || [[ $status -ge 500 ]] || { [[ $status -ge 400 ]] && [[ $expected_4xx == 0 ]]; }; then
		echo "FAIL ($status): $line"
		failures=$((failures + 1))
	elif [[ $command == *"-X DELETE"*"path="* && $output == *'"evicted":0'* ]]; then
		echo "FAIL (evicted nothing): $line"
		failures=$((failures + 1))
	else
		echo "ok ($status): $line"
	fi
done < <(examples)
echo "$failures failing example(s)"
[[ $failures == 0 ]]
