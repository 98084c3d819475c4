"""A page's description: cut at a word to 160 characters, read from its opening paragraph, or made from
the data for a KPI or a topic page (macros/render/descriptions.py, on tiny data)."""

from __future__ import annotations

import html

from helpers import key
from tiny_site import budgets_site, tiny_site

from macros.render.descriptions import kpi_description, opening_text, page_description, shortened, topic_description


def test_a_long_text_is_cut_after_the_last_whole_word_that_fits_with_an_ellipsis():
    words = [f"word{number}" for number in range(60)]
    kept = []
    while len(" ".join([*kept, words[len(kept)]])) + len("…") <= 160:
        kept.append(words[len(kept)])
    assert shortened("  ".join(words)) == " ".join(kept) + "…"
    assert len(shortened(" ".join(words))) <= 160


def test_a_text_that_fits_is_kept_whole_with_its_whitespace_collapsed():
    assert shortened("What each service\n  costs, by year. ") == "What each service costs, by year."


def test_a_cut_after_a_comma_or_full_stop_drops_it_before_the_ellipsis():
    assert shortened("a" * 150 + ", " + "b" * 20) == "a" * 150 + "…"
    assert shortened("a" * 150 + ". " + "b" * 20) == "a" * 150 + "…"


def test_one_word_longer_than_the_limit_is_cut_inside_it():
    assert shortened("x" * 200) == "x" * 159 + "…"


def test_the_opening_paragraph_is_the_first_not_in_a_box_a_table_or_a_list():
    page = (
        '<h1 id="t">Title</h1>\n<div class="admonition"><p class="admonition-title">In this section</p>'
        "<p>Boxed</p></div>\n<ul><li><p>Listed</p></li></ul>\n<table><tr><td><p>Cell</p></td></tr></table>\n"
        '<p>The <abbr title="Freedom of Information">FOI</abbr> team, &amp; its<br>\nwork <img alt="x" src="y">'
        "here.</p>\n<p>Second paragraph.</p>"
    )
    assert opening_text(page) == "The FOI team, & its work here."


def test_a_page_opening_with_a_line_in_italics_has_it_and_the_next_paragraph():
    page = (
        "<h1>HR OD</h1>\n<p><em>From the Portfolio Holder report 2018.</em></p>\n"
        '<div class="admonition"><p>In this section</p></div>\n<h2>Service overview</h2>\n<p>The focus.</p>'
    )
    assert opening_text(page) == "From the Portfolio Holder report 2018. The focus."
    assert opening_text("<p><em>Partly</em> in italics.</p><p>Next.</p>") == "Partly in italics."
    assert opening_text("<p><em>Only a line in italics.</em></p>") == "Only a line in italics."


def test_a_description_is_escaped_text_and_one_given_is_kept_over_the_opening_paragraph():
    given = 'Costs & <b>"figures"</b>'
    kept = page_description(given, "<p>The opening paragraph.</p>")
    assert html.unescape(str(kept)) == given and not set('<>"') & set(str(kept))
    opened = page_description(None, "<p>Tom &amp; Jerry&#39;s &lt;figures&gt;</p>")
    assert html.unescape(str(opened)) == "Tom & Jerry's <figures>" and "<" not in str(opened)
    assert page_description(None, "<h1>Only a heading</h1>") is None


def test_a_kpi_description_gives_its_latest_figure_period_and_target_status(tmp_path):
    # Tiny data: sickness absence was 9.95 days in the year to March 2018 against a target of 10, stated Achieved.
    site = tiny_site(tmp_path)
    assert kpi_description(site, "sickness-absence") == (
        "Average sickness absence per FTE employee: 9.95 days in the year to March 2018. "
        "Target 10 days: met (as the report says)."
    )


def test_a_long_kpi_title_is_shortened_so_its_figures_stay_whole(tmp_path):
    title = "Average " + "very " * 40 + "long title"
    described = kpi_description(tiny_site(tmp_path, kpi={"title": title}), "sickness-absence")
    tail = ": 9.95 days in the year to March 2018. Target 10 days: met (as the report says)."
    assert len(described) <= 160 and described.endswith("…" + tail)
    assert title.startswith(described.removesuffix(tail).removesuffix("…"))


def test_a_kpi_with_no_figure_says_so(tmp_path):
    new = {"id": "new-kpi", "title": "A new indicator", "service": "hr-od", "unit": "count", "polarity": "neither"}
    site = tiny_site(tmp_path, more_kpis=[new], more_results=[{"kpi": "new-kpi", "period": "2017/18", "value": "n/a"}])
    assert kpi_description(site, "new-kpi") == "A new indicator: the reports give no figure for this indicator yet."


def test_a_topic_description_counts_what_its_page_shows(tmp_path):
    # Tiny data: HR OD has one KPI with figures, one fact and a 2018/19 budget; Customer Services one KPI.
    site = tiny_site(tmp_path)
    assert topic_description(site, "hr-od", [key(2018)]) == (
        "HR OD: 1 performance indicator, 1 key fact and the budget for 2018/19, from the Portfolio Holder report 2018."
    )
    assert topic_description(site, "customer-services", [key(2017), key(2018)]) == (
        "Customer Services: 1 performance indicator, from the Portfolio Holder reports of 2017 and 2018."
    )


def test_a_topic_with_many_budget_years_gives_their_span_so_the_description_stays_whole():
    years = ("2017/18", "2018/19", "2019/20", "2020/21", "2021/22", "2022/23")
    site = budgets_site(("hr-od", years))
    assert topic_description(site, "hr-od", [key(2017), key(2022)]) == (
        "Hr-Od: budgets for 6 years, 2017/18 to 2022/23, from the Portfolio Holder reports of 2017 and 2022."
    )
    assert (
        topic_description(budgets_site(("hr-od", years[:2])), "hr-od", []) == "Hr-Od: budgets for 2017/18 and 2018/19."
    )
