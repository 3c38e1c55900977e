#!/bin/sh
# Debian packages that only the tests or the benchmark need, installed where missing; needs root (as on CI) or
# sudo. Arguments: command:package pairs. Default, for the test gates: Debian's Chromium (never a browser
# download) and a Java runtime for the Nu HTML checker. `invoke bench` asks for hugo:hugo (its yardstick).
set -e
[ $# -gt 0 ] || set -- chromium:chromium java:default-jre-headless
missing=""
for pair in "$@"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
