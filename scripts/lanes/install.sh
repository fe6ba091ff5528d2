#!/usr/bin/env bash
# Installs what the lanes need from Debian in one apt run, so that `.ci/run`
# can do it in the background while the tests run (the lanes then find it
# there; each lane still installs what it lacks when run alone).
source "$(dirname "$0")/lib.sh"
need_packages windows exfat
