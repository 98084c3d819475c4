"""The words every layer shares: the model of the data as resolved objects (model), figures, their units
and how the council prints them (units), every error a reader is shown (errors), the one rule for a one-line
text (text_rules) and log lines that stay inert text in a CI log (log_text). Nothing here reads a file."""
