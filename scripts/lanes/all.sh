#!/usr/bin/env bash
# Every platform lane that runs on this Linux host, one after the other,
# each timed. Needs root (mount namespaces, a loop device, FUSE, apt).
source "$(dirname "$0")/lib.sh"
for lane in linked-tmpdir exfat windows no-proc; do
  started=$(date +%s)
  bash "scripts/lanes/$lane.sh"
  echo "lane $lane: $(($(date +%s) - started)) s"
done
