#!/usr/bin/env bash
# Writes the cost estimate of each committed stack, as `plan --format markdown` prints it, into README.md between
# the markers <!-- cost:<stack> --> and <!-- /cost:<stack> -->, and the dev-on-Spot example's `plan diff` cost
# section between <!-- cost:dev-spot --> and <!-- /cost:dev-spot -->. tools/Plan.Tests fails when the README is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tools/Plan -c Release -nologo -v quiet >/dev/null
plan=tools/Plan/bin/Release/net10.0/plan.dll

# replace_block MARKER HEADING -- PLAN-ARGS...: the plan's section under HEADING replaces the README block MARKER.
replace_block() {
  local marker=$1 heading=$2
  shift 3
  local section
  section=$(mktemp)
  dotnet "$plan" "$@" --format markdown \
    | awk -v heading="$heading" 'index($0, heading) == 1 {found=1; next} found' | sed -e '/./,$!d' >"$section"
  awk -v start="<!-- cost:$marker -->" -v end="<!-- /cost:$marker -->" -v file="$section" '
    $0 == start { print; while ((getline line < file) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0 }
    !skipping { print }' README.md >README.md.new
  mv README.md.new README.md
  rm -f "$section"
}

for stack in dev prod; do
  replace_block "$stack" "#### Monthly cost estimate" -- --stack "$stack"
done
# The dev-on-Spot example next to today's dev.
replace_block dev-spot "#### Monthly cost" -- diff --base Pulumi.dev.yaml --head examples/spot/Pulumi.dev.yaml
