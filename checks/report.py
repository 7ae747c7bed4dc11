"""Findings: one line each (file, what is wrong), and the summary that ends a run."""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One problem a check found. `level` is "error" (fails the run) or "warning"."""

    check: str
    where: str
    problem: str
    level: str = "error"

    def line(self):
        return f"{self.level.upper()} [{self.check}] {self.where}: {self.problem}"


class Report:
    """Collects findings per check, prints each at once, and tells whether the run failed."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.findings = []
        self.checks_run = []

    def start(self, check, what):
        self.checks_run.append(check)
        print(f"--- {check}: {what}", file=self.stream, flush=True)

    def add(self, findings):
        for finding in findings:
            self.findings.append(finding)
            print(finding.line(), file=self.stream, flush=True)

    def errors(self):
        return [f for f in self.findings if f.level == "error"]

    def summary(self):
        errors = self.errors()
        warnings = len(self.findings) - len(errors)
        per_check = {}
        for finding in errors:
            per_check[finding.check] = per_check.get(finding.check, 0) + 1
        detail = ", ".join(f"{name} {count}" for name, count in per_check.items())
        verdict = "FAILED" if errors else "passed"
        line = (
            f"check {verdict}: {len(errors)} error(s), {warnings} warning(s) "
            f"from {len(self.checks_run)} check(s) ({', '.join(self.checks_run)})"
        )
        return line + (f"; errors by check: {detail}" if detail else "")
