#!/usr/bin/env bash
# A newcomer's first hour, scripted (issue #14): pack caseline, install the tarball in a fresh
# consumer project, typecheck against its declarations with skipLibCheck off, run the README's
# library example as written, use caseline/testing without vitest, then back up 100,000 events,
# interrupt their import with Ctrl-C and resume it. Run after `npm test` (it needs dist/), from
# .ci/run or `npm run newcomer`. Prints each step; exits non-zero at the first failure.
#
# NEWCOMER_DIR=<dir>     work there (kept) instead of a temporary directory (removed)
# NEWCOMER_EVENTS=<n>    events in the backup (default 100000)
# NEWCOMER_INTERRUPT=<s> seconds before the import gets SIGINT (default 1)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
helpers="$repo/scripts/newcomer"
events="${NEWCOMER_EVENTS:-100000}"
interrupt_after="${NEWCOMER_INTERRUPT:-1}"
started=$(date +%s)
step_started=$started

steps=0
step() {
  local now
  now=$(date +%s)
  [[ $steps -eq 0 ]] || echo "newcomer: step done in $((now - step_started)) s"
  steps=$((steps + 1))
  step_started=$now
  echo
  echo "newcomer [$((now - started)) s]: $*"
}
fail() {
  echo "newcomer: FAILED: $*" >&2
  exit 1
}

if [[ -n "${NEWCOMER_DIR:-}" ]]; then
  scratch="$NEWCOMER_DIR"
  rm -rf "$scratch" && mkdir -p "$scratch"
else
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
fi
scratch="$(cd "$scratch" && pwd)"
echo "newcomer: working in $scratch"

[[ -f "$repo/dist/src/cli/bin.js" ]] || fail "dist/ is missing: run npm test (or npm run build) first"
version_of() { node -p "require('$repo/node_modules/$1/package.json').version"; }

step "npm pack the repository"
(cd "$repo" && npm pack --silent --pack-destination "$scratch" >/dev/null)
tarball="$(ls "$scratch"/caseline-*.tgz)"
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"

step "create a consumer project and install the tarball (better-sqlite3 compiles here)"
consumer="$scratch/consumer"
mkdir -p "$consumer" && cd "$consumer"
npm init -y >/dev/null
npm pkg set type=module
npm install --prefer-offline --no-audit --no-fund "$tarball"
[[ ! -e node_modules/vitest ]] || fail "vitest was installed with caseline: it must be an optional peer dependency"
echo "installed; vitest is not installed"

caseline="$consumer/node_modules/.bin/caseline"

step "install typescript, @types/node and fast-check from the cache"
npm install --prefer-offline --no-audit --no-fund --save-dev \
  "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)" "fast-check@$(version_of fast-check)"

step "typecheck a consumer file and the README's ts blocks with skipLibCheck: false"
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "build"
  },
  "include": ["check.ts", "example.ts", "readme/*.ts"]
}
JSON
cp "$helpers/check.ts" check.ts
node "$helpers/readme-block.mjs" node_modules/caseline/README.md "Use it as a library" >example.ts
node "$helpers/readme-block.mjs" node_modules/caseline/README.md --all readme
npx tsc -p . || fail "the consumer does not typecheck against caseline's declarations"
echo "check.ts and the README's ts blocks typecheck and compile"

step "run the README's library example as written, in an empty directory"
mkdir -p run && cd run
output="$(timeout 60 node ../build/example.js)" || fail "the README example failed or did not exit"
echo "$output"
grep -q 'c-1001:first_response' <<<"$output" || fail "the README example printed no first-response clock"
cd "$consumer"

step "use caseline/testing's generators without vitest"
cp "$helpers/generators.mjs" generators.mjs
node generators.mjs
if node --input-type=module -e "await import('caseline/testing/contract')" 2>/dev/null; then
  fail "caseline/testing/contract loaded without vitest"
fi
echo "caseline/testing/contract needs vitest, as documented"

step "back up $events generated events with caseline events"
cp "$helpers/backup.mjs" backup.mjs
node backup.mjs gen.db "$events"
"$caseline" events --store gen.db >backup.jsonl
lines=$(wc -l <backup.jsonl)
[[ "$lines" -eq "$events" ]] || fail "backup.jsonl has $lines lines, not $events"
echo "backup.jsonl: $lines lines, $(du -m backup.jsonl | cut -f1) MB"

step "import the backup, interrupted by SIGINT ${interrupt_after} s after it began storing"
# Job control on, so that the background import does not start with SIGINT ignored, as a
# non-interactive shell's background jobs otherwise do: it gets Ctrl-C as a user's terminal sends it.
set -m
"$caseline" import jsonl backup.jsonl --store s.db >import1.out 2>import1.err &
importer=$!
set +m
# Ctrl-C once the import has begun to store events (the file exists), not while node starts up.
for _ in $(seq 1 300); do [[ -e s.db ]] && break; sleep 0.1; done
sleep "$interrupt_after"
kill -INT -- -"$importer" 2>/dev/null || true # the whole job, as Ctrl-C in a terminal
set +e
wait "$importer"
interrupted=$?
set -e
cat import1.out import1.err
[[ "$interrupted" -ne 0 ]] || fail "the import finished within ${interrupt_after} s, before the interrupt: raise NEWCOMER_EVENTS"
[[ "$interrupted" -eq 130 ]] || fail "the interrupted import exited $interrupted, not 130"
grep -q 'interrupted' import1.out import1.err || fail "the interrupted import did not say it was interrupted"
partial=0
[[ ! -e s.db ]] || partial=$("$caseline" events --store s.db | wc -l)
echo "exit 130; $partial of $events events stored before the interrupt"
[[ "$partial" -gt 0 ]] || echo "newcomer: note: nothing was stored before the interrupt, so the rerun imports it all"

step "rerun the import: it resumes, skipping the events already stored"
"$caseline" import jsonl backup.jsonl --store s.db || fail "the resumed import failed"

step "compare the restored log with the backup"
"$caseline" events --store s.db >restored.jsonl
node "$helpers/compare-logs.mjs" backup.jsonl restored.jsonl

now=$(date +%s)
echo
echo "newcomer: all steps passed in $((now - started)) s"
