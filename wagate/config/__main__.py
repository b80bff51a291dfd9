"""`python -m wagate.config --markdown` prints the settings table; `--write` puts it into
docs/configuration.md."""

from __future__ import annotations

import argparse

from wagate.config.table import PAGE, markdown_table, with_table

parser = argparse.ArgumentParser(prog="python -m wagate.config", description=__doc__)
parser.add_argument("--write", action="store_true", help=f"rewrite the table in {PAGE}")
parser.add_argument("--markdown", action="store_true", help="print the table")
args = parser.parse_args()
if args.write:
    PAGE.write_text(with_table(PAGE.read_text()))
else:
    print(markdown_table(), end="")
