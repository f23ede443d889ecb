#!/usr/bin/env bash
# Static gates of stackgate's terraform/ tree (no terraform binary, no AWS):
#   hcl            every .tf parses; module wiring and the tfvars contract hold
#   hcl-self-test  the hcl gate rejects known-bad tfvars and module trees
#   checkov        zero failed checks, every skip has a reason, required checks pass
#   user-data      rendered bootstrap/bake scripts: shellcheck-clean, contract calls
#
# Works from any directory. Creates the tool venvs under <repo>/.tools when
# missing (checkov and python-hcl2 both provide an `hcl2` module, hence two
# venvs) and installs shellcheck with apt when missing and running as root.
# Prints one summary line, "terraform-gates: N passed, M failed", and exits
# non-zero when any gate failed.
#
#   terraform/tests/run-gates.sh [TFVARS_JSON ...]   (default: the seed fixture)
set -uo pipefail

readonly TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly TERRAFORM_DIR="$(dirname "$TESTS_DIR")"
readonly REPO_DIR="$(dirname "$TERRAFORM_DIR")"
readonly CHECKOV_VENV="$REPO_DIR/.tools/venv-terraform"
readonly HCL_VENV="$REPO_DIR/.tools/venv-hcl"
readonly CHECKOV_VERSION="3.3.30"
readonly HCL2_VERSION="8.1.4"
readonly PYTHON="${PYTHON:-python3}"

# Checks that must PASS somewhere in the tree (a skip does not count).
readonly REQUIRED_CHECKS=(
  CKV_AWS_79                                            # IMDSv2 required
  CKV_AWS_42                                            # EFS encrypted
  CKV_AWS_2 CKV_AWS_103                                 # HTTPS listener, TLS 1.2+
  CKV_AWS_19 CKV_AWS_21 CKV2_AWS_6                      # S3 encrypted, versioned, public access blocked
  CKV_AWS_23 CKV_AWS_24 CKV_AWS_25 CKV_AWS_260 CKV_AWS_277  # security group rules
  CKV2_AWS_20                                           # HTTP redirects to HTTPS
)

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

passed=0
failed=0
failed_gates=()

log() {
  echo "run-gates: $*"
}

run_gate() {
  local name="$1"
  shift
  local started=$SECONDS
  echo
  log "---- $name"
  if "$@"; then
    passed=$((passed + 1))
    log "---- $name PASSED ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1))
    failed_gates+=("$name")
    log "---- $name FAILED ($((SECONDS - started)) s)"
  fi
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    log "need $* but not root: install it with apt-get install $*"
    return 1
  fi
  # Another apt run may hold the dpkg lock; wait for it instead of failing.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "$@" >"$WORK_DIR/apt.log" 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -q >>"$WORK_DIR/apt.log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "$@" >>"$WORK_DIR/apt.log" 2>&1; } \
    || { log "apt-get install $* failed:"; tail -20 "$WORK_DIR/apt.log"; return 1; }
}

# ensure_venv DIR PACKAGE VERSION: a venv with exactly PACKAGE==VERSION, created only when missing.
ensure_venv() {
  local venv="$1" package="$2" version="$3"
  if [ -x "$venv/bin/python" ] \
    && "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$package') != '$version')" 2>/dev/null; then
    return 0
  fi
  log "setting up $venv with $package==$version"
  if [ ! -x "$venv/bin/python" ]; then
    if ! "$PYTHON" -m venv "$venv" >"$WORK_DIR/venv.log" 2>&1; then
      # Debian's python3 lacks ensurepip until python3-venv is installed.
      rm -rf "$venv"
      apt_install python3-venv || return 1
      "$PYTHON" -m venv "$venv" || return 1
    fi
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$package==$version" \
    || { log "pip install $package==$version into $venv failed"; return 1; }
}

setup() {
  mkdir -p "$REPO_DIR/.tools"
  ensure_venv "$HCL_VENV" python-hcl2 "$HCL2_VERSION" || return 1
  ensure_venv "$CHECKOV_VENV" checkov "$CHECKOV_VERSION" || return 1
  if ! command -v shellcheck >/dev/null 2>&1; then
    apt_install shellcheck || return 1
  fi
}

hcl_gate() {
  "$HCL_VENV/bin/python" "$TESTS_DIR/hcl_gate.py" "$@"
}

hcl_self_test() {
  "$HCL_VENV/bin/python" "$TESTS_DIR/hcl_gate.py" --self-test
}

checkov_gate() {
  local report="$WORK_DIR/checkov.json"
  local command=("$CHECKOV_VENV/bin/checkov" -d "$TERRAFORM_DIR" --framework terraform
    --compact --skip-download -o json)
  # checkov would call its vendor's API and PyPI; --skip-download and the
  # variables below turn that off, and an empty network namespace (when this
  # machine allows one) guarantees it.
  if unshare -n true 2>/dev/null; then
    command=(unshare -n "${command[@]}")
  else
    log "note: cannot create a network namespace; relying on checkov's offline switches"
  fi
  BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE \
    "${command[@]}" >"$report" 2>"$WORK_DIR/checkov.err"
  local status=$?
  # checkov exits 1 when a check fails; the report decides. Anything else is a crash.
  if [ "$status" -gt 1 ] || [ ! -s "$report" ]; then
    log "checkov did not produce a report (exit $status):"
    tail -20 "$WORK_DIR/checkov.err"
    return 1
  fi
  "$HCL_VENV/bin/python" "$TESTS_DIR/checkov_report.py" "$report" "${REQUIRED_CHECKS[@]}"
}

user_data_gate() {
  "$HCL_VENV/bin/python" "$TESTS_DIR/user_data_gate.py"
}

main() {
  local started=$SECONDS
  if ! setup; then
    log "tool setup failed"
    echo "terraform-gates: 0 passed, 1 failed"
    return 1
  fi
  run_gate hcl hcl_gate "$@"
  run_gate hcl-self-test hcl_self_test
  run_gate checkov checkov_gate
  run_gate user-data user_data_gate
  echo
  if [ "$failed" -gt 0 ]; then
    log "failed gates: ${failed_gates[*]}"
  fi
  log "wall time $((SECONDS - started)) s"
  echo "terraform-gates: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

main "$@"
