"""Reading and checking what editors write. data/: YAML with its lines (load), checked against the JSON
Schemas (schema), resolved into the model (assemble) and checked across files (crosscheck); project runs
them and refuses paths that are not plain files (links, digests). Pages: what a page's text may hold
(page_rules, page_errors) and the HTML it becomes, read against an allow-list (page_html)."""
