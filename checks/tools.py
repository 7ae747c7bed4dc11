"""The outside tools the checks run, installed by name from apt and npm (never a downloaded binary).

apt (only when running as root, e.g. in CI): Java for the Nu HTML Checker, Chromium, Node and npm.
npm: the exact versions in checks/package-lock.json, installed with `npm ci --ignore-scripts`
(vnu-jar's install script would otherwise download a Java runtime of its own) and
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1. The install is skipped while node_modules matches the lock file.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

CHECKS = Path(__file__).resolve().parent
NODE_MODULES = CHECKS / "node_modules"
STAMP = NODE_MODULES / ".installed-from-lock"
CHROMIUM = "/usr/bin/chromium"

# command -> Debian package that provides it
APT_PACKAGES = {
    "java": "default-jre-headless",
    CHROMIUM: "chromium",
    "node": "nodejs",
    "npm": "npm",
}
# Fonts so screenshots and contrast checks see real glyphs on a bare machine.
APT_EXTRAS = ["fonts-liberation", "fonts-dejavu-core"]


class ToolMissing(Exception):
    """A tool is missing and cannot be installed here; the message says how to install it."""


def _have(command):
    return os.path.exists(command) if command.startswith("/") else shutil.which(command)


def ensure_system_tools():
    """Install missing apt packages when root; otherwise say which to install."""
    missing = [pkg for cmd, pkg in APT_PACKAGES.items() if not _have(cmd)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise ToolMissing(
            f"missing {', '.join(missing)}. Fix: sudo apt-get install -y {' '.join(missing)}"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing with apt-get: {' '.join(missing + APT_EXTRAS)}", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, *APT_EXTRAS],
        check=True,
        env=env,
    )


def _lock_digest():
    return hashlib.sha256((CHECKS / "package-lock.json").read_bytes()).hexdigest()


def ensure_node_modules():
    """`npm ci` the pinned tools into checks/node_modules unless they are already there."""
    digest = _lock_digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    env = dict(
        os.environ,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1",
        PUPPETEER_SKIP_DOWNLOAD="1",
        npm_config_fund="false",
        npm_config_audit="false",
        npm_config_update_notifier="false",
    )
    print("Installing the pinned check tools with npm ci (checks/package-lock.json)", flush=True)
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=CHECKS,
        check=True,
        env=env,
    )
    STAMP.write_text(digest + "\n")


def vnu_jar():
    return NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def ensure_all():
    ensure_system_tools()
    ensure_node_modules()
