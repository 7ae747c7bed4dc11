"""The shipped hosting files: the GitHub workflows valid by GitHub's own schema (the one
check-jsonschema vendors: no network), building with `invoke publish` from requirements.txt
alone, on push, daily and by hand; and netlify.toml naming the folder to publish."""

import os
import re
import subprocess
import sys
import textwrap
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from ruamel.yaml import YAML

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# Each workflow, its deployment steps (the actions it uses or the command it runs) and the
# value of the repository variable PUBLISH_TO that turns it on.
HOSTS = {
    "publish.yml": ("github-pages", ["actions/configure-pages@", "actions/upload-pages-artifact@",
                                     "actions/deploy-pages@"]),
    "netlify.yml": ("netlify", ["netlify-cli@"]),
}


def offline():
    """The command prefix that runs a program without any network (its own namespace), where
    this machine allows it: the schema check must work from what the package ships."""
    try:
        works = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        works = False
    return ["unshare", "-n"] if works else []


def check_workflows(paths):
    return subprocess.run([*offline(), sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, paths)], capture_output=True, text=True,
                          timeout=120)


def load(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_every_workflow_is_valid_by_githubs_schema():
    assert [path.name for path in WORKFLOWS] == sorted(HOSTS)
    checked = check_workflows(WORKFLOWS)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_schema_check_finds_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text().replace("runs-on:", "run-on:"))
    checked = check_workflows([broken])
    assert checked.returncode != 0 and "run-on" in checked.stdout


@pytest.mark.parametrize("name", sorted(HOSTS))
def test_a_workflow_publishes_on_push_every_day_and_by_hand(name):
    workflow = load(ROOT / ".github" / "workflows" / name)
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")  # once a day


@pytest.mark.parametrize("name", sorted(HOSTS))
def test_a_workflow_builds_with_invoke_publish_from_requirements_txt_and_secrets_from_the_store(name):
    text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
    workflow = load(ROOT / ".github" / "workflows" / name)
    (job,) = workflow["jobs"].values()
    variable, deploys = HOSTS[name]
    assert job["if"] == f"vars.PUBLISH_TO == '{variable}'"
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    assert "pip install -r requirements.txt" in runs and "invoke publish" in runs
    assert not re.search(r"apt-get|requirements-dev|sudo", text)
    build = runs.index("invoke publish")
    restore = uses.index(next(u for u in uses if u.startswith("actions/cache/restore@")))
    save = uses.index(next(u for u in uses if u.startswith("actions/cache/save@")))
    deploy = max(i for i, step in enumerate(steps) if any(d in str(step) for d in deploys))
    assert restore < build < deploy < save  # the last published site compared, then this one kept
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == "output"
    # Secrets come only from GitHub's store, by name.
    secret_names = re.compile(r"TOKEN|SECRET|PASSWORD|KEY|SITE_ID|HOOK")
    for holder in [workflow, job, *steps]:
        for name, value in (holder.get("env") or {}).items():
            if secret_names.search(name):
                assert value == f"${{{{ secrets.{name} }}}}", (name, value)


def test_the_pages_workflow_may_publish_to_pages():
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    (job,) = workflow["jobs"].values()
    assert job["environment"]["name"] == "github-pages"
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"


def test_netlify_toml_publishes_output_built_by_invoke_publish():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert (config["build"]["command"], config["build"]["publish"]) == ("invoke publish", "output")
    assert re.fullmatch(r"3\.1[1-9]", config["build"]["environment"]["PYTHON_VERSION"])


def requirement_names(path):
    """The distributions a requirements file names (not the files it includes with -r)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {canonicalize_name(Requirement(line).name) for line in lines if line and not line.startswith("-")}


def with_dependencies(names):
    """`names` and every installed distribution they need (extras left out)."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def test_invoke_publish_needs_only_requirements_txt_and_no_program(tmp_path):
    """What the workflows install is enough: the build imports nothing that only the tests
    install, and runs no program (PATH is empty), so it needs no apt-get."""
    build = with_dependencies(requirement_names(ROOT / "requirements.txt"))
    tests_only = with_dependencies(requirement_names(ROOT / "requirements-dev.txt")) - build
    modules = sorted(module for module, distributions in metadata.packages_distributions().items()
                     if all(canonicalize_name(d) in tests_only for d in distributions))
    assert "pytest" in modules and "check_jsonschema" in modules
    script = textwrap.dedent(f"""
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {set(modules)!r}:
                    raise ImportError(f"the build imported {{name}}, which only requirements-dev.txt installs")
        sys.meta_path.insert(0, Refuse())
        from build.runner import build
        result = build({str(ROOT / "publishconf.py")!r}, {{"OUTPUT_PATH": {str(tmp_path / "output")!r},
                                                          "CACHE_PATH": {str(tmp_path / "cache")!r}}})
        print("built", result.output_path)
    """)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PATH": str(empty), "PYTHONPATH": str(ROOT / "plugins")})
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "output" / "index.html").is_file()
