"""Reading YAML: typed values, line numbers, and syntax mistakes in plain English."""

from pathlib import Path

from macros.read.load import line_of, read_yaml


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unquoted_minutes_and_seconds_stay_text_not_base_60(tmp_path):
    document, errors = read_yaml(write(tmp_path, "value: 6:53\ncount: 42\n"), "file.yaml")
    assert errors == []
    assert document["value"] == "6:53"
    assert document["count"] == 42


def test_line_of_a_nested_field(tmp_path):
    text = "results:\n  - kpi: a\n    value: 1\n  - kpi: b\n    value: 2\n"
    document, _ = read_yaml(write(tmp_path, text), "file.yaml")
    assert line_of(document, ("results", 1, "value")) == 5
    assert line_of(document, ("results", 1)) == 4


def test_tab_indentation_is_explained(tmp_path):
    _, errors = read_yaml(write(tmp_path, "results:\n\t- kpi: a\n"), "file.yaml")
    assert len(errors) == 1
    assert "tab" in errors[0].message and "spaces" in errors[0].message
    assert errors[0].line == 2


def test_field_written_twice_is_an_error_with_both_lines(tmp_path):
    _, errors = read_yaml(write(tmp_path, "id: 1\ntitle: a\ntitle: b\n"), "file.yaml")
    assert errors[0].line == 3
    assert "written twice" in errors[0].message and "line 2" in errors[0].message


def test_empty_file_is_an_error(tmp_path):
    _, errors = read_yaml(write(tmp_path, "# only a comment\n"), "file.yaml")
    assert "empty" in errors[0].message


def test_unclosed_quote_names_line_and_column(tmp_path):
    _, errors = read_yaml(write(tmp_path, 'a: 1\nb: "open\nc: 2\n'), "file.yaml")
    assert errors[0].line is not None and errors[0].column is not None
    assert "not valid YAML" in errors[0].message


def test_yes_no_on_off_are_words_and_dates_stay_text(tmp_path):
    document, errors = read_yaml(write(tmp_path, "a: no\nb: yes\nc: on\nd: off\ne: 2018-07-11\nf: true\n"), "file.yaml")
    assert errors == []
    assert document == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "2018-07-11", "f": True}


def test_numbers_are_read_as_decimals_or_kept_as_text_that_says_why(tmp_path):
    document, errors = read_yaml(
        write(tmp_path, "a: 0252\nb: 0x1A\nc: 12_5\nd: .nan\ne: 1.0e+309\nf: -12.5\ng: 1e3\nh: 0\n"), "file.yaml"
    )
    assert errors == []
    assert document == {
        "a": "0252",
        "b": "0x1A",
        "c": "12_5",
        "d": ".nan",
        "e": "1.0e+309",
        "f": -12.5,
        "g": 1000.0,
        "h": 0,
    }
    assert "octal" in document["a"].reason and "too large" in document["e"].reason


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    rows = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    _, errors = read_yaml(write(tmp_path, "\n".join(rows) + "\n"), "file.yaml")
    assert len(errors) == 1 and "anchors or aliases" in errors[0].message and errors[0].line == 1


def test_a_byte_that_is_not_utf8_is_reported_on_its_line(tmp_path):
    path = tmp_path / "file.yaml"
    path.write_bytes(b"a: 1\nb: caf" + b"\xe9\n")
    _, errors = read_yaml(path, "file.yaml")
    assert (errors[0].line, errors[0].column) == (2, 7) and "not UTF-8" in errors[0].message


def test_a_byte_order_mark_at_the_start_is_allowed(tmp_path):
    path = tmp_path / "file.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(path, "file.yaml") == ({"a": 1}, [])
