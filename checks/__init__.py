"""`invoke check`: the finished site checked as readers' tools see it.

Tests check our code; these modules check the product. Each module holds one check and
returns `Finding`s; `run.py` builds the sample site and runs them all. Shared validation
functions (feeds, email rules) are imported by the tests too, so a rule lives in one place.
"""
