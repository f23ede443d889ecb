#!/usr/bin/env python3
"""Renders the user-data templates the way Terraform's templatefile() does and
proves the bootstrap contract on the result, without a terraform binary.

For every tier x config_store (node bootstrap) and every baked image:
  1. the template's ${...} variables are exactly the keys the .tf file passes
     to templatefile() (Terraform fails the plan on a missing one);
  2. the rendered script has zero shellcheck findings (all severities) and
     parses with bash -n;
  3. the rendered script, run with stub commands (apt-get, aws, mount,
     ansible-playbook, ...) under a scratch root, makes the contract's calls:
     s3 sync of ansible/ always, of config/ only with config_store=s3, the EFS
     mount with the contract's options only with config_store=efs, and
     ansible-playbook bootstrap.yml with every -e stackgate_* variable;
  4. bootstrap.yml and the bake playbooks exist in the repository's ansible/.

Exit status 1 with one line per problem.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TERRAFORM_DIR = Path(__file__).resolve().parent.parent
NODE_TEMPLATE = TERRAFORM_DIR / "modules" / "compute" / "templates" / "user_data.sh.tftpl"
NODE_CALLER = TERRAFORM_DIR / "modules" / "compute" / "main.tf"
BAKE_TEMPLATE = TERRAFORM_DIR / "modules" / "ami-bake" / "templates" / "bake_user_data.sh.tftpl"
BAKE_CALLER = TERRAFORM_DIR / "modules" / "ami-bake" / "main.tf"

# query: the Thanos query tier (modules/compute boots it with the same template).
TIERS = ("prometheus", "alertmanager", "grafana", "query")
BAKE_VARIABLES = TERRAFORM_DIR / "modules" / "ami-bake" / "variables.tf"
ANSIBLE_DIR = TERRAFORM_DIR.parent / "ansible"
NAME, REGION, BUCKET, EFS_ID = "obs", "us-east-1", "obs-123456789012-us-east-1-cfg", "fs-0123456789abcdef0"
EFS_OPTIONS = "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev"

# Template syntax: "$${" and "%%{" are escapes for a literal "${" / "%{";
# "${name}" interpolates; any other "${" or "%{" is beyond this renderer.
TOKEN = re.compile(r"\$\$\{|%%\{|\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}|\$\{|%\{")
# Abs paths the bootstrap touches; the behaviour test moves them under a scratch root.
HOST_PATHS = ("/opt/stackgate", "/mnt/stackgate", "/etc/fstab", "/etc/machine-id")
STUBS = ("apt-get", "dpkg-query", "aws", "mount", "mountpoint", "ansible-playbook",
         "sleep", "systemctl", "cloud-init")

problems: list[str] = []


def fail(message: str) -> None:
    problems.append(message)
    print(f"user_data_gate: FAIL {message}")


def template_variables(template: str) -> set[str]:
    return {m.group(1) for m in TOKEN.finditer(template) if m.group(1)}


def render(template: str, variables: dict[str, str], label: str) -> str:
    def substitute(match: re.Match) -> str:
        token = match.group(0)
        if token == "$${":
            return "${"
        if token == "%%{":
            return "%{"
        if match.group(1):
            if match.group(1) not in variables:
                raise KeyError(f"{label}: template uses ${{{match.group(1)}}}, which is not passed")
            return variables[match.group(1)]
        raise ValueError(f"{label}: template uses {token!r} with an expression or directive this renderer does not support")

    return TOKEN.sub(substitute, template)


def templatefile_keys(caller: Path, template_name: str) -> set[str]:
    """Keys of the object literal passed with templates/<template_name> to templatefile() in caller."""
    text = caller.read_text(encoding="utf-8")
    start = text.find(f'templates/{template_name}"')
    if start < 0:
        raise ValueError(f"{caller.name} does not call templatefile() with templates/{template_name}")
    brace = text.index("{", start)
    depth, end = 0, brace
    for end in range(brace, len(text)):
        if text[end] == "{":
            depth += 1
        elif text[end] == "}":
            depth -= 1
            if depth == 0:
                break
    body = text[brace + 1:end]
    return set(re.findall(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", body, flags=re.MULTILINE))


def check_variables(template_path: Path, caller: Path) -> None:
    used = template_variables(template_path.read_text(encoding="utf-8"))
    passed = templatefile_keys(caller, template_path.name)
    rel = template_path.relative_to(TERRAFORM_DIR)
    for missing in sorted(used - passed):
        fail(f"{rel}: uses ${{{missing}}} but {caller.relative_to(TERRAFORM_DIR)} does not pass it to templatefile()")
    for unused in sorted(passed - used):
        fail(f"{rel}: {caller.relative_to(TERRAFORM_DIR)} passes {unused!r}, which the template never uses")


def shellcheck(script: Path, label: str) -> None:
    syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    if syntax.returncode != 0:
        fail(f"{label}: bash -n: {syntax.stderr.strip()}")
    result = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "--format=gcc", str(script)],
                            capture_output=True, text=True)
    if result.returncode != 0 or result.stdout.strip():
        for line in (result.stdout + result.stderr).strip().splitlines():
            fail(f"{label}: shellcheck: {line.replace(str(script), script.name)}")


def run_with_stubs(script_text: str, scratch: Path) -> tuple[int, list[list[str]], str]:
    """Run a rendered script with every external side effect stubbed; return exit code, calls, output."""
    root = scratch / "root"
    bin_dir = scratch / "bin"
    for directory in (root / "etc", bin_dir):
        directory.mkdir(parents=True, exist_ok=True)
    (root / "etc" / "fstab").write_text("", encoding="utf-8")
    (root / "etc" / "machine-id").write_text("0123456789abcdef\n", encoding="utf-8")
    calls_log = scratch / "calls.log"
    for stub in STUBS:
        # Each stub records its argv (NUL-separated, one call per line); "not installed" and
        # "not mounted" answers make the script take its full path.
        exit_code = 1 if stub in ("dpkg-query", "mountpoint") else 0
        (bin_dir / stub).write_text(
            "#!/bin/bash\n"
            f'{{ printf "%s\\0" "$(basename "$0")" "$@"; echo; }} >> {shlex.quote(str(calls_log))}\n'
            f"exit {exit_code}\n", encoding="utf-8")
        (bin_dir / stub).chmod(0o755)
    for host_path in HOST_PATHS:
        script_text = script_text.replace(host_path, f"{root}{host_path}")
    script = scratch / "script.sh"
    script.write_text(script_text, encoding="utf-8")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(scratch), "LANG": "C"}
    result = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, timeout=60)
    calls = []
    if calls_log.exists():
        for line in calls_log.read_text(encoding="utf-8").splitlines():
            calls.append([part for part in line.split("\0") if part])
    return result.returncode, calls, result.stdout + result.stderr


def find_calls(calls: list[list[str]], *prefix: str) -> list[list[str]]:
    return [c for c in calls if c[:len(prefix)] == list(prefix)]


def check_node_behaviour(rendered: str, tier: str, store: str, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        root = scratch / "root"
        status, calls, output = run_with_stubs(rendered, scratch)
        if status != 0:
            fail(f"{label}: exited {status} with stubbed commands: {output.strip()[-300:]}")
            return
        installs = find_calls(calls, "apt-get", "-o", "Acquire::Retries=5", "install")
        installed = {arg for call in installs for arg in call if not arg.startswith("-") and arg not in ("apt-get", "install", "Acquire::Retries=5")}
        expected_packages = {"ansible-core", "awscli"} | ({"nfs-common"} if store == "efs" else set())
        if installed != expected_packages:
            fail(f"{label}: installs {sorted(installed)}, expected {sorted(expected_packages)}")
        syncs = [c for c in find_calls(calls, "aws", "s3", "sync")]
        sources = [(c[-2], c[-1]) for c in syncs]
        want_ansible = (f"s3://{BUCKET}/ansible", f"{root}/opt/stackgate/ansible")
        want_config = (f"s3://{BUCKET}/config", f"{root}/opt/stackgate/bundle/config")
        if want_ansible not in sources:
            fail(f"{label}: no 'aws s3 sync {want_ansible[0]} /opt/stackgate/ansible' (syncs: {sources})")
        if (want_config in sources) != (store == "s3"):
            fail(f"{label}: config sync from S3 {'missing' if store == 's3' else 'present'} with config_store={store}")
        mounts = find_calls(calls, "mount")
        fstab = (root / "etc" / "fstab").read_text(encoding="utf-8")
        if store == "efs":
            want_line = f"{EFS_ID}.efs.{REGION}.amazonaws.com:/ {root}/mnt/stackgate nfs4 {EFS_OPTIONS} 0 0"
            if want_line not in fstab.splitlines():
                fail(f"{label}: /etc/fstab lacks the EFS line with the contract's options: {fstab.strip()!r}")
            if [f"mount", f"{root}/mnt/stackgate"] not in mounts:
                fail(f"{label}: EFS not mounted at /mnt/stackgate (mount calls: {mounts})")
        elif mounts or fstab.strip():
            fail(f"{label}: mounts EFS although config_store=s3")
        playbooks = find_calls(calls, "ansible-playbook")
        want = ["ansible-playbook", "-i", "localhost,", "-c", "local", f"{root}/opt/stackgate/ansible/bootstrap.yml",
                "-e", f"stackgate_tier={tier}", "-e", f"stackgate_name={NAME}", "-e", f"stackgate_region={REGION}",
                "-e", f"stackgate_config_bucket={BUCKET}", "-e", f"stackgate_config_store={store}",
                "-e", f"stackgate_efs_id={EFS_ID}"]
        if playbooks != [want]:
            fail(f"{label}: ansible-playbook calls {playbooks}, expected exactly {want}")
        order = [c[0] for c in calls if c[0] in ("aws", "mount", "ansible-playbook")]
        if order and order[-1] != "ansible-playbook":
            fail(f"{label}: ansible-playbook is not the last step (order: {order})")


def default_bake_images() -> dict[str, str]:
    """The ami-bake module's default images (image -> playbook), read from its variables.tf."""
    text = BAKE_VARIABLES.read_text(encoding="utf-8")
    block = re.search(r'variable "images" \{.*?default = \{(.*?)\n  \}', text, flags=re.S)
    if not block:
        raise ValueError(f"{BAKE_VARIABLES.relative_to(TERRAFORM_DIR)}: no default for variable images")
    return dict(re.findall(r'^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"([^"]+)"', block.group(1), flags=re.M))


