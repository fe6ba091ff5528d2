#!/usr/bin/env bash
# Every platform lane that runs on this Linux host, each timed (the no-/proc
# lane without its ownership e2e, for CI's time: `pnpm lane:no-proc` runs
# them). Needs root (mount namespaces, a loop device, FUSE, apt).
# The Windows lane mostly waits on Wine (about half a core over its two
# minutes), so it runs beside the others; its output follows theirs.
source "$(dirname "$0")/lib.sh"
need_packages windows exfat # once, before two lanes could run apt at the same time
run_lane() {
  local started
  started=$(date +%s)
  bash "scripts/lanes/$1.sh" "${@:2}"
  echo "lane $1: $(($(date +%s) - started)) s"
}
windows_log=$(mktemp)
run_lane windows >"$windows_log" 2>&1 &
windows=$!
# However this script ends, it waits for the Windows lane (its own traps
# clean up after it) and shows that lane's output.
trap 'wait "$windows" 2>/dev/null || true; cat "$windows_log"; rm -f "$windows_log"' EXIT
run_lane linked-tmpdir
run_lane exfat
run_lane no-proc --quick
if ! wait "$windows"; then
  echo "lane windows: failed (its output follows)" >&2
  exit 1
fi
