"""The edge: everything that knows MkDocs and mkdocs-macros, and everything that reads git, the clock
or the built site. adapter is the mkdocs-macros module (the macros, each page's context, writing the
downloads, datasets, feed and search index); guard shows a page's mistakes; history reads each commit of
data/; the MkDocs hooks generated_pages (a page per KPI), page_meta (each page's description) and
serve_rebuild (`make serve` builds again only what an edit changed, planned by rebuild_plan); downloads
writes the open data into the site."""
