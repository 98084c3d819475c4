"""The editors' commands, run as `python -m macros.tools.<tool>` by the Makefile: check (make check),
scaffold (make scaffold: a portfolio's next report), new_portfolio (make portfolio), record_corrections (make
check's record of what a pull request corrects), figure_changes (what a pull request changes in the figures)
and build_site (make build and make preview: a strict build swapped in whole)."""
