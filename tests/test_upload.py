"""`invoke upload`: output/ copied with rsync over SSH to UPLOAD_USER@UPLOAD_HOST:UPLOAD_PATH.

No network: `ssh` on PATH is a stand-in that notes how it was called and runs the remote
rsync on this machine, so the real rsync protocol runs into a local folder, the "host"
(UPLOAD_HOST is 127.0.0.1: even a real ssh would reach nothing but loopback).
"""

import os
import shutil
import stat
import subprocess
import sys
import textwrap

import pytest

from build.output_folder import BuildLock
from build.upload import UploadRefused, upload
from conftest import ROOT, SITEURL, Site

FAKE_SSH = """\
#!/bin/sh
# ssh [-o OPTION]... [-l USER] HOST COMMAND...: note the call, run COMMAND here.
printf '%s\\n' "$*" >> "$SSH_CALLS"
[ -n "$SSH_FAILS" ] && { echo "Permission denied (publickey)." >&2; exit 255; }
while [ $# -gt 0 ]; do
  case "$1" in
    -o|-l|-p|-i) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
shift
[ -n "$SSH_NO_RSYNC" ] && PATH=/nonexistent
exec /bin/sh -c "$*"
"""


def rsync_or_skip():
    if shutil.which("rsync") is None:
        message = "rsync is missing: `invoke test` installs it (apt-get install rsync, as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small site built by `invoke publish` and one built as a preview."""
    sites = {}
    for mode in ("publish", "dev"):
        root = tmp_path_factory.mktemp(mode)
        site = Site(root)
        site.post("first-story", "Words.")
        site.post("second-story", "More words.")
        overrides = {} if mode == "publish" else {"SITEURL": "http://127.0.0.1:8000"}
        site.build(mode=mode, **overrides)
        sites[mode] = site
    return sites


