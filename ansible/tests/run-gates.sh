#!/usr/bin/env bash
# Gates for the static Ansible tree (ansible/). Runs from any directory, as root, on Debian 12:
#   1. ansible-playbook --syntax-check on every playbook
#   2. ansible-lint (production profile), yamllint --strict, shellcheck: zero findings
#   3. a real converge of every role into scratch prefixes (connection local), then the daemons
#      started from exactly the flags and drop-ins the roles wrote, on free loopback ports:
#      Prometheus ready with the shared config and its replica label, two Alertmanagers in one
#      gossip cluster, the node exporter serving /metrics; a broken shared config refused
#   4. a second converge that changes nothing (idempotence); bootstrap.yml for each tier with
#      Debian 12's ansible-core (what the images run), then the config refresh unit's command
#      line, which must change nothing
# Ends with "ansible-gates: N passed, M failed" and a non-zero exit when M > 0.
#
# Environment: KEEP_WORK=1 keeps the scratch directory (logs, prefixes) for a look afterwards.
set -Euo pipefail

ANSIBLE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TESTS_DIR=$ANSIBLE_DIR/tests
REPO_DIR=$(dirname "$ANSIBLE_DIR")
VENV=$REPO_DIR/.tools/venv-ansible
PLAYBOOKS=(bake-prometheus.yml bake-grafana.yml bootstrap.yml tests/converge.yml tests/refuse-bad-config.yml)
# ansible-core: Debian 12's, the one bake-*.yml puts on the images that run bootstrap.yml.
APT_PACKAGES=(prometheus prometheus-alertmanager prometheus-node-exporter shellcheck python3 python3-venv python3-apt ansible-core ca-certificates)
IMAGE_ANSIBLE_PLAYBOOK=/usr/bin/ansible-playbook

PASSED=0
FAILED=0
PIDS=()
CREATED_POLICY_RC_D=""
WORK=$(mktemp -d /tmp/stackgate-ansible-gates.XXXXXX)
START=$SECONDS

log() { printf '%s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); log "PASS  $1${2:+ ($2)}"; }
fail() { FAILED=$((FAILED + 1)); log "FAIL  $1: $2"; }

# Runs "$@" and records gate $1 as passed or failed; on failure shows the tail of its output.
gate() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    pass "$name" "$(tail -n 1 <<<"$output")"
  else
    fail "$name" "$(tail -n 15 <<<"$output")"
    return 1
  fi
}

# Named, bounded wait: polls "$@" until it succeeds; on timeout says what it saw last.
# A command exiting with 3 means it can never succeed: stop waiting at once.
wait_until() {
  local name=$1 timeout=$2 last="" deadline status
  shift 2
  deadline=$((SECONDS + timeout))
  while true; do
    last=$("$@" 2>&1) && break
    status=$?
    if ((status == 3)); then
      echo "$name: gave up: ${last:0:400}"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "$name: not true after ${timeout}s; last saw: ${last:0:400}"
      return 1
    fi
    sleep 0.5
  done
  echo "$name: $last"
}

# alive PID COMMAND...: runs COMMAND while process PID lives; exit 3 once it has exited.
alive() {
  local pid=$1
  shift
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "process $pid exited"
    return 3
  fi
  "$@"
}

