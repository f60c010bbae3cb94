#!/usr/bin/env bash
# Renders every ```mermaid block of README.md with the Mermaid CLI and Debian's Chromium; fails on a parse error.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v dir="$work" '/^```mermaid/{n++; f=sprintf("%s/diagram-%d.mmd", dir, n); inblock=1; next} /^```/{inblock=0} inblock{print > f}' README.md
cat >"$work/puppeteer.json" <<'JSON'
{"executablePath": "/usr/bin/chromium",
 "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]}
JSON
count=0
for diagram in "$work"/diagram-*.mmd; do
  [ -e "$diagram" ] || { echo "mermaid: README.md has no diagram" >&2; exit 1; }
  .ci/node_modules/.bin/mmdc -q -p "$work/puppeteer.json" -i "$diagram" -o "${diagram%.mmd}.svg"
  count=$((count + 1))
done
echo "mermaid: ${count} README diagram(s) rendered"
