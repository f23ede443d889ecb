#!/usr/bin/env bash
# for: local emulated
# Thanos (sidecar + query) for the local target and the Ansible converge, built once from the Go
# module proxy at a pinned version into $STACKGATE_TOOLS/bin/thanos and reused afterwards.
#
# Why not `go install github.com/thanos-io/thanos/cmd/thanos@VERSION`: the module has replace
# directives, which `go install pkg@version` refuses. So: `go mod download` the module, copy it to
# a writable directory (the module cache is read-only) and `go build` inside it.
# Why the tags: without `netgo,slicelabels` the sidecar panics on the first gRPC call from query
# (the upstream Makefile builds with them too).
# Why GOTOOLCHAIN: v0.42.5's go.mod needs a newer Go than Debian or most images have; a Go >= 1.21
# fetches the named toolchain from the module proxy by itself.
# Cost measured here: ~2 min cold on 2 cores, ~1.6 GB peak memory, a ~133 MB binary.
set -euo pipefail

THANOS_VERSION="v0.42.5"
THANOS_TOOLCHAIN="go1.27.3"
tools="${STACKGATE_TOOLS:?STACKGATE_TOOLS must point at the tools cache (scripts/install-tools sets it)}"
target="$tools/bin/thanos"
stamp="$tools/bin/.thanos-version"

if [[ -x "$target" && -f "$stamp" && "$(cat "$stamp")" == "$THANOS_VERSION" ]]; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "stackgate needs Go (>= 1.21, any version: it fetches $THANOS_TOOLCHAIN itself) to build thanos $THANOS_VERSION" >&2
  echo "install it with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends golang-go" >&2
  echo "then run:         STACKGATE_TOOLS=$tools bash ${BASH_SOURCE[0]}" >&2
  exit 1
fi

echo "building thanos $THANOS_VERSION into $target (once; ~2 min) ..." >&2
export GOTOOLCHAIN="$THANOS_TOOLCHAIN"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
module_dir="$(go mod download -json "github.com/thanos-io/thanos@$THANOS_VERSION" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [[ -z "$module_dir" || ! -d "$module_dir" ]]; then
  echo "go mod download github.com/thanos-io/thanos@$THANOS_VERSION gave no module directory" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/stackgate-thanos.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$module_dir/." "$work/src"
chmod -R u+w "$work/src"
(
  cd "$work/src"
  go build -trimpath -tags netgo,slicelabels \
    -ldflags "-X github.com/prometheus/common/version.Version=${THANOS_VERSION#v}" \
    -o "$work/thanos" ./cmd/thanos
)
"$work/thanos" --version >&2
mv -f "$work/thanos" "$target.tmp"
mv -f "$target.tmp" "$target"
printf '%s' "$THANOS_VERSION" >"$stamp.tmp"
mv -f "$stamp.tmp" "$stamp"
echo "thanos $THANOS_VERSION installed at $target" >&2
