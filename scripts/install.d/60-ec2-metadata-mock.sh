#!/usr/bin/env bash
# for: tests
# amazon-ec2-metadata-mock (an EC2 instance metadata service, IMDSv2 tokens on request): the
# ansible gates run bootstrap.yml against it. Built from the Go module proxy into
# $STACKGATE_TOOLS/bin/ec2-metadata-mock. No-op when that binary is already there at the pinned
# version; without a Go toolchain: prints the exact command and fails.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib/go-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/go-install.sh"

version=v1.13.0
target="${STACKGATE_TOOLS:?STACKGATE_TOOLS must point at the tool cache (scripts/install-tools sets it)}/bin/ec2-metadata-mock"

# --version prints the version embedded in the module (pkg/cmd/root/version.txt), without a newline
if [[ -x "$target" ]] && [[ "$("$target" --version 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
# the main package is cmd/ec2-metadata-mock (cmd/ itself has none)
go_install ec2-metadata-mock "github.com/aws/amazon-ec2-metadata-mock/cmd/ec2-metadata-mock@$version" 1.23
echo "ec2-metadata-mock $("$target" --version)" >&2
