#!/usr/bin/env bash
# The no-/proc lane (macOS/BSD behaviour on Linux): a private mount
# namespace with an empty tmpfs over /proc, so the engine finds no
# /proc/self/fd (removal takes the path walk), no /proc/<pid>/stat (no
# start times, no zombie check) and O_TMPFILE is still Linux's. Runs the
# core suite (tests that observe through /proc skip themselves, each with
# its reason) and both adapters' keep-policy and ownership e2e. With
# --quick (as .ci/run runs it, for time) the ownership e2e are left out.
source "$(dirname "$0")/lib.sh"
if [ "${TF_IN_LANE:-}" != no-proc ]; then
  exec unshare -m --propagation private env TF_IN_LANE=no-proc bash "$0" "$@"
fi
# The test harness observes processes (alive, zombie) through the real
# procfs, moved aside; the code under test sees none.
mkdir -p /run/tf-observer-proc
mount --bind /proc /run/tf-observer-proc
export TEMP_FIXTURES_OBSERVER_PROC=/run/tf-observer-proc
mount -t tmpfs none /proc
ownership=(test/ownership.e2e.test.ts)
[ "${1:-}" = --quick ] && ownership=()
lane_vitest temp-fixtures
lane_vitest vitest-temp test/keep-policy.test.ts test/platform.e2e.test.ts "${ownership[@]}"
lane_vitest jest-temp test/keep-policy.test.ts "${ownership[@]}"
echo "no-proc lane: ok"
