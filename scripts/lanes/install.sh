#!/usr/bin/env bash
# Installs what the lanes need from Debian, so that `.ci/run` can do it in
# the background while the tests run (the lanes then find it there).
source "$(dirname "$0")/lib.sh"
need_windows_packages
need_exfat_packages
