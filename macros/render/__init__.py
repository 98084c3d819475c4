"""The pages: HTML tables (tables), charts (charts), key figures and answers (cards), the pages the macros
write (pages, descriptions), the page a macro is on and what it reads (context, reads) and the macros
themselves, as pages call them (calls)."""
