"""Search: what each page tells the search, the records of the reports' own tables and facts, the words
search can correct a typo to, and the Pagefind index written at the end of the build (search_index)."""
