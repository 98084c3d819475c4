"""Nothing in data/ can become markup or template code on the page: it is shown as text."""

from __future__ import annotations

import pytest
from helpers import ROOT, report_file
from pages import read_page
from test_bad_data import build_after_edits

REPORT = report_file(2018).relative_to(ROOT).as_posix()  # data/reports/central-services/2018.yaml

PAYLOADS = {
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "markdown": "[click](javascript:alert(1)) **bold** | split",
    "jinja expression": "{{ 7 * 7 }} {{ config.site_name }}",
    "jinja statement": "{% for x in range(3) %}loop{% endfor %} {# hidden #}",
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAYLOADS)
def test_value_from_data_is_shown_as_text(tmp_path, kind):
    payload = PAYLOADS[kind]
    quoted = payload.replace("'", "''")
    build = build_after_edits(
        tmp_path,
        (REPORT, 'caption: "HR OD: sickness absence"', f"caption: '{quoted}'"),
        (REPORT, "{area: HROD, budget: 2104108,", f"{{area: '{quoted}', budget: 2104108,"),
        ("data/kpis.yaml", "    title: Average sickness absence per FTE employee\n", f"    title: '{quoted}'\n"),
    )
    assert build.returncode == 0, build.output
    html = build.page("reports/central-services/2018/hr-od")
    tables = {table.wrapper_id: table for table in read_page(html).tables}
    kpi, budget = tables["kpi-2018-hr-od"], tables["budget-2018-19-hr-od"]
    assert kpi.caption == payload
    assert kpi.rows[0][1][0].text.removesuffix(" (note 1)") == payload
    assert budget.rows[0][1][0].text == payload
    assert len(budget.rows[0][1]) == 4  # a "|" did not split the row
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" not in html
    assert "49" not in kpi.caption and "looploop" not in html