def check_playbooks_exist(playbooks: list[str]) -> None:
    """The playbooks the templates run must exist in the repository's ansible/ tree, when it is there."""
    if not ANSIBLE_DIR.is_dir():
        print(f"user_data_gate: note: {ANSIBLE_DIR} not found, playbook names not cross-checked")
        return
    for playbook in playbooks:
        if not (ANSIBLE_DIR / playbook).is_file():
            fail(f"ansible/{playbook} does not exist, but the user data runs it")


def check_bake_behaviour(rendered: str, playbook: str, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        root = scratch / "root"
        status, calls, output = run_with_stubs(rendered, scratch)
        if status != 0:
            fail(f"{label}: exited {status} with stubbed commands: {output.strip()[-300:]}")
            return
        want = ["ansible-playbook", "-i", "localhost,", "-c", "local", f"{root}/opt/stackgate/ansible/{playbook}",
                "-e", f"stackgate_name={NAME}", "-e", f"stackgate_region={REGION}",
                "-e", f"stackgate_config_bucket={BUCKET}"]
        if find_calls(calls, "ansible-playbook") != [want]:
            fail(f"{label}: ansible-playbook calls {find_calls(calls, 'ansible-playbook')}, expected {want}")
        if not calls or calls[-1] != ["systemctl", "poweroff"]:
            fail(f"{label}: the last step is not 'systemctl poweroff' (the signal Terraform waits for): {calls[-1:] }")
        if (root / "etc" / "machine-id").read_text(encoding="utf-8"):
            fail(f"{label}: /etc/machine-id not emptied; every instance from the AMI would share it")
        if (root / "opt" / "stackgate" / "ansible").exists():
            fail(f"{label}: the Ansible tree is left in the image")


def main() -> int:
    if shutil.which("shellcheck") is None:
        print("user_data_gate: FAIL shellcheck not found on PATH (apt-get install shellcheck)")
        return 1
    checked = 0
    check_variables(NODE_TEMPLATE, NODE_CALLER)
    check_variables(BAKE_TEMPLATE, BAKE_CALLER)
    node_template = NODE_TEMPLATE.read_text(encoding="utf-8")
    bake_template = BAKE_TEMPLATE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for tier in TIERS:
            for store in ("efs", "s3"):
                label = f"user_data[{tier},{store}]"
                try:
                    rendered = render(node_template, {
                        "name": NAME, "tier": tier, "region": REGION, "config_bucket": BUCKET,
                        "config_store": store, "efs_id": EFS_ID}, label)
                except (KeyError, ValueError) as error:
                    fail(str(error))
                    continue
                script = out / f"user_data-{tier}-{store}.sh"
                script.write_text(rendered, encoding="utf-8")
                shellcheck(script, label)
                check_node_behaviour(rendered, tier, store, label)
                checked += 1
        bake_images = default_bake_images()
        if not bake_images:
            fail("the ami-bake module's images default names no image")
        check_playbooks_exist(["bootstrap.yml", *sorted(set(bake_images.values()))])
        for image, playbook in bake_images.items():
            label = f"bake_user_data[{image}]"
            try:
                rendered = render(bake_template, {
                    "name": NAME, "image": image, "region": REGION, "config_bucket": BUCKET,
                    "bake_playbook": playbook}, label)
            except (KeyError, ValueError) as error:
                fail(str(error))
                continue
            script = out / f"bake_user_data-{image}.sh"
            script.write_text(rendered, encoding="utf-8")
            shellcheck(script, label)
            check_bake_behaviour(rendered, playbook, label)
            checked += 1
    print(f"user_data_gate: {checked} rendered scripts checked (shellcheck, bash -n, stubbed run), {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
