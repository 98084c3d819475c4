"""What the site works out from the model, as pure functions of it: a KPI's history, its one status and
periods in everyday words (trends), period summaries (summary), every figure keyed and two sets compared
(figures), new reports and corrected figures between two states of the data (changes), every address and
anchor (urls), dates as plain data (dates) and each table as data before it is drawn (tabular)."""