# Runs a gate in the background (the machine has 2 cores; the converges are single-threaded).
# collect_background waits for them and records their verdicts in order.
BG_PIDS=()
BG_GATES=()
background_gate() {
  local name=$1 result
  shift
  result=$WORK/background-${#BG_GATES[@]}.result
  (
    if output=$("$@" 2>&1); then
      printf 'PASS\n%s\n' "$(tail -n 1 <<<"$output")"
    else
      printf 'FAIL\n%s\n' "$(tail -n 15 <<<"$output")"
    fi
  ) >"$result" 2>&1 &
  BG_PIDS+=($!)
  BG_GATES+=("$name")
}

collect_background() {
  local i verdict detail
  wait "${BG_PIDS[@]}" 2>/dev/null
  for i in "${!BG_GATES[@]}"; do
    verdict=$(head -n 1 "$WORK/background-$i.result" 2>/dev/null)
    detail=$(tail -n +2 "$WORK/background-$i.result" 2>/dev/null)
    if [[ $verdict == PASS ]]; then pass "${BG_GATES[$i]}" "$detail"; else fail "${BG_GATES[$i]}" "${detail:-no verdict}"; fi
  done
  BG_PIDS=()
  BG_GATES=()
}

cleanup() {
  local pid alive
  if ((${#PIDS[@]} > 0)); then
    # All at once, short grace: an Alertmanager spends ~10 s trying to leave the mesh on SIGTERM.
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    for _ in 1 2 3 4 5 6; do
      alive=0
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.5
    done
    kill -KILL "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  # Background gates end by themselves (each is a bounded ansible run or linter): wait for them.
  if ((${#BG_PIDS[@]} > 0)); then wait "${BG_PIDS[@]}" 2>/dev/null || true; fi
  if [[ -n $CREATED_POLICY_RC_D ]]; then rm -f /usr/sbin/policy-rc.d; fi
  if [[ ${KEEP_WORK:-} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}

finish() {
  local status=$?
  cleanup
  if ((status != 0 && FAILED == 0)); then FAILED=1; log "FAIL  gates: stopped early (exit $status)"; fi
  log "took $((SECONDS - START)) s"
  log "ansible-gates: $PASSED passed, $FAILED failed"
  ((FAILED == 0)) || exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Prerequisites: Debian packages, the Ansible venv.

prerequisites() {
  if ((EUID != 0)); then
    echo "run-gates.sh needs root: the converge creates system users and runs apt."
    return 1
  fi
  # Keep package maintainer scripts from starting daemons while the gates install or converge.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    CREATED_POLICY_RC_D=1
  fi
  local missing=() package
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if ((${#missing[@]} > 0)); then
    echo "installing ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=300 update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" ||
      return 1
  fi
  venv
}

# The newest Python >= 3.12 on the machine (ansible-core 2.21 needs it), else python3.
venv_python() {
  local candidate
  for candidate in python3.13 python3.12 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3 \
    "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 /usr/bin/python3 python3; do
    if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  command -v /usr/bin/python3 || command -v python3
}

venv() {
  local stamp=$VENV/.stackgate-requirements python wanted
  python=$(venv_python)
  wanted="$python $(sha256sum "$TESTS_DIR/requirements.txt" | cut -d' ' -f1)"
  if [[ -x $VENV/bin/ansible-playbook && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    echo "venv up to date: $VENV ($python)"
    return 0
  fi
  echo "building $VENV with $python"
  rm -rf "$VENV"
  "$python" -m venv "$VENV" &&
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$TESTS_DIR/requirements.txt" &&
    echo "$wanted" >"$stamp"
}

gate "prerequisites" prerequisites || exit 1
export PATH=$VENV/bin:$PATH
export ANSIBLE_CONFIG=$ANSIBLE_DIR/ansible.cfg ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_LOCAL_TEMP=$WORK/ansible-tmp
cd "$ANSIBLE_DIR" || exit 1
VERSIONS=$(ansible-playbook --version)
log "using ${VERSIONS%%$'\n'*}, $(ansible-lint --nocolor --version 2>/dev/null)"

# ---------------------------------------------------------------------------------------------
# 1 + 2. Static gates, in the background while the first converge runs.

for playbook in "${PLAYBOOKS[@]}"; do
  background_gate "syntax-check $playbook" ansible-playbook -i localhost, --syntax-check "$playbook"
done
background_gate "ansible-lint (production profile)" ansible-lint --nocolor
YAMLLINT=$(command -v "$VENV/bin/yamllint" || command -v yamllint)
background_gate "yamllint --strict" "$YAMLLINT" --strict --format parsable .
background_gate "shellcheck" shellcheck "$TESTS_DIR/run-gates.sh"

# ---------------------------------------------------------------------------------------------
# 3. Converge into scratch prefixes, start what the roles wrote, probe it.

mapfile -t PORTS < <(python3 "$TESTS_DIR/lib/probe.py" free-ports 6 | tr -d '[] ' | tr ',' '\n')
PREFIX=$WORK/instance
AM2_PREFIX=$WORK/alertmanager-2
EFS_PREFIX=$WORK/efs
REPLICA=gates-r1
PROBE=(python3 "$TESTS_DIR/lib/probe.py")
INVENTORY=(-i "$TESTS_DIR/inventory")
# The daemons run as their service users: every directory above the prefixes must be searchable.
chmod 0755 "$WORK"

# The test_* variables tests/inventory/group_vars/all.yml reads, for the instance at prefix $1.
extra_vars() {
  cat <<EOF
{"test_prefix": "$1", "test_am2_prefix": "$AM2_PREFIX", "test_efs_prefix": "$EFS_PREFIX",
 "test_replica": "$REPLICA", "test_aws_cli": "$TESTS_DIR/fixtures/bin/aws",
 "test_ports": {"prometheus": ${PORTS[0]}, "am1_web": ${PORTS[1]}, "am1_cluster": ${PORTS[2]},
                "am2_web": ${PORTS[3]}, "am2_cluster": ${PORTS[4]}, "node_exporter": ${PORTS[5]}}}
EOF
}
EXTRA_VARS=$(extra_vars "$PREFIX")

# play LOG ARGS...: runs ansible-playbook with the test inventory, prints failures and the recap.
play() {
  local log_file=$1 status
  shift
  ansible-playbook "${INVENTORY[@]}" "$@" -e "$EXTRA_VARS" >"$log_file" 2>&1
  status=$?
  grep -E -A3 '^(fatal|failed):' "$log_file" | head -n 20
  grep -E '^localhost +:' "$log_file" | tail -n 1
  return $status
}

if ! gate "converge every role into $PREFIX" play "$WORK/converge-1.log" tests/converge.yml; then
  tail -n 40 "$WORK/converge-1.log"
  collect_background
  exit 1
fi
collect_background

# bootstrap.yml for each tier as the launch template's user data runs it, with the ansible-core
# the images have (Debian 12's); then the config refresh unit's own command line, which must
# re-check and re-activate the config (--tags config) and change nothing.
bootstrap_tiers() {
  local tier prefix vars log_file argv
  for tier in prometheus alertmanager grafana; do
    prefix=$WORK/bootstrap-$tier
    vars=$(extra_vars "$prefix")
    mkdir -p "$prefix/opt/stackgate"
    ln -sfn "$ANSIBLE_DIR" "$prefix/opt/stackgate/ansible"
    log_file=$WORK/bootstrap-$tier.log
    if ! "$IMAGE_ANSIBLE_PLAYBOOK" -i localhost, -c local "${INVENTORY[@]}" "$prefix/opt/stackgate/ansible/bootstrap.yml" \
      -e stackgate_tier="$tier" -e stackgate_name=gates -e stackgate_region=eu-west-1 -e stackgate_config_bucket=gates \
      -e stackgate_config_store=s3 -e stackgate_efs_id= -e "$vars" >"$log_file" 2>&1; then
      echo "bootstrap of the $tier tier failed:"
      grep -E -A3 '^fatal' "$log_file" | head -n 20
      return 1
    fi
    read -r -a argv < <(sed -n 's/^ExecStart=//p' "$prefix/etc/systemd/system/stackgate-config-refresh.service")
    log_file=$WORK/refresh-$tier.log
    "${argv[@]}" "${INVENTORY[@]}" -e "$vars" >"$log_file" 2>&1
    if ! python3 "$TESTS_DIR/lib/probe.py" recap "$log_file" >/dev/null; then
      echo "$tier refresh: $(python3 "$TESTS_DIR/lib/probe.py" recap "$log_file")"
      grep -E -A2 '^(changed|fatal)' "$log_file" | head -n 20
      return 1
    fi
    grep -q 'TASK \[stackgate : Copy the files of the checked tree\]' "$log_file" ||
      { echo "$tier refresh did not re-activate the config"; return 1; }
  done
  echo "$("$IMAGE_ANSIBLE_PLAYBOOK" --version | head -n 1): 3 tiers bootstrapped, refresh replays unchanged"
}
# After the first converge, so two runs never create the same system users at once.
background_gate "bootstrap.yml per tier with the image's ansible-core, refresh replay changes nothing" bootstrap_tiers

idempotent() {
  play "$WORK/converge-2.log" tests/converge.yml >/dev/null
  python3 "$TESTS_DIR/lib/probe.py" recap "$WORK/converge-2.log" ||
    { grep -E -A2 '^(changed|fatal)' "$WORK/converge-2.log" | head -n 30; return 1; }
}
gate "second converge changes nothing (idempotence)" idempotent

# What the roles wrote, beyond what the daemons below prove.
check_files() {
  local secrets=$PREFIX/etc/stackgate/grafana-secrets.env
  [[ $(stat -c '%a %U' "$secrets") == "600 root" ]] || { echo "$secrets: $(stat -c '%a %U' "$secrets"), want 600 root"; return 1; }
  grep -qxF 'GF_DATABASE_PASSWORD="db pa$$ \"quoted\" \\ word"' "$secrets" || { echo "$secrets lacks the quoted database password"; return 1; }
  grep -qxF 'GF_SECURITY_ADMIN_PASSWORD="admin-secret"' "$secrets" || { echo "$secrets lacks the admin password"; return 1; }
  grep -qxF "CONF_FILE=$PREFIX/etc/stackgate/grafana/grafana.ini" "$PREFIX/etc/stackgate/grafana.env" || { echo "grafana.env: no CONF_FILE"; return 1; }
  [[ -f $PREFIX/etc/stackgate/grafana/dashboards/overview.json && -f $PREFIX/etc/stackgate/grafana/provisioning/datasources/prometheus.yml ]] ||
    { echo "grafana provisioning or dashboards not activated"; return 1; }
  grep -qxF 'fs-0123abcd.efs.eu-west-1.amazonaws.com:/ /mnt/stackgate nfs4 nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0' \
    "$EFS_PREFIX/etc/fstab" || { echo "EFS fstab line missing: $(cat "$EFS_PREFIX/etc/fstab")"; return 1; }
  grep -qx 'PermitRootLogin no' "$PREFIX/etc/ssh/sshd_config.d/10-stackgate.conf" || { echo "sshd drop-in missing"; return 1; }
  echo "grafana secrets 0600 and quoted, grafana paths, EFS fstab, sshd drop-in as expected"
}
gate "rendered files (secrets, grafana, fstab, sshd)" check_files

# Starts a packaged unit with the drop-in a role wrote, in the background, as the unit's User=.
declare -A PID_OF
launch() {
  local name=$1 unit=$2 dropin=$3
  python3 "$TESTS_DIR/lib/launch_unit.py" "/lib/systemd/system/$unit.service" "$dropin" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$name]=$!
}
launch prometheus prometheus "$PREFIX/etc/systemd/system/prometheus.service.d/stackgate.conf"
launch alertmanager-1 prometheus-alertmanager "$PREFIX/etc/systemd/system/prometheus-alertmanager.service.d/stackgate.conf"
launch alertmanager-2 prometheus-alertmanager "$AM2_PREFIX/etc/systemd/system/prometheus-alertmanager.service.d/stackgate.conf"
launch node-exporter prometheus-node-exporter "$PREFIX/etc/systemd/system/prometheus-node-exporter.service.d/stackgate.conf"

# probe NAME WHAT ARGS...: polls tests/lib/probe.py WHAT ARGS while the process NAME runs.
probe() {
  local name=$1
  shift
  wait_until "$name $1" 30 alive "${PID_OF[$name]}" "${PROBE[@]}" "$@"
}
PROM=http://127.0.0.1:${PORTS[0]}
gate "prometheus ready" probe prometheus ready "$PROM/-/ready" ||
  tail -n 20 "$WORK/prometheus.log"
gate "prometheus runs the shared config with its replica label" \
  probe prometheus replica-label "$PROM/api/v1/status/config" replica "$REPLICA"
gate "alertmanager 1 sees a 2-peer cluster" \
  probe alertmanager-1 cluster-peers "http://127.0.0.1:${PORTS[1]}/api/v2/status" 2 ||
  tail -n 20 "$WORK/alertmanager-1.log"
gate "alertmanager 2 sees a 2-peer cluster" \
  probe alertmanager-2 cluster-peers "http://127.0.0.1:${PORTS[3]}/api/v2/status" 2 ||
  tail -n 20 "$WORK/alertmanager-2.log"
gate "node exporter serves /metrics" \
  probe node-exporter metric "http://127.0.0.1:${PORTS[5]}/metrics" node_exporter_build_info ||
  tail -n 20 "$WORK/node-exporter.log"

# A broken shared config must be refused before activation, and the running replica keep going.
refuse_bad_config() {
  local active=$PREFIX/etc/stackgate/prometheus/prometheus.yml before after
  before=$(sha256sum "$active")
  if play "$WORK/refuse.log" tests/refuse-bad-config.yml >/dev/null; then
    echo "the broken config was accepted"
    return 1
  fi
  if ! grep -qE '^fatal: .*"cmd": \["[^"]*promtool", "check", "config"' "$WORK/refuse.log"; then
    echo "the run failed, but not at the promtool check:"
    grep -E '^fatal' "$WORK/refuse.log"
    return 1
  fi
  after=$(sha256sum "$active")
  [[ $before == "$after" ]] || { echo "the active config changed"; return 1; }
  "${PROBE[@]}" replica-label "$PROM/api/v1/status/config" replica "$REPLICA"
}
gate "broken shared config refused by promtool, active config kept" refuse_bad_config

collect_background
