# shellcheck shell=bash
# go_install NAME PACKAGE@VERSION MIN_GO [LDFLAGS]: builds a Go main package from the Go module proxy
# into $STACKGATE_TOOLS/bin/NAME (`go install`, so the package's last path element is the binary it
# writes). Without a Go toolchain: prints the exact command and returns 1. Built next to the target
# (same filesystem) and renamed into place, so a concurrent run sees no binary or a whole one.
# Sourced by the scripts/install.d pieces that install such a binary; the no-op check stays with each.
go_install() {
  local name=$1 package=$2 min_go=$3 ldflags=${4:-}
  local tools="${STACKGATE_TOOLS:?STACKGATE_TOOLS must point at the tool cache (scripts/install-tools sets it)}"
  local target="$tools/bin/$name" built="${package%@*}" go tmp cmd flags=""
  built="${built##*/}"
  go="$(command -v go || true)"
  [[ -z "$go" && -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go
  [[ -n "$ldflags" ]] && flags=" -ldflags=\"$ldflags\""
  cmd="mkdir -p $tools/bin && GOBIN=$tools/bin go install$flags $package"
  [[ "$built" == "$name" ]] || cmd+=" && mv $tools/bin/$built $target"
  if [[ -z "$go" ]]; then
    echo "$name needs a Go toolchain (>= $min_go) to build $package" >&2
    echo "install Go (https://go.dev/dl/ or: sudo apt-get install -y golang-go), then run:" >&2
    echo "  $cmd" >&2
    return 1
  fi
  echo "building $name ${package#*@} (go module proxy) ..." >&2
  mkdir -p "$tools/bin"
  tmp="$(mktemp -d "$tools/bin/.$name-build.XXXXXX")"
  if ! GOBIN="$tmp" GOFLAGS=-buildvcs=false "$go" install ${ldflags:+-ldflags="$ldflags"} "$package" >&2; then
    rm -rf "$tmp"
    echo "building $name failed; the command was:" >&2
    echo "  $cmd" >&2
    return 1
  fi
  mv -f "$tmp/$built" "$target"
  rm -rf "$tmp"
}
