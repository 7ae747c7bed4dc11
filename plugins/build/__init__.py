"""The build: a new site in a staging folder swapped into place only when it is complete
(runner.py), the preview server (preview.py), the work shared with a second process
(parallel.py), the content cache kept honest (content_cache.py), and the settings helper."""
