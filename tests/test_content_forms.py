"""content_forms keeps the feed and email forms of only the most recent articles (memory
stays flat on a large archive); forgetting them must never change a feed or an email."""

import content_forms


def test_feeds_and_emails_do_not_depend_on_how_many_forms_are_kept(site, monkeypatch):
    site.page("about")
    for number in range(1, 7):
        site.post(
            f"story-{number}",
            f"Story {number}. [A link](/about/).\n\n!!! lesson \"Keep it\"\n    Lesson {number}.",
            date=f"2026-01-{number:02d}",
        )
    monkeypatch.setattr(content_forms, "KEPT_FORMS", 1000)
    site.build(mode="publish")
    everything_kept = site.snapshot()
    monkeypatch.setattr(content_forms, "KEPT_FORMS", 2)
    site.build(mode="publish")
    assert site.snapshot() == everything_kept
    assert any(name.startswith("email/story-6/") for name in everything_kept)
    assert any(name.startswith("feeds/") for name in everything_kept)
