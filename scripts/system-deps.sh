#!/bin/sh
# System packages the test gates need: Debian's Chromium (never a browser download) and a Java runtime
# for the Nu HTML checker. Installs only what is missing; needs root (as on CI) or sudo.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
