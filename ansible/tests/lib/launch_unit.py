#!/usr/bin/env python3
"""Starts a daemon the way systemd would from a packaged unit plus the drop-ins a role wrote.

    launch_unit.py UNIT_FILE [DROPIN ...]

Reads [Service] ExecStart=, EnvironmentFile=, Environment=, User=, Group= from the unit, then
from each drop-in in order (an empty assignment resets a list, as in systemd; a line ending in a
backslash continues on the next, as in systemd), loads the
environment files with systemd's quoting rules, expands $VAR (split into words) and ${VAR}
(one word) in ExecStart, drops to User/Group and execs the command. The gates use it to run
exactly what the roles configured, on a machine without systemd.
"""
import grp
import os
import pwd
import re
import shlex
import sys


def parse_unit(path, settings):
    section = None
    with open(path, encoding="utf-8") as handle:
        text = re.sub(r"\\\n", " ", handle.read())
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line
                continue
            if section != "[Service]" or "=" not in line:
                continue
            key, value = (part.strip() for part in line.split("=", 1))
            if key in ("EnvironmentFile", "Environment", "ExecStart"):
                settings[key] = [] if value == "" else settings.get(key, []) + [value]
            elif key in ("User", "Group"):
                settings[key] = value


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    return value


def load_environment_file(spec, env):
    optional = spec.startswith("-")
    path = spec[1:] if optional else spec
    if not os.path.exists(path):
        if optional:
            return
        sys.exit(f"launch_unit: EnvironmentFile {path} does not exist")
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line[0] in "#;" or "=" not in line:
                continue
            key, value = line.split("=", 1)
            env[key.strip()] = unquote(value.strip())


def expand(command, env):
    argv = []
    for word in shlex.split(command):
        whole = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", word)
        if whole:
            argv.extend(env.get(whole.group(1), "").split())
        else:
            argv.append(re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: env.get(m.group(1), ""), word))
    return argv


def main(paths):
    if not paths:
        sys.exit(__doc__)
    settings = {}
    for path in paths:
        parse_unit(path, settings)
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    for assignment in settings.get("Environment", []):
        for pair in shlex.split(assignment):
            key, _, value = pair.partition("=")
            env[key] = value
    for spec in settings.get("EnvironmentFile", []):
        load_environment_file(spec, env)
    if len(settings.get("ExecStart", [])) != 1:
        sys.exit(f"launch_unit: expected one ExecStart in {paths}, got {settings.get('ExecStart')}")
    argv = expand(settings["ExecStart"][0].lstrip("-@+!:"), env)
    if "User" in settings:
        user = pwd.getpwnam(settings["User"])
        group = grp.getgrnam(settings.get("Group", user.pw_name)).gr_gid if "Group" in settings else user.pw_gid
        os.setgroups([])
        os.setgid(group)
        os.setuid(user.pw_uid)
        env["HOME"], env["USER"] = user.pw_dir, user.pw_name
    print("launch_unit: exec " + " ".join(shlex.quote(a) for a in argv), file=sys.stderr, flush=True)
    os.execve(argv[0], argv, env)


if __name__ == "__main__":
    main(sys.argv[1:])
