"""Run defaults that the command line shows in its help (``--article-timeout``,
``--link-every``): here, importing nothing, so ``marsad --help`` need not load the runner
(the store, the pipeline and the linker it brings) to print them. :mod:`marsad.runner`
re-exports them."""

from __future__ import annotations

#: link after every this many new articles, so one link batch never holds a whole corpus.
#: A batch costs its mentions plus every stored event they touch (read, grown, rewritten):
#: on a corpus whose batches all touch the same events, 5,000 costs a fifth of 1,000 per
#: article (scripts/benchmark.py: link 3.4 -> 2.8 ms/article at 2k, 6.5 -> 2.9 at 10k)
#: and a batch's mentions still take only tens of MB
LINK_EVERY = 5000
#: CPU seconds one article may take in the pipeline before it fails alone (``--article-timeout``):
#: generous, as a long article takes a few seconds; what it stops is a pathological input
#: that would hold a worker for hours
ARTICLE_TIMEOUT = 60.0
