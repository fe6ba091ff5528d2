# Shared by the lane scripts: run from the repo root, packages built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PNPM=(npx -y pnpm@10.34.8)

# The Debian packages the named lanes lack: missing_packages windows exfat
missing_packages() {
  local lane
  for lane in "$@"; do
    case $lane in
      windows) [ -x /usr/lib/wine/wine64 ] || echo wine64 ;;
      exfat)
        command -v mkfs.exfat >/dev/null 2>&1 || echo exfatprogs
        command -v mount.exfat-fuse >/dev/null 2>&1 || echo exfat-fuse
        [ -f /usr/lib/python3/dist-packages/fusepy.py ] || echo python3-fusepy
        ;;
    esac
  done
}

# Installs what the named lanes lack in one apt run (CI and sessions run as root).
need_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return
  echo "lane: installing ${missing[*]} from Debian"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Runs test files of one package with its own Vitest: lane_vitest <package> <files...>
lane_vitest() {
  local pkg=$1
  shift
  "${PNPM[@]}" --filter "$pkg" exec vitest run "$@"
}

# Fails when anything below $1 is a symbolic link (the engine's protocol makes none).
no_links_under() {
  local found
  found=$(find "$1" -type l | head -5)
  if [ -n "$found" ]; then
    echo "lane: links under $1:"
    echo "$found"
    return 1
  fi
}
