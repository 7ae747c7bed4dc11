"""Pelican's own link resolution for the feed, email and text forms of a post.

On the web page Pelican works out `{filename}`, `{static}`, `{category}`... links in the
finished HTML of a post (`Content.get_content`). The other forms are rendered from the
post's tree, one address at a time: each is given to the same Pelican code as the one
attribute it is (`<a href="...">`), as if it were in the post's HTML, so the rules
(paths from the post's folder or from content/, quoting, `{attach}`) are Pelican's.
"""

import functools
import html
import re

ATTRIBUTE = re.compile(r'href="(?P<value>[^"]*)"')


def resolver(content, siteurl):
    """value -> address, for the links of `content` (a Pelican post or page)."""
    pattern = content._get_intrasite_link_regex()

    @functools.lru_cache(maxsize=256)
    def resolve(value):
        if "{" not in value and "|" not in value:
            return value
        attribute = f'<a href="{html.escape(value, quote=True)}">'
        if not pattern.search(attribute):
            return value
        resolved = ATTRIBUTE.search(content._update_content(attribute, siteurl))
        return html.unescape(resolved.group("value")) if resolved else value

    return resolve
