"""A page for each series (series/<slug>/): its parts in order, with their summaries."""

from pelican.generators import Generator


class SeriesPagesGenerator(Generator):
    """Registered through `get_generators`; writes the theme's series.html once per series."""

    def generate_context(self):
        """Nothing to read: the series are worked out with the posts (series.place_posts)."""

    def generate_output(self, writer):
        template = self.get_template("series")
        for series in self.context.get("series_list", ()):
            if series.save_as:
                writer.write_file(
                    series.save_as, template, self.context, series=series, articles=series.parts,
                    relative_urls=self.settings["RELATIVE_URLS"], url=series.url,
                )
