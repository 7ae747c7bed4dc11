"""The benchmark harness: the post generator is deterministic, and a quick run writes a table.

No timings are asserted here: `invoke bench` measures, tests only check the harness works.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generator_is_deterministic_from_its_seed(tmp_path):
    generate(tmp_path / "a", 12, seed=7)
    generate(tmp_path / "b", 12, seed=7)
    generate(tmp_path / "c", 12, seed=8)
    first, again, other = (files(tmp_path / name / "content") for name in "abc")
    assert first == again
    assert first != other
    posts = [text.decode() for name, text in first.items() if name.startswith("posts/")]
    assert len(posts) == 12
    body = "\n".join(posts)
    for syntax in ("!!! ", "> [!", "]- ", "{filename}post-", "{static}/images/", "\n## ", "\n- "):
        assert syntax in body, syntax
    assert "pages/about.md" in first and "stock-pages/subscribe.md" in first
    assert b"Template:" not in first["stock-pages/subscribe.md"]


def test_quick_run_writes_a_results_table(tmp_path):
    results = tmp_path / "results.md"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(results)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = results.read_text(encoding="utf-8")
    assert "| Posts | Stock wall (s) | Ours wall (s) | Wall ours / stock | Stock CPU (s) | Ours CPU (s) |" in text
    row = next(line for line in text.splitlines() if line.startswith("| 30 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 10 and sum(cell.endswith("x") for cell in cells) == 3
    # every build of the row measured something: wall and CPU times, peak memory
    assert all(float(cell.rstrip("x")) > 0 for cell in cells[1:])
    assert "Rebuild after editing one post in a 30-post site, as `invoke serve` does it" in text
    targets = text.split("## Against the targets", 1)[1]
    for target in ("wall: ", "CPU: ", "fraction of a full build: ", "Peak memory at 30 posts: "):
        assert target in targets, target
    assert "cores" in text and "pelican 4.12.0" in text
