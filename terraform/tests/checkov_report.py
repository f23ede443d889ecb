#!/usr/bin/env python3
"""Reads checkov's JSON report (-o json) and decides the checkov gate.

Passes when: no parsing errors, no failed check, every skipped check carries a
reason, and every required check id has at least one PASSED result.
Fails otherwise, naming each failed check (id, resource, file:lines), each
skip without a reason, and each required id that did not pass.

checkov's own --quiet drops the passed list from the JSON report, which this
gate needs, so the quiet view (failures and skips only) is printed here.

    checkov_report.py REPORT_JSON REQUIRED_ID...
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict


def load_results(path: str) -> tuple[dict, dict]:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    if isinstance(report, list):  # several frameworks: keep terraform's
        report = next((r for r in report if r.get("check_type") == "terraform"), {})
    if "results" not in report:
        # checkov reports {"passed": 0, "failed": 0, ...} when it found nothing to scan
        return {}, report
    return report["results"], report.get("summary", {})


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print(__doc__)
        return 2
    results, summary = load_results(argv[0])
    required = argv[1:]
    problems = []

    if not results:
        problems.append("checkov scanned no Terraform resources (wrong directory?)")
    for error in results.get("parsing_errors", []):
        problems.append(f"parsing error: {error}")
    for check in results.get("failed_checks", []):
        lines = "-".join(str(n) for n in check.get("file_line_range", []))
        problems.append(f"FAILED {check['check_id']} {check['resource']} ({check['file_path']}:{lines}): {check['check_name']}")

    skipped = results.get("skipped_checks", [])
    for check in skipped:
        reason = (check.get("check_result") or {}).get("suppress_comment", "").strip()
        if not reason or reason.lower() == "no comment provided":
            problems.append(f"SKIPPED WITHOUT REASON {check['check_id']} {check['resource']} ({check['file_path']})")

    passed_by_id = defaultdict(list)
    for check in results.get("passed_checks", []):
        passed_by_id[check["check_id"]].append(check["resource"])
    for check_id in required:
        if not passed_by_id.get(check_id):
            problems.append(f"required check {check_id} has no PASSED result")

    print(f"checkov: {summary.get('passed', 0)} passed, {summary.get('failed', 0)} failed, "
          f"{summary.get('skipped', 0)} skipped, {summary.get('parsing_errors', 0)} parsing errors, "
          f"{summary.get('resource_count', 0)} resources")
    for check in sorted(skipped, key=lambda c: (c["check_id"], c["resource"])):
        reason = (check.get("check_result") or {}).get("suppress_comment", "")
        print(f"checkov: skipped {check['check_id']} on {check['resource']}: {reason}")
    for check_id in required:
        if passed_by_id.get(check_id):
            print(f"checkov: required {check_id} PASSED on {len(passed_by_id[check_id])} resource(s), e.g. {passed_by_id[check_id][0]}")
    for problem in problems:
        print(f"checkov: FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
