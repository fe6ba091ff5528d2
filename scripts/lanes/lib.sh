# Shared by the lane scripts: run from the repo root, packages built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PNPM=(npx -y pnpm@10.34.8)

# Installs Debian package $2 unless command $1 exists (CI and sessions run as root).
need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "lane: installing $2 from Debian"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# What each lane needs from Debian (`install.sh` installs both at once).
need_windows_packages() {
  [ -x /usr/lib/wine/wine64 ] || need wine64 wine64
}
need_exfat_packages() {
  need mkfs.exfat exfatprogs
  need mount.exfat-fuse exfat-fuse
  [ -f /usr/lib/python3/dist-packages/fusepy.py ] || need fusepy-missing python3-fusepy
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
