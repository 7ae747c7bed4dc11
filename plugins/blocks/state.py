"""The blocks' state for one build: its block types, and which posts keep their parsed tree.

Made at `initialized` and kept in the settings (every handler has them: generators, posts
and pages all hold the build's settings dict), dropped with them when the build ends.

A post's element tree (Python-Markdown's, parsed once) is what its feed, email and text
forms are made from. Keeping it for every post would hold the archive again in memory (a
tree is several times its HTML), but only a few posts need another form: the newest of each
feed, the newest emails, the drafts whose email the preview shows. Each plugin says what it
needs with `Retention.want(name, count, group)`: the `count` newest published posts of each
group (`group(metadata)` names a post's group, or None). While posts are read, each group
keeps a heap of its newest posts so far; a post pushed out of every heap lets its tree go.
A post among a group's newest at the end was among them whenever it was read, so no tree
that is needed is ever dropped, in whichever order, or process, the posts are read.
"""

import datetime
import heapq
import itertools

from .registry import BLOCK, types_in

STATE_KEY = "BLOCKS_STATE"


def state_of(settings):
    """The blocks' state of the build these settings belong to."""
    return settings[STATE_KEY]


class Build:
    """One build: its settings, one instance of each block type, the retention of trees."""

    def __init__(self, settings):
        self.settings = settings
        self.types = {name: cls(self) for name, cls in types_in(settings).items()}
        self.retention = Retention()

    def __reduce__(self):
        # Pelican's content cache pickles the settings with a post's categories and tags:
        # this build's state (which holds functions) is not kept there, and reads back as None.
        return type(None), ()

    def block_types(self):
        return self.types.values()

    def files_shown(self, tree):
        """The block files whose text a post's tree shows."""
        found = (self.types[block.get("type")].source_of(block) for block in tree.iter(BLOCK))
        return tuple(dict.fromkeys(path for path in found if path))

    def texts_off_the_page(self):
        """(file, HTML) of what block files give feeds and emails only, for the link checks."""
        for block_type in self.block_types():
            yield from block_type.texts_off_the_page()


class Parsed:
    """What a post's Markdown became, beyond its HTML: its element tree while a form other
    than the web page may need it (None once it is let go), and facts read from it. One per
    post for the whole build: slots, not a dict."""

    __slots__ = ("tree", "words", "plain_summary", "files", "attaches")

    def __init__(self, tree, words, plain_summary, files=()):
        self.tree = tree
        self.words = words
        self.plain_summary = plain_summary
        self.files = files  # the block files (CTAs, disclaimers) whose text the page shows
        self.attaches = True  # whether its HTML may hold an {attach} link (build.writer)

    def __repr__(self):  # short in Pelican's debug logs
        return f"Parsed(words={self.words}, tree={'kept' if self.tree is not None else 'none'})"


class Retention:
    """Which posts keep their tree (see the module's docstring)."""

    def __init__(self):
        self.wants = []  # (name, count or None for all, group function)
        self.heaps = {}  # (want name, group) -> min-heap of (date, order, path)
        self.holds = {}  # path -> number of heaps holding it
        self.kept = {}  # path -> Parsed
        self.offered = set()
        self.order = itertools.count()

    def want(self, name, count, group):
        """Keep the trees of the `count` newest published posts (None: all) of each group."""
        self.wants.append((name, count, group))

    def offer(self, path, metadata, parsed):
        """A post was read: keep its tree if some want may need it, letting go of others'."""
        if path in self.offered:
            return
        self.offered.add(path)
        date = metadata.get("date") or datetime.datetime.min
        for name, count, group in self.wants:
            key = group(metadata)
            if key is None or count == 0:  # EMAIL_EXPORT_RECENT = 0: no post's email
                continue
            heap = self.heaps.setdefault((name, key), [])
            entry = (_comparable(date), next(self.order), path)
            if count is None or len(heap) < count:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                self._release(heapq.heapreplace(heap, entry)[2])
            else:
                continue
            self.holds[path] = self.holds.get(path, 0) + 1
            self.kept[path] = parsed
        if not self.holds.get(path):
            parsed.tree = None

    def _release(self, path):
        self.holds[path] -= 1
        if not self.holds[path]:
            del self.holds[path]
            self.kept.pop(path).tree = None


def published(metadata, now):
    """Whether a post, as read, is published by this build (not a draft, hidden or due later):
    what a `Retention.want` group function asks of most posts."""
    date = metadata.get("date")
    if metadata.get("status", "published") != "published" or date is None:
        return False
    return (date if date.tzinfo else date.replace(tzinfo=datetime.timezone.utc)) <= now


def _comparable(date):
    """Dates with and without a zone, compared as Pelican does (naive ones as they are)."""
    return date.replace(tzinfo=None) if getattr(date, "tzinfo", None) else date
