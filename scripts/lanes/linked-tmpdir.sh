#!/usr/bin/env bash
# The linked-TMPDIR lane (macOS's layout: TMPDIR under /var, a link to
# /private/var, and private to its user): the temp dir every test and root
# lives in is reached through a link; the adapters' e2e pass and hand tests
# real paths, and tests with unprivileged children do not need to reach it.
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tf-linked-lane-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/private/var/folders"
chmod 755 "$WORK" "$WORK/private" "$WORK/private/var"
# Private, as macOS's per-user /var/folders/../T: nobody cannot reach it.
chmod 700 "$WORK/private/var/folders"
ln -s "$WORK/private/var" "$WORK/var"
export TMPDIR="$WORK/var/folders"
lane_vitest vitest-temp test/keep-policy.test.ts test/platform.e2e.test.ts
lane_vitest jest-temp test/keep-policy.test.ts
lane_vitest temp-fixtures test/fixture/root.test.ts test/fixture/protocol.test.ts \
  test/directory.test.ts test/secure-write.test.ts
echo "linked-tmpdir lane: ok"
