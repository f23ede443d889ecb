#!/usr/bin/env bash
# for: local emulated
# Debian packages stackgate runs: prometheus, alertmanager, node exporter, haproxy (apt).
# Debian/Ubuntu as root: installs with apt. Otherwise: prints the exact command and fails.
set -euo pipefail

# binary -> Debian package
declare -A PACKAGES=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [amtool]=prometheus-alertmanager
  [prometheus-node-exporter]=prometheus-node-exporter
  [haproxy]=haproxy
  [nft]=nftables
  [ip]=iproute2
)

missing=()
for bin in "${!PACKAGES[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${PACKAGES[$bin]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "stackgate needs: ${missing[*]}" >&2
  echo "install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
$cmd -qq >&2
# Debian's packages start their services where systemd runs; stackgate starts its own processes.
for svc in prometheus prometheus-alertmanager prometheus-node-exporter haproxy; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" >/dev/null 2>&1 || true
  fi
done
