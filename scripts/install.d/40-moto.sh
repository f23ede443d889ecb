#!/usr/bin/env bash
# for: emulated
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
readonly PINS=("moto[server]==5.2.5" "boto3==1.44.8" "awscli==1.46.3" "python-hcl2==8.1.4")

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
# A venv somebody else made (another user, another python) is never removed or written over here:
# it may be the one their runs use. Say what is wrong with it and how to get one of your own.
if [[ -e "$venv" ]] && ! "$venv/bin/python" -c '' 2>/dev/null; then
  echo "$venv exists but its python ($(readlink -m "$venv/bin/python")) does not run as $(id -un)." >&2
  echo "re-run ./scripts/install-tools as the user who made it (a broken one of yours: remove it first), or give yourself a tools folder:  STACKGATE_TOOLS=\$HOME/.stackgate-tools ./scripts/install-tools" >&2
  exit 1
fi
echo "setting up $venv with ${PINS[*]} (pip) ..." >&2
if [[ ! -e "$venv" ]]; then
  if ! "$python" -m venv "$venv" >&2; then
    rm -rf "$venv" # only what this run just created
    echo "$python -m venv $venv failed; Debian's python3 needs:  sudo apt-get install -y python3-venv" >&2
    exit 1
  fi
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >&2; then
  echo "failed: $venv/bin/python -m pip install ${PINS[*]}" >&2
  exit 1
fi
installed || { echo "$venv does not hold ${PINS[*]} after pip install" >&2; exit 1; }
