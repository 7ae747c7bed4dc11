"""A build that is killed, or that the system stops, leaves a clean state: output/ is the
last good site or the new one, complete; no process of the build lives on; what a killed
build left is removed by the next build and by `invoke clean`; a refused folder, a second
build, a full disk, a file deleted mid-build and a bad link under content/ are one line."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from pelican import signals

from build import output_folder, parallel
from conftest import ROOT, SETTINGS, Site


# The build of `invoke build`, in a process of its own, stopped at a named step for a test
# to kill it there: it writes the signal file (with the worker's pid at "worker reading")
# and sleeps. Steps: "worker reading" (the second process reads posts), "writing" (the
# first page is written into the staging folder), "written" (the site is complete, not yet
# in place), "swapped" (exchanged with output/, the old site still under the staging name),
# "retiring" (the old site renamed .output-old-*, not yet deleted).
BUILD = """
import json, os, sys, time
args = json.loads(sys.argv[1])
sys.path.insert(0, args["plugins"])
from pelican import signals
from build import output_folder, parallel, runner

MAIN = os.getpid()

def pause(step, note=""):
    if args.get("pause") == step and os.getpid() == MAIN:  # not in the worker that writes pages too
        with open(args["signal"] + ".tmp", "w") as handle:
            handle.write(str(note))
        os.rename(args["signal"] + ".tmp", args["signal"])
        time.sleep(600)

def after(owner, name, step, note=lambda *a: ""):
    original = getattr(owner, name)
    def paused(*a, **k):
        result = original(*a, **k)
        pause(step, note(*a))
        return result
    setattr(owner, name, paused)

after(parallel.SharedItems, "__init__", "worker reading", lambda share, *a: share.worker.pid)
signals.content_written.connect(lambda path, context: pause("writing"), weak=False)
before_publish = output_folder.StagedOutput.publish
output_folder.StagedOutput.publish = lambda staged: (pause("written"), before_publish(staged))
after(output_folder, "_exchange", "swapped")
before_delete = output_folder._delete_later
output_folder._delete_later = lambda path: (pause("retiring"), before_delete(path))
sys.argv[:] = args.get("argv") or sys.argv  # as invoke would start it (the busy line names the command)
try:
    runner.build(args["settings"], args["overrides"])
    print(json.dumps("built"))
except runner.BuildFailed as failure:
    print(json.dumps(failure.lines))
"""


def posts(site, version, count=64):
    """`count` posts, each saying `version`: enough for a second process to read some, and
    more than the pipe it sends them back through holds at once."""
    for number in range(count):
        site.post(f"post-{number}", f"Post {number}, {version} version.\n\n" + "Some words. " * 300,
                  date=f"2026-01-{number % 28 + 1:02d}")


def state(site):
    """What is in output/."""
    return site.snapshot()


def leftovers(site):
    """The staging and replaced folders and the lock beside output/ (once this process has
    deleted the site its last build replaced, which it does after the build returns)."""
    output_folder.wait_for_deletions()
    return sorted(p.name for p in site.output.parent.iterdir() if p.name.startswith(".output"))


def start(site, pause=None, mode="dev", argv=None, **overrides):
    """The build in its own process group; with `pause`, wait until it stops at that step
    and return (process, note); `argv`: the command line it seems to run from."""
    signal_file = site.root / "paused"
    signal_file.unlink(missing_ok=True)
    args = {"plugins": str(ROOT / "plugins"), "settings": str(SETTINGS[mode]),
            "overrides": site._overrides(overrides), "pause": pause, "signal": str(signal_file), "argv": argv}
    # Its output goes to a file: a pipe would be held open by a process the build left.
    printed_to = tempfile.TemporaryFile()
    process = subprocess.Popen([sys.executable, "-c", BUILD, json.dumps(args)], start_new_session=True,
                               stdout=printed_to, stderr=subprocess.STDOUT)
    process.printed_to = printed_to
    if pause is None:
        return process, None
    deadline = time.monotonic() + 60
    while not signal_file.exists():
        assert process.poll() is None, f"the build ended before {pause!r}: {printed(process)}"
        assert time.monotonic() < deadline, f"the build never reached {pause!r}"
        time.sleep(0.01)
    return process, signal_file.read_text()


def printed(process):
    """What the build printed, once it has ended."""
    process.wait()
    process.printed_to.seek(0)
    return process.printed_to.read().decode()


def kill(process):
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def alive_in_group(group):
    """Processes of process group `group` still running (not zombies)."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(entry))
    return alive


def assert_no_process_left(group, seconds=10):
    deadline = time.monotonic() + seconds
    while alive_in_group(group):
        if time.monotonic() > deadline:
            left = alive_in_group(group)
            os.killpg(group, signal.SIGKILL)  # the test ends them, then fails
            pytest.fail(f"processes of the killed build still run: {left}")
        time.sleep(0.05)


