#!/usr/bin/env bash
# The FAT lane: every fixture root of the adapters' e2e scenarios on exFAT
# (exfat-fuse on a loop device): no links, no mode bits, case-insensitive
# names. fusefat (FAT12/16/32) is not used: its directory rename loses the
# directory's entries (seen with fusefat 0.1 on Debian 12), and the kernel
# here has no vfat. Runs as root (loop device, FUSE mount).
source "$(dirname "$0")/lib.sh"
need mkfs.exfat exfatprogs
need mount.exfat-fuse exfat-fuse
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tf-exfat-lane-XXXXXX")
truncate -s 512M "$WORK/exfat.img"
mkfs.exfat "$WORK/exfat.img" >/dev/null
LOOP=$(losetup -f --show "$WORK/exfat.img")
mkdir "$WORK/mnt"
cleanup() {
  umount "$WORK/mnt" 2>/dev/null || true
  losetup -d "$LOOP" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mount.exfat-fuse "$LOOP" "$WORK/mnt" >/dev/null
mkdir "$WORK/mnt/roots"
export TEMP_FIXTURES_LANE_ROOTS="$WORK/mnt/roots"
lane_vitest vitest-temp test/keep-policy.test.ts test/platform.e2e.test.ts test/ownership.e2e.test.ts
lane_vitest jest-temp test/ownership.e2e.test.ts
no_links_under "$WORK/mnt/roots"
echo "exfat lane: ok"
