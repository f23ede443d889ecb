#!/usr/bin/env python3
"""Small probes for run-gates.sh. Each prints what it saw and exits 0 (as expected) or 1.

  free-ports N                  N free loopback TCP ports, as a JSON list
  ready URL                     GET answers 200
  replica-label URL LABEL VALUE Prometheus /api/v1/status/config shows LABEL: VALUE, expanded
  cluster-peers URL N           Alertmanager /api/v2/status lists N cluster peers
  metric URL NAME               a /metrics page has a sample of NAME
  recap LOG                     the PLAY RECAP of an ansible-playbook log has changed=0, failed=0
  flag URL NAME VALUE           Prometheus /api/v1/status/flags has NAME=VALUE
  dedup URL QUERY LABEL R1,R2   thanos query: QUERY without dedup has series from exactly the
                                replicas R1,R2 (LABEL=R…), with dedup each of them once and no LABEL
  imdsv2 URL ITEM VALUE         an instance metadata service that requires IMDSv2: a tokenless GET of
                                /latest/meta-data/ITEM is refused (401), with a session token it is VALUE;
                                exits 3 when the service answers otherwise (it will not change its mind)

Only loopback URLs are probed: the gates never send traffic anywhere else.
"""
import ipaddress
import json
import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request


def get(url, method="GET", headers=None):
    host = urllib.parse.urlparse(url).hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"probe: refusing non-loopback URL {url}")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    with opener.open(urllib.request.Request(url, method=method, headers=headers or {}), timeout=3) as response:
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


def flag(url, name, value):
    _, body = get(url)
    seen = json.loads(body)["data"].get(name)
    verdict(seen == value, f"{name}={seen}")


def dedup(url, query, label, replicas):
    def series(dedup_on):
        params = urllib.parse.urlencode({"query": query, "dedup": str(dedup_on).lower(), "partial_response": "false"})
        _, body = get(f"{url}/api/v1/query?{params}")
        answer = json.loads(body)
        if answer.get("status") != "success":
            return None, f"dedup={dedup_on}: {answer.get('status')} {answer.get('error', '')}"
        return [s["metric"] for s in answer["data"]["result"]], ""

    raw, problem = series(False)
    merged, problem2 = series(True)
    if raw is None or merged is None:
        verdict(False, problem or problem2)
    wanted = sorted(replicas.split(","))
    seen = sorted({m.get(label, "") for m in raw})
    # one series per replica and target without dedup; the same series, label dropped, with it
    strip = sorted(json.dumps({k: v for k, v in m.items() if k != label}, sort_keys=True) for m in raw)
    ok = (seen == wanted and len(merged) * len(wanted) == len(raw) > 0
          and not any(label in m for m in merged)
          and sorted(json.dumps(m, sort_keys=True) for m in merged) == sorted(set(strip)))
    verdict(ok, f"{query}: {len(raw)} series from {label}={seen} without dedup, {len(merged)} with dedup"
                f" ({sorted(json.dumps(m, sort_keys=True) for m in merged)[:2]})")


def imdsv2(url, item, value):
    target = f"{url}/latest/meta-data/{item}"
    try:
        status, body = get(target)
    except urllib.error.HTTPError as error:
        status, body = error.code, ""
    if status != 401:
        print(f"tokenless GET {target} -> {status} {body.strip()[:60]}, want 401: IMDSv2 is not required")
        sys.exit(3)
    _, token = get(f"{url}/latest/api/token", "PUT", {"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    _, seen = get(target, headers={"X-aws-ec2-metadata-token": token.strip()})
    if seen.strip() != value:
        print(f"tokenless GET -> 401; with a token {item}={seen.strip()[:60]}, want {value}")
        sys.exit(3)
    verdict(True, f"tokenless GET -> 401; with a token {item}={seen.strip()}")


COMMANDS = {"free-ports": free_ports, "ready": ready, "replica-label": replica_label,
            "cluster-peers": cluster_peers, "metric": metric, "recap": recap, "flag": flag, "dedup": dedup,
            "imdsv2": imdsv2}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](*sys.argv[2:])
    except (OSError, ValueError, KeyError) as error:
        verdict(False, f"{type(error).__name__}: {error}")
