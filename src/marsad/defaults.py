"""Run defaults that the command line shows in its help (``--article-timeout``,
``--link-every``): here, importing nothing, so ``marsad --help`` need not load the runner
(the store, the pipeline and the linker it brings) to print them. :mod:`marsad.runner`
re-exports them."""

from __future__ import annotations

#: link after every this many new articles, so one link batch never holds a whole corpus.
#: A batch costs its mentions plus every stored mention they may cluster with (read,
#: re-linked, rewritten), and while it links it holds ~100 KB per article (its mentions,
#: their index rows and nodes, the events being built): 5,000 took the process past
#: 600 MB on its own. 1,000 keeps a run's peak near 350 MB at any size (20,000 articles
#: on one core) for ~0.7 ms per article more linking than 5,000 at 2,000 articles. (5,000
#: was chosen on a benchmark whose every batch re-linked the same events, where fewer
#: batches cost less; see README, "Start-up, linking and size".)
LINK_EVERY = 1000
#: CPU seconds one article may take in the pipeline before it fails alone (``--article-timeout``):
#: generous, as a long article takes a few seconds; what it stops is a pathological input
#: that would hold a worker for hours
ARTICLE_TIMEOUT = 60.0
