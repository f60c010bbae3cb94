#!/usr/bin/env bash
# Writes the cost estimate of each committed stack, as `plan --format markdown` prints it, into README.md between
# the markers <!-- cost:<stack> --> and <!-- /cost:<stack> -->. tools/Plan.Tests fails when the README is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tools/Plan -c Release -nologo -v quiet >/dev/null
for stack in dev prod; do
  section=$(mktemp)
  dotnet tools/Plan/bin/Release/net10.0/plan.dll --stack "$stack" --format markdown \
    | awk '/^#### Monthly cost estimate/{found=1; next} found' | sed -e '/./,$!d' >"$section"
  awk -v start="<!-- cost:$stack -->" -v end="<!-- /cost:$stack -->" -v file="$section" '
    $0 == start { print; while ((getline line < file) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0 }
    !skipping { print }' README.md >README.md.new
  mv README.md.new README.md
  rm -f "$section"
done
# The dev-on-Spot example next to today's dev: the cost section of `plan diff`.
section=$(mktemp)
dotnet tools/Plan/bin/Release/net10.0/plan.dll diff --base Pulumi.dev.yaml --head examples/spot/Pulumi.dev.yaml --format markdown \
  | awk '/^#### Monthly cost/{found=1; next} found' | sed -e '/./,$!d' >"$section"
awk -v start="<!-- cost:dev-spot -->" -v end="<!-- /cost:dev-spot -->" -v file="$section" '
  $0 == start { print; while ((getline line < file) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0 }
  !skipping { print }' README.md >README.md.new
mv README.md.new README.md
rm -f "$section"
