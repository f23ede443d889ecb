#!/usr/bin/env bash
# for: local
# Toxiproxy (latency / timeout toxics for the slow-link faults: this kernel has no netem qdisc).
# Built from the Go module proxy into $STACKGATE_TOOLS/bin/toxiproxy-server. No-op when that binary
# is already there at the pinned version; without a Go toolchain: prints the exact command and fails.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib/go-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/go-install.sh"

version=v2.5.0
module=github.com/Shopify/toxiproxy/v2
target="${STACKGATE_TOOLS:?STACKGATE_TOOLS must point at the tool cache (scripts/install-tools sets it)}/bin/toxiproxy-server"

if [[ -x "$target" ]] && "$target" -version 2>/dev/null | grep -qx "toxiproxy-server version ${version#v}"; then
  exit 0
fi
# -X sets the version the binary reports (a plain `go install` reports "git"), which the no-op check reads
go_install toxiproxy-server "$module/cmd/server@$version" 1.19 "-X $module.Version=${version#v}"
"$target" -version >&2
