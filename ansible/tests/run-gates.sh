#!/usr/bin/env bash
# Gates for the static Ansible tree (ansible/). Runs from any directory, as root, on Debian 12:
#   1. ansible-playbook --syntax-check on every playbook
#   2. ansible-lint (production profile), yamllint --strict, shellcheck: zero findings
#   3. a real converge of every role into scratch prefixes (connection local), then the daemons
#      started from exactly the flags and drop-ins the roles wrote, on free loopback ports:
#      Prometheus ready with the shared config and its replica label, two Alertmanagers in one
#      gossip cluster, the node exporter serving /metrics; a broken shared config refused;
#      the query tier: two Prometheus replicas with the flags.yml block durations, a Thanos sidecar
#      each and thanos query over both, answering `up` deduplicated; Thanos command lines that
#      would not deduplicate refused, the running query kept
#   4. a second converge that changes nothing (idempotence); bootstrap.yml for each tier with
#      Debian 12's ansible-core (what the images run), then the config refresh unit's command
#      line, which must change nothing
#   5. bootstrap.yml (Debian's ansible-core) for a prometheus (thanos) and a grafana instance
#      against AWS emulated on loopback: moto_server (.tools/venv-moto: S3 bucket with the config
#      tree, SSM parameters, EC2 instances tagged Stack/Tier) and amazon-ec2-metadata-mock
#      (.tools/bin, scripts/install.d/60-ec2-metadata-mock.sh) with IMDSv2 required, serving the
#      instance id and address moto gave; the roles call the real AWS CLI. Proves the synced
#      config, REPLICA = the IMDS instance id, the sidecar unit, the SSM secrets, the HA peers
#      found by EC2 tags, and that a tokenless metadata request is refused (401).
# Ends with "ansible-gates: N passed, M failed" and a non-zero exit when M > 0.
#
# Gates 3 and 4 keep the stand-in tests/fixtures/bin/aws (answering from tests/fixtures/) rather
# than moto: the real CLI costs ~1 s of CPU per call (Python start-up) and those converges,
# refuse runs, bootstraps and refreshes make a few dozen calls on a 2-core machine whose gates already
# take ~215 s; the fixtures also hold instances without a private address, which a running moto
# instance cannot be. Gate 5 makes the same calls (s3 sync, ssm get-parameter, ec2
# describe-instances with the Stack/Tier/state filters, which the stand-in does not apply)
# against moto. Discovery here is the roles' own `aws ec2 describe-instances`; the generated
# aws_ec2 inventory is read by the real amazon.aws.aws_ec2 plugin (the collection taken out of the
# `ansible` wheel into the venv, boto3 beside it) in stack-aws's DeployerTest, against a stack
# deployed into moto; stack-ansible's RealInventoryTest proves its grouping without AWS with
# ansible-core's constructed plugin.
#
# Environment: KEEP_WORK=1 keeps the scratch directory (logs, prefixes) for a look afterwards.
set -Euo pipefail

ANSIBLE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TESTS_DIR=$ANSIBLE_DIR/tests
REPO_DIR=$(dirname "$ANSIBLE_DIR")
VENV=$REPO_DIR/.tools/venv-ansible
PLAYBOOKS=(bake-prometheus.yml bake-grafana.yml bootstrap.yml tests/converge.yml tests/refuse-bad-config.yml
  tests/refuse-bad-thanos-flags.yml)
# ansible-core: Debian 12's, the one bake-*.yml puts on the images that run bootstrap.yml.
APT_PACKAGES=(prometheus prometheus-alertmanager prometheus-node-exporter shellcheck python3 python3-venv python3-apt ansible-core ca-certificates)
IMAGE_ANSIBLE_PLAYBOOK=/usr/bin/ansible-playbook
# The thanos build scripts/install.d/30-thanos.sh caches (the roles copy it instead of downloading).
THANOS_BINARY=$REPO_DIR/.tools/bin/thanos

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

