#!/usr/bin/env bash
# The FAT lane: every fixture root of the adapters' e2e scenarios on exFAT
# (exfat-fuse on a loop device): no links, no mode bits, case-insensitive
# names. fusefat (FAT12/16/32) is not used: its directory rename loses the
# directory's entries (seen with fusefat 0.1 on Debian 12), and the kernel
# here has no vfat. Runs as root (loop device, FUSE mount).
source "$(dirname "$0")/lib.sh"
need_packages exfat
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tf-exfat-lane-XXXXXX")
truncate -s 512M "$WORK/exfat.img"
mkfs.exfat "$WORK/exfat.img" >/dev/null
LOOP=$(losetup -f --show "$WORK/exfat.img")
mkdir "$WORK/mnt"
cleanup() {
  umount "$WORK/no-rename" 2>/dev/null || true
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
# A filesystem without rename (a FUSE passthrough): the engine names it as the cause.
mkdir "$WORK/backing" "$WORK/no-rename"
/usr/bin/python3 scripts/lanes/no-rename-fs.py "$WORK/backing" "$WORK/no-rename" &
for _ in $(seq 50); do mountpoint -q "$WORK/no-rename" && break; sleep 0.1; done
TEMP_FIXTURES_LANE_NO_RENAME="$WORK/no-rename" lane_vitest temp-fixtures test/fixture/unsupported-fs.test.ts
echo "exfat lane: ok"
