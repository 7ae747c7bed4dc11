"""Each post's and page's address worked out once, when every generator has read its
content, instead of on every use.

Pelican formats ARTICLE_URL (PAGE_URL, DRAFT_URL, ...) with a fresh copy of the post's
metadata each time `content.url` is read, and the templates, the resolution of every
`{filename}` link to the post, the feeds and the email export read it tens of times a
post: at 1,000 posts about 0.3 s of a build. Once the generators are done nothing changes
a post's slug, date, category or language, so the address is kept in Pelican's own
`override_url` attribute (the one a `URL:` metadata line sets), which `url` returns
as it is. `save_as`, which decides where files are written, is left alone.

Assumed, and true of Pelican 4.12 and these plugins: nothing changes a post's slug, date,
category, language or status after `all_generators_finalized`, and nothing reads
`hasattr(content, "override_url")` to learn whether the author wrote a `URL:` line (only
static files' {attach} handling asks, and static files are not touched here).
"""

from .contents import CONTENT_LISTS


def keep_addresses(generators):
    """`all_generators_finalized`: work out and keep every post's and page's address."""
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                if not hasattr(content, "override_url"):  # a URL: line already fixed it
                    content.override_url = content.url