# stop_pids PID|-PGID...: SIGTERM to all at once, a short grace (an Alertmanager spends ~10 s trying
# to leave the mesh on SIGTERM), then SIGKILL to whatever is left; reaps those that are our children.
stop_pids() {
  local pid alive
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in 1 2 3 4 5 6; do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.5
  done
  kill -KILL "$@" 2>/dev/null || true
  wait "${@#-}" 2>/dev/null || true
}

cleanup() {
  # what a background gate started (pids and -pgids, see start_aws_server), if it did not stop it itself
  if [[ -f ${AWS_SERVER_PIDS:-} ]]; then mapfile -t -O "${#PIDS[@]}" PIDS <"$AWS_SERVER_PIDS"; fi
  stop_pids "${PIDS[@]}"
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
  if [[ ! -x $THANOS_BINARY ]]; then
    echo "$THANOS_BINARY is missing; build it with: STACKGATE_TOOLS=$REPO_DIR/.tools bash $REPO_DIR/scripts/install.d/30-thanos.sh"
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

# The amazon.aws collection (its aws_ec2 inventory plugin) comes out of the `ansible` bundle's wheel on
# PyPI: Ansible Galaxy is not reachable here, and only the ~4 MB of amazon/aws is kept of the 51 MB
# wheel, under $VENV/collections (ANSIBLE_COLLECTIONS_PATH).
AMAZON_AWS_FROM=ansible==14.5.0

amazon_aws_collection() {
  local wheels
  wheels=$(mktemp -d) || return 1
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$wheels" "$AMAZON_AWS_FROM" &&
    "$VENV/bin/python" - "$wheels" "$VENV/collections" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/ansible-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith("ansible_collections/amazon/aws/")]
    if not names:
        sys.exit(wheel + " holds no ansible_collections/amazon/aws")
    for n in names:
        z.extract(n, sys.argv[2])
PY
  local rc=$?
  rm -rf "$wheels"
  return $rc
}

