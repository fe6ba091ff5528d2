#!/usr/bin/env bash
# Every platform lane that runs on this Linux host, one after the other,
# each timed (the no-/proc lane without its ownership e2e, for CI's time:
# `pnpm lane:no-proc` runs them). Needs root (mount namespaces, a loop
# device, FUSE, apt).
source "$(dirname "$0")/lib.sh"
run_lane() {
  local started
  started=$(date +%s)
  bash "scripts/lanes/$1.sh" "${@:2}"
  echo "lane $1: $(($(date +%s) - started)) s"
}
run_lane linked-tmpdir
run_lane exfat
run_lane windows
run_lane no-proc --quick
