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
        timeout=120,
    )
    text = results.read_text(encoding="utf-8")
    assert "| Posts | Stock (s) | Ours (s) | Ours / stock |" in text
    row = next(line for line in text.splitlines() if line.startswith("| 30 |"))
    assert row.count("|") == 14 and row.count("x |") == 4
    assert "Rebuild after editing one post in a 30-post site" in text
    assert "cores" in text and "pelican 4.12.0" in text
