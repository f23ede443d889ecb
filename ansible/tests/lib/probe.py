#!/usr/bin/env python3
"""Small probes for run-gates.sh. Each prints what it saw and exits 0 (as expected) or 1.

  free-ports N                  N free loopback TCP ports, as a JSON list
  ready URL                     GET answers 200
  replica-label URL LABEL VALUE Prometheus /api/v1/status/config shows LABEL: VALUE, expanded
  cluster-peers URL N           Alertmanager /api/v2/status lists N cluster peers
  metric URL NAME               a /metrics page has a sample of NAME
  recap LOG                     the PLAY RECAP of an ansible-playbook log has changed=0, failed=0

Only loopback URLs are probed: the gates never send traffic anywhere else.
"""
import ipaddress
import json
import re
import socket
import sys
import urllib.parse
import urllib.request


def get(url):
    host = urllib.parse.urlparse(url).hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"probe: refusing non-loopback URL {url}")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    with opener.open(url, timeout=3) as response:
        return response.status, response.read().decode("utf-8", "replace")


def verdict(ok, seen):
    print(seen)
    sys.exit(0 if ok else 1)


def free_ports(count):
    sockets = []
    for _ in range(int(count)):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    print(json.dumps([sock.getsockname()[1] for sock in sockets]))
    for sock in sockets:
        sock.close()


def ready(url):
    status, body = get(url)
    verdict(status == 200, f"{url} -> {status} {body.strip()[:80]}")


def replica_label(url, label, value):
    _, body = get(url)
    config = json.loads(body)["data"]["yaml"]
    labels = re.search(r"external_labels:\n((?:    .*\n)+)", config)
    seen = labels.group(1).strip().replace("\n", ",") if labels else "no external_labels"
    verdict(re.search(rf"^    {re.escape(label)}: {re.escape(value)}$", config, re.M) is not None, f"external_labels: {seen}")


def cluster_peers(url, count):
    _, body = get(url)
    cluster = json.loads(body)["cluster"]
    peers = sorted(peer["address"] for peer in cluster.get("peers") or [])
    verdict(len(peers) == int(count), f"cluster status={cluster.get('status')} peers={peers}")


def metric(url, name):
    _, body = get(url)
    lines = [line for line in body.splitlines() if line.startswith(name)]
    verdict(bool(lines), lines[0] if lines else f"no {name} among {len(body.splitlines())} lines")


def recap(log):
    with open(log, encoding="utf-8") as handle:
        rows = re.findall(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", handle.read(), re.M)
    if not rows:
        verdict(False, f"no PLAY RECAP in {log}")
    bad = [row for row in rows if row[2] != "0" or row[3] != "0" or row[4] != "0"]
    verdict(not bad, "; ".join(f"{r[0]}: ok={r[1]} changed={r[2]} unreachable={r[3]} failed={r[4]}" for r in rows))


COMMANDS = {"free-ports": free_ports, "ready": ready, "replica-label": replica_label,
            "cluster-peers": cluster_peers, "metric": metric, "recap": recap}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](*sys.argv[2:])
    except (OSError, ValueError, KeyError) as error:
        verdict(False, f"{type(error).__name__}: {error}")
