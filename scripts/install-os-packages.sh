#!/usr/bin/env bash
# Install the operating-system packages the tests and benchmarks need that
# pip cannot provide: Chromium (browser tests and screenshots), PostgreSQL and
# Redis (the suite runs against both), and wrk (load for `make bench`).
# Safe to run again: it installs only what is missing.
#
# It needs a Debian-family system (apt-get) and root, or sudo. The tests start
# their own throwaway PostgreSQL and Redis servers (tests/pg.py,
# tests/redis_server.py) and stop them at the end, so the packages' system
# services are neither started nor left enabled here.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ "${WITH_BENCH_TOOLS:-0}" = "1" ]; then
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing OS packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "error: these packages are missing and this user cannot install them: ${need[*]}" >&2
    echo "       install them with your package manager (Debian: apt-get install ${need[*]})" >&2
    exit 1
  fi
else
  SUDO=
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get: install these with your package manager: ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Keep the packages from starting their services while they install (Debian's
# policy-rc.d convention), unless the machine already has a policy of its own.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
# Under systemd, leave no service enabled for the next boot either.
if [ -d /run/systemd/system ]; then
  for package in redis-server postgresql; do
    if [[ " ${need[*]} " == *" $package "* ]]; then
      $SUDO systemctl disable --now "$package" >/dev/null 2>&1 || true
    fi
  done
fi
