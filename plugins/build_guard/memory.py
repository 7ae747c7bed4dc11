"""Do not keep every post's finished HTML until the build ends.

Pelican memoises `Content.get_content(siteurl)`, the post's HTML with its links resolved,
for the whole build: a second copy of the archive (at 5,000 posts, 30 MB and more of
peak memory). Once a post's own page is written, nothing needs it kept: the feeds and
the email export use it once more for some posts, and work it out again (about half a
millisecond a post: Pelican works out each linked post's URL anew). This module drops a
post's copy when its page is written and lets content_forms use the HTML without keeping
it.

Only the memo's entry for this post is touched (`pelican.utils.memoized` keeps its
entries in a dict keyed by the call's arguments); if Pelican ever stores it otherwise,
nothing is dropped and the build is as before.
"""


def _memo(content):
    """Pelican's memo of `get_content` results, or None if it is not the dict we know."""
    method = getattr(type(content), "get_content", None)
    cache = getattr(method, "cache", None)
    return cache if isinstance(cache, dict) else None


def forget_content(content):
    """Drop the memoised HTML of `content` (an article or a page), for every site URL used."""
    cache = _memo(content)
    if cache is not None:
        for siteurl in {content.get_siteurl(), content.settings.get("SITEURL", "")}:
            cache.pop((content, siteurl), None)


def content_once(content, siteurl):
    """`content.get_content(siteurl)`, leaving Pelican's memo as it was: a copy it holds
    is used (and stays for the page that needs it), a copy it does not hold is not kept."""
    cache = _memo(content)
    if cache is None or (content, siteurl) in cache:
        return content.get_content(siteurl)
    html = content.get_content(siteurl)
    cache.pop((content, siteurl), None)
    return html


def forget_written(path, context):
    """`content_written`: the page of an article or a page is written; drop its copy."""
    for name in ("article", "page"):
        content = context.get(name)
        if content is not None and hasattr(content, "get_content"):
            forget_content(content)
