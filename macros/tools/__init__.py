"""The editors' commands, run as `python -m macros.tools.<tool>` by the Makefile: check (make check),
scaffold (make scaffold), figure_changes (what a pull request changes in the figures) and build_site
(make build and make preview: a strict build swapped in whole)."""
