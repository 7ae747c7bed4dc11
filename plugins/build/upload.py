"""`invoke upload`: the site `invoke publish` wrote to output/, copied to a web host with
rsync over SSH (UPLOAD_USER@UPLOAD_HOST:UPLOAD_PATH in pelicanconf.py).

Only a whole publish build leaves: output/ must exist and have been made for the site's
address (its sitemap.xml lists SITEURL's pages, not the preview's 127.0.0.1), and the
output/ lock is held while rsync reads it, so a publish started meanwhile cannot swap a new
site in halfway through. rsync sends only the files whose content changed (--checksum)
and deletes, inside UPLOAD_PATH only, what the new site no longer has (--delete), sparing
the host's own dot-files (.htaccess, .well-known/). `--dry-run` lists the same changes and
makes none. SSH logs in with a key (the ssh agent, or ~/.ssh): BatchMode=yes means it never
asks for a password, so none is ever typed, passed or stored here.
"""

import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree

from writing_checks.errors import display_path

from .output_folder import BuildLock, FolderProblem

SSH = "ssh -o BatchMode=yes -o ConnectTimeout=30"
# Remote folders (written without their last /) that hold more than a site: --delete there
# would wipe the rest (the root, the login's home).
NOT_A_SITE_FOLDER = {"", ".", "~"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class UploadRefused(Exception):
    """Nothing was uploaded; str() is the one line for the coach."""


def destination(settings):
    """`[user@]host:path/` from UPLOAD_HOST, UPLOAD_USER and UPLOAD_PATH, or UploadRefused."""
    host, user, path = (str(settings.get(name) or "").strip()
                        for name in ("UPLOAD_HOST", "UPLOAD_USER", "UPLOAD_PATH"))
    missing = [name for name, value in (("UPLOAD_HOST", host), ("UPLOAD_PATH", path)) if not value]
    if missing:
        raise UploadRefused(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set. Fix: in pelicanconf.py "
            "set UPLOAD_HOST (your host's SSH server, such as 'ssh.example.com'), UPLOAD_USER (your login "
            "there) and UPLOAD_PATH (the folder it serves your site from, such as 'public_html')")
    for name, value in (("UPLOAD_HOST", host), ("UPLOAD_USER", user)):
        if value.startswith("-") or any(c in value for c in "@:/ \t\\"):
            raise UploadRefused(f"{name} = {value!r} is not a {'host name' if name == 'UPLOAD_HOST' else 'login'}. "
                                "Fix: write the host alone in UPLOAD_HOST ('ssh.example.com') and your login "
                                "alone in UPLOAD_USER ('maya')")
    if path.rstrip("/") in NOT_A_SITE_FOLDER or ".." in path.split("/"):
        raise UploadRefused(
            f"UPLOAD_PATH = {path!r} is not a folder for the site alone: uploading deletes whatever else is "
            "in it. Fix: set UPLOAD_PATH to the folder your host serves the site from, such as "
            "'public_html' or '/var/www/my-site'")
    return f"{user + '@' if user else ''}{host}:{path.rstrip('/')}/"


def check_publish_build(output, siteurl):
    """UploadRefused unless `output` holds a whole site `invoke publish` made for `siteurl`."""
    shown = display_path(output).rstrip("/") + "/"
    if not os.path.isdir(output):
        raise UploadRefused(f"{shown} does not exist. Fix: run `invoke publish` first")
    sitemap = os.path.join(output, "sitemap.xml")
    try:
        first = ElementTree.parse(sitemap).getroot().findtext(f"{SITEMAP_NS}url/{SITEMAP_NS}loc") or ""
    except (OSError, ElementTree.ParseError):
        raise UploadRefused(f"{shown} has no readable sitemap.xml, so it is not a site `invoke publish` "
                            "made. Fix: run `invoke publish`, then upload") from None
    siteurl = str(siteurl or "").rstrip("/")
    if first.rstrip("/") != siteurl:
        raise UploadRefused(
            f"{shown} was made for {first.rstrip('/') or 'another address'}, not for your site's address "
            f"{siteurl} (SITEURL in publishconf.py), so its links would lead there. Fix: run "
            "`invoke publish`, then upload")


def rsync_command(output, target, dry_run=False):
    """The rsync call: the contents of `output` into `target`, by content, deleting what
    the site no longer has (never the host's dot-files), readable by the web server."""
    command = ["rsync", "--recursive", "--checksum", "--compress", "--delete", "--exclude=.*",
               "--chmod=D755,F644", "--out-format=%o %n", "-e", SSH]
    if dry_run:
        command.append("--dry-run")
    return command + [os.path.join(output, ""), target]


CHANGES = {"send": "upload", "del.": "delete"}


def upload(output, settings, dry_run=False, say=print):
    """Upload `output` as settings say; print each change; return the number of changes.
    UploadRefused (nothing uploaded) when settings, output/, rsync or the host say no."""
    target = destination(settings)
    check_publish_build(output, settings.get("SITEURL"))
    if shutil.which("rsync") is None:
        raise UploadRefused("rsync is not installed on this computer. Fix: install it (Debian or Ubuntu: "
                            "sudo apt-get install rsync; a Mac has it), then upload again")
    parent, name = os.path.split(os.path.abspath(output).rstrip(os.sep))
    try:
        lock = BuildLock(parent, name)
    except FolderProblem:
        raise UploadRefused(f"a build is writing {display_path(output).rstrip('/')}/ right now. Fix: wait "
                            "for it to finish, then upload") from None
    try:
        changes = _run(rsync_command(output, target, dry_run), say)
    finally:
        lock.release()
    return changes


def _run(command, say):
    """Run rsync, each change said as one line ("upload 2026/x/index.html"); what it says
    on stderr goes on to the terminal as it comes. UploadRefused when it fails."""
    changes, complaints = 0, []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace") as process:
        echo = threading.Thread(target=_echo, args=(process.stderr, complaints), daemon=True)
        echo.start()
        for line in process.stdout:
            operation, _, name = line.rstrip("\n").partition(" ")
            if operation in CHANGES and not name.endswith("/"):  # folders follow their files
                changes += 1
                say(f"{CHANGES[operation]} {name}")
        echo.join()
    if process.returncode != 0:
        raise UploadRefused(_failure(process.returncode, "".join(complaints), command[-1].rsplit(":", 1)[0]))
    return changes


def _echo(stream, kept):
    for line in stream:
        kept.append(line)
        sys.stderr.write(line)


def _failure(code, complaints, login):
    """The line for a failed rsync: the host's door (SSH), its rsync, or the copy itself."""
    said = f"exit code {code}; the lines above say why"
    if "not found" in complaints and "0 bytes received" in complaints:
        return (f"the host {login} has no rsync ({said}). Fix: ask your host to install it, or upload "
                "the contents of output/ with an SFTP program instead")
    if code == 255 or "0 bytes received" in complaints:
        return (f"could not connect to {login} over SSH, or log in with a key ({said}). Fix: check "
                f"UPLOAD_HOST and UPLOAD_USER; log in once with `ssh {login}` to accept the host's key, and "
                "load your key with `ssh-add` (this task never asks for a password)")
    return (f"rsync stopped ({said}). Fix: check UPLOAD_PATH and that you may write there, then upload "
            "again (until then the host may hold part of the new site)")
