"""Blocks: what a post is made of, and the forms each takes for the web, feeds and emails."""