# --- kill -9 ------------------------------------------------------------------------------


@pytest.mark.parametrize("step, shows", [
    ("worker reading", "old"), ("writing", "old"), ("written", "old"),
    ("swapped", "new"), ("retiring", "new"),
])
def test_a_build_killed_at_any_step_leaves_a_whole_site_and_no_process(site, step, shows):
    if step == "worker reading" and not parallel.worth_sharing({}, 64):
        pytest.skip("one core: the build reads every post in one process")
    posts(site, "old")
    site.build()
    old = state(site)
    posts(site, "new")
    process, note = start(site, step)
    if step == "worker reading":
        assert int(note) in alive_in_group(process.pid), "the second process was not running"
    kill(process)
    assert_no_process_left(process.pid)
    killed = state(site)
    assert leftovers(site), "the kill left nothing to clean: the step was not reached"

    site.build()  # the next build removes what the killed one left
    assert leftovers(site) == []
    new = state(site)
    assert killed == {"old": old, "new": new}[shows]
    assert "new version" in site.text("2026/post-1/index.html")


def test_a_build_killed_after_any_delay_leaves_the_old_or_the_new_site(site):
    posts(site, "old")
    process, _ = start(site)
    began = time.monotonic()
    assert json.loads(printed(process)) == "built"
    duration = time.monotonic() - began
    old = state(site)
    posts(site, "new")
    seen = []
    for fraction in (0.3, 0.5, 0.7, 0.8, 0.9, 1.0):
        process, _ = start(site)
        time.sleep(duration * fraction)
        kill(process)
        assert_no_process_left(process.pid)
        seen.append(state(site))
    site.build()
    assert leftovers(site) == []
    new = state(site)
    assert new != old
    for found in seen:
        assert found in (old, new)


def test_invoke_clean_removes_what_a_killed_build_left(site):
    """`invoke clean` in a project: output/, preview/, cache/ and every leftover go."""
    shutil.copy(ROOT / "tasks.py", site.root / "tasks.py")
    os.symlink(ROOT / "plugins", site.root / "plugins")
    site.post("story")
    site.build()
    process, _ = start(site, "written")
    kill(process)
    (site.root / "preview").mkdir()
    assert leftovers(site) == [".output-build-" + leftovers(site)[0].rsplit("-", 1)[1], ".output.lock"]
    cleaned = subprocess.run([sys.executable, "-m", "invoke", "clean"], cwd=site.root,
                             capture_output=True, text=True, timeout=120)
    assert cleaned.returncode == 0, cleaned.stderr
    assert sorted(p.name for p in site.root.iterdir()) == ["content", "paused", "plugins", "tasks.py"]


# --- two builds at once -------------------------------------------------------------------


def test_a_build_beside_invoke_serve_names_it(site):
    """The coach left `invoke serve` running in another window: the line says so."""
    site.post("story")
    site.build()
    process, _ = start(site, "writing", argv=["/home/maya/site/.venv/bin/invoke", "serve", "--port", "8001"])
    try:
        lines = site.build_fails()
    finally:
        kill(process)
    assert lines == [
        f"{site.output}/: another build is running (pid {process.pid}, invoke serve) and writing this folder. "
        "Fix: wait for it to finish or stop it (Ctrl-C in the window where invoke serve runs), then build again; "
        "the site was not changed"
    ]


def test_a_second_build_of_the_same_folder_is_one_line_and_changes_nothing(site):
    site.post("story")
    site.build()
    before = site.snapshot()
    site.post("story", "Changed.")
    process, _ = start(site, "writing")
    try:
        lines = site.build_fails()
        shutil.copy(ROOT / "tasks.py", site.root / "tasks.py")
        os.symlink(ROOT / "plugins", site.root / "plugins")
        cleaned = subprocess.run([sys.executable, "-m", "invoke", "clean"], cwd=site.root,
                                 capture_output=True, text=True, timeout=120)
    finally:
        kill(process)
    assert lines == [
        f"{site.output}/: another build is running (pid {process.pid}) and writing this folder (it may be "
        "invoke serve, in another window). Fix: wait for it to finish or stop it (Ctrl-C in its window), then "
        "build again; the site was not changed"
    ]
    assert site.snapshot() == before
    assert cleaned.returncode == 1 and f"another build is running (pid {process.pid})" in cleaned.stderr
    assert site.snapshot() == before, "invoke clean deleted a folder a build was writing"


# --- folders the build may not write --------------------------------------------------------


def in_private_mounts(site, setup, **overrides):
    """The build's lines (or "built") when run after the mount commands `setup`."""
    args = {"plugins": str(ROOT / "plugins"), "settings": str(SETTINGS["dev"]),
            "overrides": site._overrides(overrides)}
    return json.loads(in_own_mounts(setup, BUILD, args))


