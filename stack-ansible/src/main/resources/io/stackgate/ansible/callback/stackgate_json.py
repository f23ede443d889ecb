# Stdout callback of stackgate's ansible-playbook driver (io.stackgate.ansible.AnsiblePlaybook).
#
# ansible-core ships no JSON stdout callback (the json callback lives in the ansible.posix
# collection, which stackgate does not assume), so the driver brings this one. It prints one short
# line per event to stdout, for people reading a log, and at the end of the run writes one JSON
# document to the file named by STACKGATE_ANSIBLE_RESULT (stdout when unset):
#   {"format": "stackgate-ansible-result/1",
#    "plays": [{"name": ..., "tasks": [{"name", "role", "action", "handler",
#                                        "hosts": {host: {"status", "changed", "msg", ...}}}]}],
#    "stats": {host: {"ok", "changed", "failures", "unreachable", "skipped", "rescued", "ignored"}}}
# Only a few fields of each task result are kept (never the module's whole return value), and
# results Ansible censored for no_log stay censored: no secret reaches the file.
# Works on ansible-core 2.14 (Debian 12) through 2.21.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = """
    name: stackgate_json
    type: stdout
    short_description: one line per event on stdout, the run as JSON in a file
    description:
      - Writes the plays, tasks, per-host outcomes and stats of a run as one JSON document to the
        file named by the STACKGATE_ANSIBLE_RESULT environment variable (stdout when unset).
    requirements:
      - set as the stdout callback (ANSIBLE_STDOUT_CALLBACK=stackgate_json)
"""

import json
import os

from ansible.plugins.callback import CallbackBase

FORMAT = "stackgate-ansible-result/1"
MAX_TEXT = 4000


def _text(value):
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT] + "... (%d characters cut)" % (len(value) - MAX_TEXT)
    return value


def _parts(result):
    """(host name, task, result dict) of a task result on any supported ansible-core."""
    host = getattr(result, "host", None)
    if host is None:
        host = result._host
    task = getattr(result, "task", None)
    if task is None:
        task = result._task
    data = getattr(result, "result", None)
    if data is None:
        data = result._result
    return host.get_name(), task, data


def _item_messages(data):
    """The messages of the failed items of a loop task."""
    messages = []
    for item in data.get("results") or []:
        if isinstance(item, dict) and item.get("failed"):
            message = item.get("msg") or item.get("stderr")
            if message:
                messages.append(_text(message))
    return messages


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "stackgate_json"

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._plays = []
        self._tasks = {}

    # ---- structure ------------------------------------------------------------------------

    def _play(self):
        if not self._plays:
            self._plays.append({"name": "", "tasks": []})
        return self._plays[-1]

    def _task_entry(self, task, handler=False):
        key = str(task._uuid)
        entry = self._tasks.get(key)
        if entry is None:
            role = task._role.get_name(include_role_fqcn=False) if task._role else None
            entry = {
                "name": _text(task.name) or _text(task.action) or "",
                "role": role,
                "action": _text(task.action),
                "handler": handler,
                "hosts": {},
            }
            self._tasks[key] = entry
            self._play()["tasks"].append(entry)
        return entry

    def v2_playbook_on_play_start(self, play):
        name = play.get_name().strip()
        self._plays.append({"name": name, "tasks": []})
        self._tasks = {}
        self._display.display("PLAY [%s]" % name)

    def v2_playbook_on_task_start(self, task, is_conditional):
        entry = self._task_entry(task)
        self._display.display("TASK [%s]" % ((entry["role"] + " : " if entry["role"] else "") + entry["name"]))

    def v2_playbook_on_handler_task_start(self, task):
        entry = self._task_entry(task, handler=True)
        self._display.display("HANDLER [%s]" % ((entry["role"] + " : " if entry["role"] else "") + entry["name"]))

    # ---- outcomes -------------------------------------------------------------------------

    def _record(self, result, status, ignored=False):
        host, task, data = _parts(result)
        entry = self._task_entry(task)
        outcome = {
            "status": status,
            "changed": bool(data.get("changed", False)),
            "ignored": bool(ignored),
        }
        msg = data.get("msg")
        if data.get("censored"):
            msg = data.get("censored")
        if msg is None and status == "failed":
            msg = data.get("stderr") or data.get("reason")
        if msg is not None:
            outcome["msg"] = _text(msg)
        if status == "failed":
            items = _item_messages(data)
            if items:
                outcome["item_msgs"] = items
            for key in ("rc", "stderr", "stdout"):
                if data.get(key) not in (None, ""):
                    outcome[key] = data.get(key) if key == "rc" else _text(data.get(key))
        if status == "skipped" and data.get("skip_reason"):
            outcome["skip_reason"] = _text(data.get("skip_reason"))
        entry["hosts"][host] = outcome
        line = "%s: [%s]" % (status, host)
        if ignored:
            line += " (ignored)"
        if status in ("failed", "unreachable") and outcome.get("msg"):
            line += " => %s" % outcome["msg"].replace("\n", " ")
            if outcome.get("item_msgs"):
                line += " (%s)" % "; ".join(m.replace("\n", " ") for m in outcome["item_msgs"])
            if outcome.get("stderr") and outcome["stderr"] != outcome["msg"]:
                line += " stderr: %s" % outcome["stderr"].replace("\n", " ")[:500]
        self._display.display(line)

    def v2_runner_on_ok(self, result):
        _, _, data = _parts(result)
        self._record(result, "changed" if data.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed", ignored=ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    # ---- the end --------------------------------------------------------------------------

    def v2_playbook_on_stats(self, stats):
        summary = {}
        for host in sorted(stats.processed.keys()):
            s = stats.summarize(host)
            summary[host] = dict((k, int(v)) for k, v in s.items())
            self._display.display(
                "RECAP %s ok=%d changed=%d failed=%d unreachable=%d skipped=%d rescued=%d ignored=%d"
                % (host, s.get("ok", 0), s.get("changed", 0), s.get("failures", 0), s.get("unreachable", 0),
                   s.get("skipped", 0), s.get("rescued", 0), s.get("ignored", 0)))
        document = json.dumps({"format": FORMAT, "plays": self._plays, "stats": summary},
                              sort_keys=True, default=str)
        target = os.environ.get("STACKGATE_ANSIBLE_RESULT")
        if target:
            with open(target, "w") as out:
                out.write(document + "\n")
        else:
            self._display.display(document)
