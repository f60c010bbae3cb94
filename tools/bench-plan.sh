#!/usr/bin/env bash
# Measures `plan --stack <stack>` end to end as a process (runtime start-up included) against the Release build,
# and prints the median. Fails when the median passes the budget (default 1000 ms).
#   tools/bench-plan.sh [stack]        RUNS=30 BUDGET_MS=1000 tools/bench-plan.sh prod
# Uses hyperfine when installed (apt-get install hyperfine), else a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:-prod}
runs=${RUNS:-30}
budget_ms=${BUDGET_MS:-1000}
dll=tools/Plan/bin/Release/net10.0/plan.dll

dotnet build tools/Plan -c Release -nologo -v quiet >/dev/null
dotnet "$dll" --stack "$stack" >/dev/null # fails here, not in the loop, if the stack does not plan

if command -v hyperfine >/dev/null 2>&1; then
  report=$(mktemp)
  trap 'rm -f "$report"' EXIT
  hyperfine --warmup 3 --runs "$runs" -N --export-json "$report" "dotnet $dll --stack $stack"
  median_ms=$(grep -o '"median": *[0-9.e-]*' "$report" | head -1 | awk '{ printf "%d", $2 * 1000 }')
else
  for _ in 1 2 3; do dotnet "$dll" --stack "$stack" >/dev/null; done
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    dotnet "$dll" --stack "$stack" >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  median_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }')
fi

echo "plan --stack $stack: median ${median_ms} ms over ${runs} runs (budget ${budget_ms} ms)"
[ "$median_ms" -lt "$budget_ms" ]