def in_own_mounts(setup, script, args):
    """Run `script` in a mount namespace of its own, after the shell commands `setup`
    (mounts there are seen by nothing else); return what it printed. Skips the test only
    when the mounts cannot be made."""
    command = f"({setup}) || exit 77; exec {sys.executable} -c \"$0\" \"$1\""
    finished = subprocess.run(["unshare", "-m", "sh", "-c", command, script, json.dumps(args)],
                              capture_output=True, text=True, timeout=120)
    if finished.returncode == 77 or "unshare failed" in finished.stderr:
        pytest.skip(f"cannot make a private mount here: {finished.stderr.strip()}")
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def test_a_read_only_output_folder_is_one_line_and_changes_nothing(site):
    site.post("story")
    site.build()
    before = site.snapshot()
    site.post("story", "Changed.")
    out = site.output
    lines = in_private_mounts(site, f"mount --bind {out} {out} && mount -o remount,ro,bind {out}")
    assert lines == [
        f"{out}/: the build cannot write the site here (Device or resource busy). Fix: it is in "
        "use (a mount point, or open in another program): close that program, or build into a "
        "folder that is not a mount point, then build again; the site was not changed"
    ]
    assert site.snapshot() == before
    assert leftovers(site) == []


def test_a_read_only_site_folder_is_one_line_and_changes_nothing(site):
    web = site.root / "web"
    site.output = web / "output"
    site.post("story")
    site.build()
    before = site.snapshot()
    site.post("story", "Changed.")
    lines = in_private_mounts(site, f"mount --bind {web} {web} && mount -o remount,ro,bind {web}")
    assert lines == [
        f"{web}/: the build cannot write the site here (Read-only file system). Fix: it is on a "
        "read-only disk or mount: build on a disk you can write to, then build again; the site "
        "was not changed"
    ]
    assert site.snapshot() == before


def test_a_file_where_the_site_folder_should_be_is_one_line_and_is_kept(site):
    site.post("story")
    site.output.write_text("my notes\n")
    assert site.build_fails() == [
        f"{site.output}: this is a file, but the build writes the site into a folder of that name. "
        "Fix: rename or move the file, then build again; it was not changed"
    ]
    assert site.output.read_text() == "my notes\n"
    web = site.root / "web"
    web.write_text("more notes\n")
    site.output = web / "output"
    [line] = site.build_fails()
    assert line.startswith(f"{web}/: the build cannot write the site here (")
    assert web.read_text() == "more notes\n"
    assert sorted(p.name for p in site.root.iterdir()) == ["content", "output", "web"]


FULL_DISK = """
import hashlib, json, os, pathlib, sys
args = json.loads(sys.argv[1])
sys.path.insert(0, args["plugins"])
from build import runner
out = pathlib.Path(args["overrides"]["OUTPUT_PATH"])

def files():
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}

runner.build(args["settings"], args["overrides"])
before = files()
from PIL import Image
Image.frombytes("RGB", (840, 840), os.urandom(840 * 840 * 3)).save(args["picture"], "PNG")  # 2 MB of noise
try:
    runner.build(args["settings"], args["overrides"])
    lines = "built"
except runner.BuildFailed as failure:
    lines = failure.lines
print(json.dumps([lines, files() == before, sorted(os.listdir(out.parent))]))
"""


def picture(site, relpath):
    """A real picture (the build opens every picture a post shows)."""
    from PIL import Image

    path = site.content / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), "#8a3b12").save(path, "PNG")
    return path


def test_a_full_disk_is_one_line_and_changes_nothing(site):
    """output/ on a 1 MB disk: a picture of 2 MB cannot be written."""
    web = site.root / "web"
    web.mkdir()
    site.output = web / "output"
    site.post("story", "![A chart]({static}/images/chart.png)")
    chart = picture(site, "images/chart.png")
    args = {"plugins": str(ROOT / "plugins"), "settings": str(SETTINGS["dev"]),
            "overrides": site._overrides({}), "picture": str(chart)}
    lines, unchanged, left = json.loads(in_own_mounts(f"mount -t tmpfs -o size=1m tmpfs {web}", FULL_DISK, args))
    assert lines == [
        f"{site.output / 'images' / 'chart.png'}: No space left on device. Fix: free some space on that disk (empty the bin, "
        "delete old backups or downloads), then build again; the site was not changed"
    ]
    assert unchanged, "output/ changed"
    assert left == ["output"]


