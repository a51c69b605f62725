"""Building blocks for tests/corpus/make_corpus.py (site chrome, plan content, page bodies)."""
