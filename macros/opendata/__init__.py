"""Open data: the whole datasets and their typed fields (datasets), their CSV and JSON (export), the Data
Package and CSV on the Web metadata (metadata), the DCAT catalogue (dcat), schema.org JSON-LD (jsonld) and
the Atom feed of new reports and corrections (feed). Each returns text; the edge writes it into the site."""