def test_a_file_deleted_while_the_build_runs_is_one_line_naming_it(site):
    site.post("story", "![A chart]({static}/images/chart.png)")
    chart = picture(site, "images/chart.png")
    site.build()
    before = site.snapshot()

    def delete_chart(generators):
        chart.unlink()

    signals.all_generators_finalized.connect(delete_chart)
    try:
        lines = site.build_fails()
    finally:
        signals.all_generators_finalized.disconnect(delete_chart)
    assert lines == [
        f"{chart}: No such file or directory. Fix: it was moved, renamed or deleted while the build "
        "used it: put it back, or update what links to it, then build again; the site was not changed"
    ]
    assert site.snapshot() == before


# --- links under content/ and Markdown among the pictures ----------------------------------------


def test_a_link_back_to_a_folder_holding_it_stops_the_build_before_copying(site):
    site.post("story")
    site.write("images/chart.png", "a chart")
    site.build()
    before = site.snapshot()
    os.symlink("../../content", site.content / "images" / "loop")
    lines = site.build_fails()
    assert lines == [
        f"{site.content / 'images' / 'loop'}: this link points back to {site.content}/, a folder "
        "that holds it (or holds a link to it), so the build would copy that folder into itself "
        "again and again (your Markdown sources and drafts included). Fix: delete the link"
    ]
    assert site.snapshot() == before


def test_links_leaving_content_looping_or_dangling_stop_the_build_one_line_each(site, tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.md").write_text("Secret.\n")
    site.post("story")
    os.symlink(private, site.content / "images" / "photos")
    os.symlink("b", site.content / "images" / "a")
    os.symlink("a", site.content / "images" / "b")
    os.symlink("gone.png", site.content / "images" / "chart.png")
    lines = site.build_fails()
    images = site.content / "images"
    assert lines == [
        f"{images / 'a'}: this link points to b, which leads back to this link through other links. "
        "Fix: delete the link",
        f"{images / 'b'}: this link points to a, which leads back to this link through other links. "
        "Fix: delete the link",
        f"{images / 'chart.png'}: this link points to gone.png, which does not exist. Fix: delete the "
        "link, or put what it should show there",
        f"{images / 'photos'}: this link points to {private}, outside {site.content}/, so the build "
        f"would publish whatever is there. Fix: copy what the site should show into {site.content}/ "
        "and delete the link",
    ]


def test_links_inside_content_build(site):
    picture(site, "extra/shared/chart.png")
    os.symlink("../extra/shared", site.content / "images" / "shared")
    site.post("story", "![A chart]({static}/images/shared/chart.png)")
    site.build()
    assert site.path("images/shared/chart.png").read_bytes() == (site.content / "extra/shared/chart.png").read_bytes()


@pytest.mark.parametrize("relpath", ["images/notes.md", "extra/draft.markdown", "images/old/Story.MD"])
def test_markdown_among_pictures_and_downloads_stops_the_build(site, relpath):
    site.post("story")
    site.build()
    before = site.snapshot()
    source = site.write(relpath, "Title: Not ready\nStatus: draft\n\nPrivate.\n")
    assert site.build_fails() == [
        f"{source}: this Markdown file would be copied into the site as it is, not made into a page: "
        f"anyone could read its source. Fix: move it into {site.content}/posts/ (a story) or out of "
        f"{site.content}/"
    ]
    assert site.snapshot() == before


# --- preview and publish write different folders ------------------------------------------------


def test_a_preview_never_replaces_the_site_to_upload(tmp_path):
    """`invoke publish` writes output/; `invoke build` (and `invoke serve`, with the same
    settings) write preview/, so a preview after a publish leaves output/ as it was."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme", "content"):
        os.symlink(ROOT / name, project / name)

    def invoke(*args):
        done = subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Built the site into output/" in invoke("publish")
    published = Site(project, content=project / "content").snapshot()
    assert "Built the site into preview/" in invoke("build")
    assert Site(project, content=project / "content").snapshot() == published
    drafts = [p for p in (ROOT / "content" / "posts").glob("*.md") if "Status: draft" in p.read_text()]
    assert drafts and (project / "preview" / "drafts").is_dir()
    assert not (project / "output" / "drafts").exists()
    assert "127.0.0.1" in (project / "preview" / "index.html").read_text()
    assert "127.0.0.1" not in (project / "output" / "index.html").read_text()
    invoke("clean")
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "content"])
    ignored = (ROOT / ".gitignore").read_text().split()
    assert {"output/", "preview/", ".output-*/", ".preview-*/"} <= set(ignored)


def test_the_lock_is_released_and_a_stale_lock_file_is_harmless(site):
    site.post("story")
    (site.root / ".output.lock").write_text("12345\n")  # left by a killed build
    site.build()
    assert leftovers(site) == []
    with output_folder.StagedOutput(site.output) as staged:
        assert os.path.isdir(staged.path)
    assert leftovers(site) == []
