#!/usr/bin/env bash
# Runs one case of the bad-input catalogue (cases.txt) against the built geoevent and checks
# what the catalogue promises: the exit code, the message on stderr, a `hint:` line after
# every error, no temporary file left behind, and — when the run fails — nothing written.
# Usage: run_case.sh GEOEVENT SOURCE_DIR DEFAULT_INDEX CASE_ID
set -uo pipefail
exe=$1 S=$2 G=$3 id=$4
D=$S/tests/bad_inputs/files
line=$(grep -E "^${id} \| " "$S/tests/bad_inputs/cases.txt") || { echo "no case '$id' in cases.txt"; exit 1; }
IFS=$'\x1f' read -r _ expect_code pattern setup command after <<<"${line// | /$'\x1f'}"

T=$(mktemp -d) && logs=$(mktemp -d) || exit 1
trap 'rm -rf "$T" "$logs"' EXIT
cd "$T" || exit 1
export S D G T
if [[ -n $setup && $setup != "-" ]]; then
  bash -euo pipefail -c "$setup" || { echo "setup failed: $setup"; exit 1; }
fi
# A refresh's lock file stays by design (flock on a persistent file), so it is not "output".
snapshot() { find "$T" ! -name '*.lock' -printf '%p %s\n' | sort; }
before=$(snapshot)

eval "args=($command)"
"$exe" "${args[@]}" >"$logs/out" 2>"$logs/err" </dev/null
code=$?

fail() { echo "FAIL [$id] $*"; echo "--- command: geoevent ${args[*]}"; echo "--- stderr:"; cat "$logs/err"; exit 1; }
[[ $code == "$expect_code" ]] || fail "exit code $code, expected $expect_code"
grep -Eq -- "$pattern" "$logs/err" || fail "stderr does not match /$pattern/"
if ((code != 0)); then
  grep -q '^geoevent: error: ' "$logs/err" || fail "no 'geoevent: error:' line"
  grep -q '^hint: ' "$logs/err" || fail "no 'hint:' line telling what to do"
  after_files=$(snapshot)
  [[ $before == "$after_files" ]] || fail "a failed run changed the directory:
$(diff <(echo "$before") <(echo "$after_files"))"
fi
leftovers=$(find "$T" -name '*.tmp-*' -o -name '.*.tmp*')
[[ -z $leftovers ]] || fail "temporary files left behind: $leftovers"
if [[ -n ${after:-} && $after != "-" ]]; then
  bash -euo pipefail -c "$after" || fail "check after the run failed: $after"
fi
echo "ok [$id] exit $code, stderr matches /$pattern/"
