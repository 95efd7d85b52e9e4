"""Pairwise precision/recall of cross-article linking on UCDP GED headlines.

Kept as a thin wrapper: the evaluation is ``marsad eval linking`` (``marsad.eval.linking``).

    .venv/bin/python scripts/eval_linking.py [/work/shared/data/ucdp_ged_syria/dev.csv]
        [--limit N] [--json OUT]
"""

from __future__ import annotations

import sys

from marsad.cli.evaluation import eval_

if __name__ == "__main__":
    eval_.main(["linking", *sys.argv[1:]], prog_name="eval_linking.py")
