#!/usr/bin/env bash
# Install Debian's `prometheus` package (ships /usr/bin/prometheus and /usr/bin/promtool) when either
# binary is missing. Idempotent: a no-op when both are on PATH.
#
# The package's maintainer scripts would normally start a Prometheus service on :9090. The tests
# start their own server on a free port, so a service must never be left running: a temporary
# policy-rc.d forbids service starts during the install, recommends (node-exporter on :9100) are not
# installed, the service is stopped and disabled at boot in case the init system started it anyway,
# and a packaged daemon still running afterwards is reported (never killed: tests use free ports).
set -euo pipefail

have_all() { command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; }

# Cannot install here: fatal in CI (the tests need the binaries), a warning elsewhere (the promtool
# and real-Prometheus tests then skip, saying why).
cannot() {
    echo "install-prometheus: $*" >&2
    if [ -n "${CI:-}" ]; then exit 1; fi
    echo "install-prometheus: continuing without it (the Prometheus tests will skip)" >&2
    exit 0
}

if have_all; then
    echo "install-prometheus: already present: $(promtool --version 2>&1 | head -1)"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    cannot "prometheus/promtool missing and apt-get not available; install Prometheus (server + promtool) by hand"
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else
        cannot "need root (or passwordless sudo) to apt-get install prometheus"
    fi
fi

policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
    # 101 = "action forbidden": invoke-rc.d / deb-systemd-invoke will not start the service.
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 0755 "$policy"
    created_policy=1
fi
cleanup() { if [ -n "$created_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null

# Belt and braces: whatever started anyway is stopped and will not come back at boot.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --now prometheus.service >/dev/null 2>&1 || true
else
    if [ -x /etc/init.d/prometheus ]; then
        $SUDO /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null 2>&1; then
        $SUDO update-rc.d prometheus disable >/dev/null 2>&1 || true
    fi
fi
# A daemon started by the package runs as user `prometheus`; the tests' servers never do. Say so
# loudly rather than kill anything: the tests use free ports, so it cannot collide with them.
if command -v pgrep >/dev/null 2>&1 && pgrep -u prometheus -x prometheus >/dev/null 2>&1; then
    echo "install-prometheus: WARNING: a packaged prometheus daemon is running (pid" \
         "$(pgrep -u prometheus -x prometheus | tr '\n' ' '))" >&2
fi

if ! have_all; then
    echo "install-prometheus: install finished but prometheus/promtool are still missing" >&2
    exit 1
fi
echo "install-prometheus: installed $(promtool --version 2>&1 | head -1)"