venv() {
  local stamp=$VENV/.stackgate-requirements python wanted
  python=$(venv_python)
  wanted="$python $(sha256sum "$TESTS_DIR/requirements.txt" | cut -d' ' -f1) $AMAZON_AWS_FROM"
  if [[ -x $VENV/bin/ansible-playbook && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    echo "venv up to date: $VENV ($python)"
    return 0
  fi
  echo "building $VENV with $python"
  rm -rf "$VENV"
  "$python" -m venv "$VENV" &&
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$TESTS_DIR/requirements.txt" &&
    amazon_aws_collection &&
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

# 0-12 the converged daemons (test_ports below), 13-15 moto and the two metadata mocks.
mapfile -t PORTS < <(python3 "$TESTS_DIR/lib/probe.py" free-ports 16 | tr -d '[] ' | tr ',' '\n')
PREFIX=$WORK/instance
AM2_PREFIX=$WORK/alertmanager-2
EFS_PREFIX=$WORK/efs
PROM2_PREFIX=$WORK/prometheus-2
DISCOVERY_PREFIX=$WORK/query-discovery
REPLICA=gates-r1
REPLICA2=gates-r2
PROBE=(python3 "$TESTS_DIR/lib/probe.py")
INVENTORY=(-i "$TESTS_DIR/inventory")
# The daemons run as their service users: every directory above the prefixes must be searchable.
chmod 0755 "$WORK"

# The test_* variables tests/inventory/group_vars/all.yml reads, for the instance at prefix $1.
extra_vars() {
  cat <<EOF
{"test_prefix": "$1", "test_am2_prefix": "$AM2_PREFIX", "test_efs_prefix": "$EFS_PREFIX",
 "test_prom2_prefix": "$PROM2_PREFIX", "test_discovery_prefix": "$DISCOVERY_PREFIX",
 "test_replica": "$REPLICA", "test_replica2": "$REPLICA2", "test_aws_cli": "$TESTS_DIR/fixtures/bin/aws",
 "test_thanos_binary": "$THANOS_BINARY",
 "test_ports": {"prometheus": ${PORTS[0]}, "am1_web": ${PORTS[1]}, "am1_cluster": ${PORTS[2]},
                "am2_web": ${PORTS[3]}, "am2_cluster": ${PORTS[4]}, "node_exporter": ${PORTS[5]},
                "prometheus2": ${PORTS[6]}, "sidecar1_grpc": ${PORTS[7]}, "sidecar1_http": ${PORTS[8]},
                "sidecar2_grpc": ${PORTS[9]}, "sidecar2_http": ${PORTS[10]},
                "query_http": ${PORTS[11]}, "query_grpc": ${PORTS[12]}}}
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
  local tier prefix vars log_file argv marker
  for tier in prometheus alertmanager grafana query; do
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
    # The query tier has no config tree of its own: its refresh re-discovers the sidecars.
    marker='TASK [stackgate : Copy the files of the checked tree]'
    [[ $tier == query ]] && marker='TASK [thanos : Write the query endpoints file]'
    grep -qF "$marker" "$log_file" || { echo "$tier refresh did not run '$marker'"; return 1; }
  done
  [[ -f $WORK/bootstrap-prometheus/etc/systemd/system/thanos-sidecar.service ]] ||
    { echo "the prometheus tier got no thanos sidecar unit"; return 1; }
  [[ -f $WORK/bootstrap-query/etc/systemd/system/thanos-query.service && ! -e $WORK/bootstrap-query/etc/systemd/system/prometheus.service.d ]] ||
    { echo "the query tier did not get exactly thanos query"; return 1; }
  echo "$("$IMAGE_ANSIBLE_PLAYBOOK" --version | head -n 1): 4 tiers bootstrapped (prometheus with its sidecar), refresh replays unchanged"
}
# After the first converge, so two runs never create the same system users at once.
background_gate "bootstrap.yml per tier with the image's ansible-core, refresh replay changes nothing" bootstrap_tiers

# bootstrap.yml against AWS as the launch finds it, emulated: moto (S3 bucket with the config
# tree, SSM parameters, EC2 instances tagged Stack/Tier) and amazon-ec2-metadata-mock with IMDSv2
# required, serving the identity moto gave each instance; the roles call the real AWS CLI.
# The prometheus tier proves S3 and IMDS (the instance id is its replica label), the grafana
# tier SSM (its secrets) and the EC2 tag discovery (its HA peers), each with its own metadata.
MOTO_VENV=$REPO_DIR/.tools/venv-moto
METADATA_MOCK=$REPO_DIR/.tools/bin/ec2-metadata-mock
# What this gate starts, for cleanup() too (the gate runs in a background subshell): the servers'
# pids and the process groups (-pgid) of its playbook runs, so a SIGTERM ends them at once rather
# than after their AWS retries.
AWS_SERVER_PIDS=$WORK/aws-servers.pids
# A bucket the stub does not know: a call that reached the stub could not pass.
AWS_CONFIG_BUCKET=gates-launch-config

# start_aws_server [--group] LOG COMMAND...: COMMAND in the background, recorded; LAST_PID is its
# pid. --group: in its own session and process group (setsid execs it, so $! is the group), for a
# playbook run, whose workers and AWS CLI calls then end with it.
start_aws_server() {
  local group=""
  [[ $1 == --group ]] && { group=-; shift; }
  local log_file=$1
  shift
  if [[ -n $group ]]; then setsid "$@" >"$log_file" 2>&1 </dev/null & else "$@" >"$log_file" 2>&1 </dev/null & fi
  LAST_PID=$!
  echo "$group$LAST_PID" >>"$AWS_SERVER_PIDS"
}

stop_aws_servers() {
  local pids=()
  [[ -f $AWS_SERVER_PIDS ]] || return 0
  mapfile -t pids <"$AWS_SERVER_PIDS"
  stop_pids "${pids[@]}"
  rm -f "$AWS_SERVER_PIDS"
}

# run_instance TIER STACK IP: prints "instance-id private-ip" of a new moto instance. moto puts an
# instance in its default subnet (172.31.0.0/16) but takes the address asked for, unchecked: the
# emulated instances get loopback addresses, so no address the roles write leads off loopback.
run_instance() {
  aws ec2 run-instances --image-id ami-12c6146b --instance-type t3.micro --private-ip-address "$3" \
    --tag-specifications "ResourceType=instance,Tags=[{Key=Stack,Value=$2},{Key=Tier,Value=$1}]" \
    --query 'Instances[0].[InstanceId,PrivateIpAddress]' --output text
}

# aws_bootstrap_tier TIER IMDS_URL: bootstrap.yml for TIER with the real CLI against moto (the
# environment aws_bootstrap_run exports) and the identity from the metadata mock at IMDS_URL.
aws_bootstrap_tier() {
  local tier=$1 prefix=$WORK/aws-$1 dir=$WORK/aws bucket=$AWS_CONFIG_BUCKET
  mkdir -p "$prefix/opt/stackgate"
  ln -sfn "$ANSIBLE_DIR" "$prefix/opt/stackgate/ansible"
  # identity from IMDS: no replica label, HA address and peers not given by the inventory; the
  # packages are there as on a baked image (bootstrap_tiers runs the apt tasks)
  start_aws_server --group "$WORK/aws-$tier.log" "$IMAGE_ANSIBLE_PLAYBOOK" -i localhost, -c local "${INVENTORY[@]}" \
    "$prefix/opt/stackgate/ansible/bootstrap.yml" \
    -e stackgate_tier="$tier" -e stackgate_name=gates -e stackgate_region=eu-west-1 -e stackgate_config_bucket="$bucket" \
    -e stackgate_config_store=s3 -e stackgate_efs_id= -e "$(extra_vars "$prefix")" \
    -e "{\"test_aws_cli\": \"$dir/bin/aws\", \"test_replica\": \"\", \"stackgate_imds_endpoint\": \"$2\",
         \"stackgate_install_packages\": false, \"grafana_ha_advertise_address\": \"\", \"grafana_ha_peers\": []}"
  if ! wait "$LAST_PID"; then
    echo "bootstrap of the $tier tier against moto failed:"
    grep -E -A3 '^fatal' "$WORK/aws-$tier.log" | head -n 20
    return 1
  fi
  diff -r "$TESTS_DIR/fixtures/config" "$prefix/opt/stackgate/bundle/config" >/dev/null ||
    { echo "$tier: the config synced from s3://$bucket/config differs from the fixture tree"; return 1; }
  # the role asked with a token: the mock validated one for the probe's request, and for each of
  # the role's two (instance-id, local-ipv4)
  (($(grep -c 'Token validated!' "$dir/imds-$tier.log") >= 3)) ||
    { echo "$tier: the metadata mock validated no token for the role's requests"; return 1; }
}

aws_bootstrap_run() {
  local began=$SECONDS dir=$WORK/aws moto_url=http://127.0.0.1:${PORTS[13]} bucket=$AWS_CONFIG_BUCKET
  local moto_pid imds_pid tier prefix id ip name value peer_ip seen port=14 status job
  local -A instance_id instance_ip imds_url
  [[ -x $MOTO_VENV/bin/moto_server && -x $MOTO_VENV/bin/aws ]] ||
    { echo "moto is missing; install it with: STACKGATE_TOOLS=$REPO_DIR/.tools bash $REPO_DIR/scripts/install.d/40-moto.sh"; return 1; }
  [[ -x $METADATA_MOCK ]] ||
    { echo "$METADATA_MOCK is missing; build it with: STACKGATE_TOOLS=$REPO_DIR/.tools bash $REPO_DIR/scripts/install.d/60-ec2-metadata-mock.sh"; return 1; }
  mkdir -p "$dir/bin"
  # The real CLI, on PATH and as stackgate_aws_cli in place of the stub; every call goes to moto.
  ln -sfn "$MOTO_VENV/bin/aws" "$dir/bin/aws"
  export PATH=$dir/bin:$PATH AWS_ENDPOINT_URL=$moto_url AWS_ACCESS_KEY_ID=gates AWS_SECRET_ACCESS_KEY=gates \
    AWS_DEFAULT_REGION=eu-west-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_EC2_METADATA_DISABLED=true NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
    AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=2

  start_aws_server "$dir/moto.log" "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "${PORTS[13]}"
  moto_pid=$LAST_PID
  seen=$(wait_until "moto_server" 30 alive "$moto_pid" "${PROBE[@]}" ready "$moto_url/moto-api/") ||
    { echo "$seen"; tail -n 5 "$dir/moto.log"; return 1; }

  # What the launch finds: the bundle's config tree under s3://<bucket>/config (shared_config_s3_prefix),
  # the SSM parameters of the grafana secrets, the instances of the stack.
  if ! { aws s3 mb "s3://$bucket" && aws s3 sync --no-progress "$TESTS_DIR/fixtures/config" "s3://$bucket/config"; } >/dev/null; then
    echo "could not put the config tree into moto's S3"
    return 1
  fi
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    aws ssm put-parameter --type SecureString --name "$name" --value "$value" >/dev/null ||
      { echo "could not put $name into moto's SSM"; return 1; }
  done < <(python3 -c 'import json, sys
for name, value in json.load(open(sys.argv[1])).items(): print(name, value, sep="\0", end="\0")' "$TESTS_DIR/fixtures/ssm-parameters.json")
  read -r id ip < <(run_instance prometheus gates 127.0.1.10)
  instance_id[prometheus]=$id instance_ip[prometheus]=$ip
  read -r id ip < <(run_instance grafana gates 127.0.1.20)
  instance_id[grafana]=$id instance_ip[grafana]=$ip
  read -r _ peer_ip < <(run_instance grafana gates 127.0.1.21)
  # another stack's grafana: the Stack tag filter must leave it out
  run_instance grafana other-stack 127.0.1.29 >/dev/null
  for tier in prometheus grafana; do
    [[ ${instance_id[$tier]} == i-* && ${instance_ip[$tier]} == 127.* ]] ||
      { echo "moto's $tier instance: id '${instance_id[$tier]}', address '${instance_ip[$tier]}' (want i-..., 127.x)"; return 1; }
  done
  [[ $peer_ip == 127.0.1.21 ]] || { echo "moto's grafana peer has address '$peer_ip'"; return 1; }

  # One metadata service per emulated instance, IMDSv2 only (-I), answering that instance's identity.
  for tier in prometheus grafana; do
    printf '{"metadata": {"values": {"instance-id": "%s", "local-ipv4": "%s"}}}\n' \
      "${instance_id[$tier]}" "${instance_ip[$tier]}" >"$dir/imds-$tier.json"
    start_aws_server "$dir/imds-$tier.log" "$METADATA_MOCK" -n 127.0.0.1 -p "${PORTS[$port]}" -I -c "$dir/imds-$tier.json"
    imds_pid=$LAST_PID
    imds_url[$tier]=http://127.0.0.1:${PORTS[$port]}
    port=$((port + 1))
    # a tokenless request refused (401), the same with a token answered: the roles can only have used one
    seen=$(wait_until "$tier metadata mock" 20 alive "$imds_pid" "${PROBE[@]}" imdsv2 "${imds_url[$tier]}" instance-id "${instance_id[$tier]}") ||
      { echo "$seen"; tail -n 5 "$dir/imds-$tier.log"; return 1; }
  done

  # Both tiers at once (each is single-threaded); each ends by itself, both are waited for.
  aws_bootstrap_tier prometheus "${imds_url[prometheus]}" >"$dir/prometheus.out" 2>&1 &
  job=$!
  aws_bootstrap_tier grafana "${imds_url[grafana]}" >"$dir/grafana.out" 2>&1
  status=$?
  wait "$job" || status=1
  ((status == 0)) || { cat "$dir/prometheus.out" "$dir/grafana.out"; return 1; }

  prefix=$WORK/aws-prometheus
  grep -qxF "REPLICA=${instance_id[prometheus]}" "$prefix/etc/stackgate/prometheus.env" ||
    { echo "prometheus.env: $(grep '^REPLICA=' "$prefix/etc/stackgate/prometheus.env"), want REPLICA=${instance_id[prometheus]} (IMDS)"; return 1; }
  [[ -f $prefix/etc/systemd/system/thanos-sidecar.service ]] || { echo "the prometheus tier got no thanos sidecar unit"; return 1; }

  prefix=$WORK/aws-grafana
  if ! grep -qxF 'GF_DATABASE_PASSWORD="db pa$$ \"quoted\" \\ word"' "$prefix/etc/stackgate/grafana-secrets.env" ||
    ! grep -qxF 'GF_SECURITY_ADMIN_PASSWORD="admin-secret"' "$prefix/etc/stackgate/grafana-secrets.env"; then
    echo "grafana-secrets.env lacks the passwords put into moto's SSM"
    return 1
  fi
  if ! grep -qxF "GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS=${instance_ip[grafana]}:9094" "$prefix/etc/stackgate/grafana.env" ||
    ! grep -qxF "GF_UNIFIED_ALERTING_HA_PEERS=$peer_ip:9094" "$prefix/etc/stackgate/grafana.env"; then
    echo "grafana.env HA settings: $(grep HA_ "$prefix/etc/stackgate/grafana.env" | tr '\n' ' ')," \
      "want advertise ${instance_ip[grafana]}:9094 (IMDS), peers $peer_ip:9094 (EC2 tags)"
    return 1
  fi

  echo "prometheus REPLICA=${instance_id[prometheus]} from IMDSv2 (tokenless 401) with its sidecar, grafana secrets from SSM" \
    "and HA peer $peer_ip from EC2 tags, config from s3://$bucket: $((SECONDS - began)) s"
}

aws_bootstrap() {
  local status
  aws_bootstrap_run
  status=$?
  stop_aws_servers
  return $status
}
background_gate "bootstrap.yml against moto and the IMDSv2 mock (real AWS CLI)" aws_bootstrap

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
  launch_unit "$name" "/lib/systemd/system/$unit.service" "$dropin"
}
# launch_unit NAME UNIT_FILE [DROPIN...]: a unit file a role wrote itself (the Thanos units).
launch_unit() {
  local name=$1
  shift
  python3 "$TESTS_DIR/lib/launch_unit.py" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$name]=$!
}
launch prometheus prometheus "$PREFIX/etc/systemd/system/prometheus.service.d/stackgate.conf"
launch alertmanager-1 prometheus-alertmanager "$PREFIX/etc/systemd/system/prometheus-alertmanager.service.d/stackgate.conf"
launch alertmanager-2 prometheus-alertmanager "$AM2_PREFIX/etc/systemd/system/prometheus-alertmanager.service.d/stackgate.conf"
launch node-exporter prometheus-node-exporter "$PREFIX/etc/systemd/system/prometheus-node-exporter.service.d/stackgate.conf"
launch prometheus-2 prometheus "$PROM2_PREFIX/etc/systemd/system/prometheus.service.d/stackgate.conf"

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
PROM2=http://127.0.0.1:${PORTS[6]}
gate "prometheus 2 ready with its own replica label" \
  probe prometheus-2 replica-label "$PROM2/api/v1/status/config" replica "$REPLICA2" ||
  tail -n 20 "$WORK/prometheus-2.log"
# flags.yml's prometheus flags (local compaction off under a sidecar), as the prometheus role added them
gate "prometheus runs the block durations of flags.yml" \
  probe prometheus flag "$PROM/api/v1/status/flags" storage.tsdb.max-block-duration 2h
gate "prometheus 2 runs the block durations of flags.yml" \
  probe prometheus-2 flag "$PROM2/api/v1/status/flags" storage.tsdb.min-block-duration 2h
gate "alertmanager 1 sees a 2-peer cluster" \
  probe alertmanager-1 cluster-peers "http://127.0.0.1:${PORTS[1]}/api/v2/status" 2 ||
  tail -n 20 "$WORK/alertmanager-1.log"
gate "alertmanager 2 sees a 2-peer cluster" \
  probe alertmanager-2 cluster-peers "http://127.0.0.1:${PORTS[3]}/api/v2/status" 2 ||
  tail -n 20 "$WORK/alertmanager-2.log"
gate "node exporter serves /metrics" \
  probe node-exporter metric "http://127.0.0.1:${PORTS[5]}/metrics" node_exporter_build_info ||
  tail -n 20 "$WORK/node-exporter.log"

# The query tier: a sidecar next to each replica (after it is ready: a sidecar that finds no
# Prometheus retries only every --prometheus.get_config_interval), query over both.
UNITS=$PREFIX/etc/systemd/system
launch_unit sidecar-1 "$UNITS/thanos-sidecar.service"
launch_unit sidecar-2 "$PROM2_PREFIX/etc/systemd/system/thanos-sidecar.service"
launch_unit query "$UNITS/thanos-query.service"
QUERY=http://127.0.0.1:${PORTS[11]}
gate "thanos sidecar 1 ready" probe sidecar-1 ready "http://127.0.0.1:${PORTS[8]}/-/ready" ||
  tail -n 20 "$WORK/sidecar-1.log"
gate "thanos sidecar 2 ready" probe sidecar-2 ready "http://127.0.0.1:${PORTS[10]}/-/ready" ||
  tail -n 20 "$WORK/sidecar-2.log"
gate "thanos query ready" probe query ready "$QUERY/-/ready" || tail -n 20 "$WORK/query.log"
# Both replicas scrape the same target; query must see both and merge them along the replica label.
# Bounded by the first scrape (scrape_interval 15 s) and query's endpoint check (--endpoint.info-timeout).
query_dedup() {
  wait_until "query dedup" 60 alive "${PID_OF[query]}" "${PROBE[@]}" dedup "$QUERY" up replica "$REPLICA,$REPLICA2"
}
gate "thanos query answers up from both replicas, deduplicated" query_dedup || tail -n 20 "$WORK/query.log"

# Thanos command lines that would not deduplicate must be refused before a unit changes, and the
# running query keep answering.
refuse_bad_thanos_flags() {
  local before after
  before=$(sha256sum "$UNITS/thanos-query.service" "$UNITS/thanos-sidecar.service")
  if play "$WORK/refuse-thanos.log" tests/refuse-bad-thanos-flags.yml >/dev/null; then
    echo "the broken Thanos command lines were accepted"
    return 1
  fi
  if ! grep -qE '^fatal: .*"assertion": "thanos_check_query_label == \[thanos_replica_label\]"' "$WORK/refuse-thanos.log"; then
    echo "the run failed, but not at the replica label check:"
    grep -E '^fatal' "$WORK/refuse-thanos.log"
    return 1
  fi
  after=$(sha256sum "$UNITS/thanos-query.service" "$UNITS/thanos-sidecar.service")
  [[ $before == "$after" ]] || { echo "a Thanos unit changed"; return 1; }
  "${PROBE[@]}" dedup "$QUERY" up replica "$REPLICA,$REPLICA2"
}
gate "Thanos command lines without the replica label refused, units and query kept" refuse_bad_thanos_flags

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