@pytest.fixture
def host(tmp_path, monkeypatch):
    """The host's site folder (an old page and its .htaccess in it) and the settings that name it."""
    rsync_or_skip()
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    ssh = bin_folder / "ssh"
    ssh.write_text(FAKE_SSH)
    ssh.chmod(ssh.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SSH_CALLS", str(tmp_path / "ssh-calls.txt"))
    www = tmp_path / "www"
    (www / "2025" / "old-story").mkdir(parents=True)
    (www / "2025" / "old-story" / "index.html").write_text("an old page")
    (www / ".htaccess").write_text("ErrorDocument 404 /404.html")
    settings = {"SITEURL": SITEURL, "UPLOAD_HOST": "127.0.0.1", "UPLOAD_USER": "maya", "UPLOAD_PATH": str(www)}
    return www, settings, tmp_path / "ssh-calls.txt"


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_dry_run_lists_the_changes_and_changes_nothing(built, host):
    www, settings, calls = host
    before, said = files(www), []

    changes = upload(str(built["publish"].output), settings, dry_run=True, say=said.append)

    assert files(www) == before
    assert "upload 2026/first-story/index.html" in said and "upload sitemap.xml" in said
    assert "delete 2025/old-story/index.html" in said
    assert not any(".htaccess" in line for line in said)
    assert changes == len(said)
    call = calls.read_text()
    assert call.startswith("-o BatchMode=yes -o ConnectTimeout=30 -l maya 127.0.0.1 rsync --server ")
    assert "rsync --server -n" in call  # the host's rsync too is told to change nothing


def test_an_upload_makes_the_host_folder_the_site_and_keeps_its_dot_files(built, host):
    www, settings, calls = host
    output = built["publish"].output

    upload(str(output), settings, say=lambda line: None)

    assert files(www) == {**files(output), ".htaccess": b"ErrorDocument 404 /404.html"}
    assert not (www / "2025" / "old-story").exists()
    assert stat.S_IMODE((www / "index.html").stat().st_mode) == 0o644
    said = []
    assert upload(str(output), settings, say=said.append) == 0 and said == []  # nothing changed since
    assert all(call.startswith("-o BatchMode=yes ") for call in calls.read_text().splitlines())


def test_a_host_that_refuses_the_key_is_one_line_and_asks_no_password(built, host, monkeypatch):
    www, settings, _ = host
    monkeypatch.setenv("SSH_FAILS", "1")
    before = files(www)
    with pytest.raises(UploadRefused, match=r"^could not connect to maya@127\.0\.0\.1 over SSH, or log in with "
                                            r"a key .*never asks for a password\)$"):
        upload(str(built["publish"].output), settings, say=lambda line: None)
    assert files(www) == before


def test_a_host_without_rsync_is_one_line(built, host, monkeypatch):
    _, settings, _ = host
    monkeypatch.setenv("SSH_NO_RSYNC", "1")
    with pytest.raises(UploadRefused, match=r"^the host maya@127\.0\.0\.1 has no rsync .*with an SFTP program instead$"):
        upload(str(built["publish"].output), settings, say=lambda line: None)


@pytest.mark.parametrize("changed, says", [
    ({"UPLOAD_HOST": "", "UPLOAD_PATH": ""}, "UPLOAD_HOST and UPLOAD_PATH are not set. Fix: in pelicanconf.py"),
    ({"UPLOAD_PATH": ""}, "UPLOAD_PATH is not set."),
    ({"UPLOAD_PATH": "/"}, "UPLOAD_PATH = '/' is not a folder for the site alone"),
    ({"UPLOAD_PATH": "~/"}, "UPLOAD_PATH = '~/' is not a folder for the site alone"),
    ({"UPLOAD_PATH": "www/../.."}, "is not a folder for the site alone"),
    ({"UPLOAD_HOST": "maya@ssh.example.com"}, "UPLOAD_HOST = 'maya@ssh.example.com' is not a host name"),
    ({"UPLOAD_HOST": "-oProxyCommand=x"}, "is not a host name"),
    ({"SITEURL": "https://elsewhere.example"}, f"was made for {SITEURL}, not for your site's address "
                                               "https://elsewhere.example"),
])
def test_settings_that_would_upload_wrongly_are_refused(built, host, changed, says):
    www, settings, calls = host
    before = files(www)
    with pytest.raises(UploadRefused) as refused:
        upload(str(built["publish"].output), {**settings, **changed}, say=lambda line: None)
    assert says in str(refused.value)
    assert files(www) == before and not calls.exists()


def test_a_preview_or_a_missing_output_folder_is_refused(built, host, tmp_path):
    www, settings, calls = host
    with pytest.raises(UploadRefused, match=r"was made for http://127\.0\.0\.1:8000, not for your site's address"):
        upload(str(built["dev"].output), settings)
    with pytest.raises(UploadRefused, match=r"missing/ does not exist\. Fix: run `invoke publish` first"):
        upload(str(tmp_path / "missing"), settings)
    assert not calls.exists()


def test_no_upload_while_a_build_writes_the_folder(built, host):
    www, settings, calls = host
    output = built["publish"].output
    lock = BuildLock(str(output.parent), output.name)
    try:
        with pytest.raises(UploadRefused, match="a build is writing .* right now"):
            upload(str(output), settings)
    finally:
        lock.release()
    assert not calls.exists()


def test_invoke_upload_without_settings_says_what_to_set(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "output", "preview", "cache",
                                                                   "node_modules", "*.pyc", "__pycache__"))
    run = subprocess.run([sys.executable, "-m", "invoke", "upload", "--dry-run"], cwd=project,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == textwrap.dedent("""\
        Not uploaded: UPLOAD_HOST and UPLOAD_PATH are not set. Fix: in pelicanconf.py set UPLOAD_HOST \
(your host's SSH server, such as 'ssh.example.com'), UPLOAD_USER (your login there) and UPLOAD_PATH \
(the folder it serves your site from, such as 'public_html').""")
