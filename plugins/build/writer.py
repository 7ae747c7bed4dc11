"""The posts' pages written by two processes: Pelican's Writer, shared with a forked worker.

Writing a page does not depend on the other pages. When Pelican asks for its writer
(`get_writer`, once every post is read and checked), a worker is forked with everything the
build has made (build.parallel). It runs the posts' generator's output as this process does
(every post's page, the listings, tags, categories, archives, drafts), and each `write_file`
call is made by whichever of the two reaches it first: a count of the calls taken, shared by
both, so every call is made once and the less busy process makes more of them. The worker
writes into the staging folder itself; only its log records and its error come back, when
the build is `finalized`. The pages, pictures, feeds and emails stay in this process.

Before the fork, the posts with an `{attach}` link have their HTML worked out here: that
moves the picture next to its post, which the copy of the pictures (here) must know.
Plugins connected to `article_generator_write_article` or `article_writer_finalized` run in
both processes; none of ours is.
"""

import multiprocessing

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from . import parallel

_generators = (None, [])  # (settings, generators) of the build being written


def remember_generators(generators):
    """`all_generators_finalized`: the generators, for the worker to run the posts' one."""
    global _generators
    _generators = (generators[0].settings, list(generators)) if generators else (None, [])


def posts_generator(settings):
    """The article generator, if Pelican runs it first (its calls are counted from the start)."""
    noted_for, generators = _generators
    if noted_for is settings and generators and isinstance(generators[0], ArticlesGenerator):
        return generators[0]
    return None


def choose_writer(pelican):
    """`get_writer`: the shared writer, when the posts are worth a second process."""
    from writing_checks.contents import every_article  # (writing_checks imports build)

    SharedWriter.active = None
    generator = posts_generator(pelican.settings)
    if generator is not None and parallel.worth_sharing(pelican.settings, len(every_article(generator))):
        return SharedWriter
    return None


class SharedWriter(Writer):
    """Pelican's Writer; while the posts' generator writes, each call is made by one process."""

    active = None  # the writer of the build being written, in the main process

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        generator = posts_generator(settings)
        remember_generators([])  # not kept past the build
        self._calls = 0  # write calls met so far, by this process
        self._taken = multiprocessing.get_context("fork").Value("q", 0)  # calls taken by either
        self._sharing = True
        work_out_attach_links(generator)
        self._worker = parallel.Worker(lambda _: generator.generate_output(self))
        self._future = self._worker.submit([None])
        SharedWriter.active = self

    def _mine(self):
        """Whether this process makes the next write call: the first to reach a call takes it."""
        if not self._sharing:
            return True
        number, self._calls = self._calls, self._calls + 1
        with self._taken.get_lock():
            if self._taken.value != number:
                return False
            self._taken.value = number + 1
            return True

    def write_file(self, *args, **kwargs):
        if self._mine():
            super().write_file(*args, **kwargs)

    def write_feed(self, *args, **kwargs):
        if self._mine():
            return super().write_feed(*args, **kwargs)
        return None

    def stop_sharing(self):
        """The posts' generator is done here: the calls that follow are this process's."""
        self._sharing = False

    def finish(self):
        """Wait for the worker's last page; its log records here, its error raised here."""
        SharedWriter.active = None
        try:
            self._worker.take(self._future)
        finally:
            self._worker.close()


def work_out_attach_links(generator):
    """The HTML of each post with an `{attach}` link, worked out here, in the order Pelican
    writes them: the link moves its picture beside the post (Pelican's `attach_to`)."""
    for article in (*generator.translations, *generator.articles, *generator.hidden_translations,
                    *generator.hidden_articles, *generator.drafts_translations, *generator.drafts):
        parsed = article.metadata.get("parsed")
        if parsed is None or parsed.attaches:
            article.content  # noqa: B018 (Pelican works the links out and keeps the HTML)


def stop_sharing(generator, writer=None):
    """`article_writer_finalized` (in this process; in the worker, its walk ends there)."""
    if isinstance(writer, SharedWriter) and writer is SharedWriter.active:
        writer.stop_sharing()


def finish(pelican):
    """`finalized`: every page is written; the worker's problems are the build's."""
    writer = SharedWriter.active
    if writer is not None and writer.settings is pelican.settings:
        writer.finish()
