#!/usr/bin/env bash
# The AWS emulator of the `emulated` target and the Python tools around it, in one venv:
#   $STACKGATE_TOOLS/venv-moto   moto[server] (moto_server), boto3, awscli (aws), python-hcl2
# python-hcl2 is here because stack-aws's tests parse terraform/ to hold the deployer's resource
# list against the HCL. Nothing happens when the venv already has exactly these versions.
# Without python3 (and its venv module) it prints the exact command and fails.
set -euo pipefail

tools="${STACKGATE_TOOLS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools}"
venv="$tools/venv-moto"
python="${PYTHON:-python3}"

# The versions the tests were measured with (moto >= 5.2.3: the availability-zone filter).
readonly PINS=(moto[server]==5.2.5 boto3==1.44.8 awscli==1.46.3 python-hcl2==8.1.4)

installed() {
  [[ -x "$venv/bin/moto_server" && -x "$venv/bin/aws" ]] || return 1
  "$venv/bin/python" - "${PINS[@]}" <<'PY' 2>/dev/null
import importlib.metadata as m, sys
for pin in sys.argv[1:]:
    name, version = pin.split("==")
    if m.version(name.split("[")[0]) != version:
        sys.exit(1)
PY
}

installed && exit 0

if ! command -v "$python" >/dev/null 2>&1; then
  echo "stackgate needs python3 for moto (the emulated AWS target)" >&2
  echo "install it with:  sudo apt-get update && sudo apt-get install -y python3 python3-venv" >&2
  exit 1
fi
echo "setting up $venv with ${PINS[*]} (pip) ..." >&2
if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -m venv "$venv" >&2; then
    rm -rf "$venv"
    echo "$python -m venv $venv failed; Debian's python3 needs:  sudo apt-get install -y python3-venv" >&2
    exit 1
  fi
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >&2; then
  echo "failed: $venv/bin/python -m pip install ${PINS[*]}" >&2
  exit 1
fi
installed || { echo "$venv does not hold ${PINS[*]} after pip install" >&2; exit 1; }
