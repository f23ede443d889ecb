#!/usr/bin/env python3
"""A STUB standing in for grafana-server in tests only (Grafana cannot be installed on the test
machine). It answers the two endpoints stackgate's checks call, the way Grafana would: /api/health,
and the datasource health of uid stackgate-prometheus, which it computes like Grafana does for a
Prometheus datasource: read the provisioned datasource URL and run the query 1+1 against it.
STUB_DATASOURCE_URL overrides the provisioned URL (to break the datasource on purpose)."""
import json
import os
import sys
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def provisioned_url():
    config = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--config=")), "")
    provisioning = None
    for line in open(config, encoding="utf-8"):
        if line.startswith("provisioning = "):
            provisioning = line.split("=", 1)[1].strip()
    path = os.path.join(provisioning, "datasources", "stackgate.yml")
    for line in open(path, encoding="utf-8"):
        if line.strip().startswith("url:"):
            return line.split(":", 1)[1].strip().strip('"')
    raise SystemExit("no datasource url in " + path)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/api/health":
            return self.reply(200, {"database": "ok", "version": "stub"})
        if self.path == "/api/datasources/uid/stackgate-prometheus/health":
            url = os.environ.get("STUB_DATASOURCE_URL") or provisioned_url()
            try:
                q = url.rstrip("/") + "/api/v1/query?query=" + urllib.parse.quote("1+1")
                with urllib.request.urlopen(q, timeout=3) as r:
                    ok = json.load(r)["data"]["result"][1] == "2"
            except Exception as e:  # noqa: BLE001 - any failure is an unhealthy datasource
                return self.reply(400, {"status": "ERROR", "message": str(e)})
            if ok:
                return self.reply(200, {"status": "OK", "message": "Successfully queried the Prometheus API."})
            return self.reply(400, {"status": "ERROR", "message": "unexpected answer"})
        return self.reply(404, {"message": "not found"})


ThreadingHTTPServer((os.environ["GF_SERVER_HTTP_ADDR"], int(os.environ["GF_SERVER_HTTP_PORT"])), Handler).serve_forever()
