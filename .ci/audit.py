"""Dependency audit for CI: pip-audit over the project's virtualenv.

Fails (exit 1) on a known vulnerability that has a fixed release; prints those without a fix.
pip-audit asks a vulnerability service (PyPI's per-release JSON API by default) about every
installed distribution. Where that service cannot be reached, pip-audit marks each dependency
"could not be audited" rather than failing; this script says so loudly, with the count, and exits
2 when nothing at all could be audited, so an audit that never ran is not mistaken for a clean one
(.ci/run decides what to do with 2).

    .venv/bin/python .ci/audit.py [--service pypi|osv]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def main() -> int:
    service = sys.argv[sys.argv.index("--service") + 1] if "--service" in sys.argv else "pypi"
    venv = Path(sys.executable).parent
    done = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [
            str(venv / "pip-audit"),
            "--skip-editable",
            "-f",
            "json",
            "-s",
            service,
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit gave no report (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return 2
    code, lines = verdict(report, service)
    print("\n".join(lines))
    return code


def verdict(report: dict[str, Any], service: str) -> tuple[int, list[str]]:
    """The exit code and the lines to print for a pip-audit JSON report."""
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    fixable: list[str] = []
    unfixable: list[str] = []
    for dependency in audited:
        for vuln in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixable.append(f"{line} (no fixed release yet)")
    lines = [
        f"pip-audit ({service}): {len(dependencies)} distributions, {len(audited)} audited, "
        f"{len(skipped)} could not be audited, {len(fixable)} vulnerabilities with a fix, "
        f"{len(unfixable)} without"
    ]
    lines += [f"  known, no fix yet: {line}" for line in unfixable]
    lines += [f"  FIX AVAILABLE: {line}" for line in fixable]
    if fixable:
        return 1, lines
    if not audited:
        reason = skipped[0]["skip_reason"] if skipped else "no distribution listed"
        lines.append(f"  the vulnerability service could not be reached: {reason}")
        return 2, lines
    return 0, lines


if __name__ == "__main__":
    sys.exit(main())
