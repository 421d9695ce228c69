#!/usr/bin/env bash
# Installs the system components the test suite uses, where they are missing (Debian/Ubuntu):
#   chromium            headless browser that renders the HTML report in the tests
#   fonts-wqy-microhei  a small CJK font, so Chinese reports render in screenshots
#   postgresql          a throwaway PostgreSQL server started by the tests (live database sources)
#   mariadb-server      a throwaway MariaDB server started by the tests
#   default-jre-headless  Java for PySpark in local mode (the Spark executor's tests)
# Idempotent: installs nothing when everything is there. Uses sudo when not run as root.
# Under CI=true the tests fail (never skip) when one of these is missing.
set -euo pipefail

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; }
have_mariadb() { command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; }

need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
have_postgres || need+=(postgresql)
have_mariadb || need+=(mariadb-server)
command -v java >/dev/null || need+=(default-jre-headless)

if [ ${#need[@]} -eq 0 ]; then
  echo "setup-test-env: every component is installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-test-env: missing ${need[*]}; install them with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup-test-env: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start the distribution's own servers: the tests start their own.
if [ -z "$sudo" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${need[@]}"
