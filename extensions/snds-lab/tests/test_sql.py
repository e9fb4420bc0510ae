"""snds.sql on native DuckDB (CPython)."""

import datetime as dt
from decimal import Decimal

import pytest

import snds
from snds.result import DISPLAY_ROWS


class TestSql:
    def test_should_return_columns_rows_and_length(self):
        r = snds.sql("select 42 as x, 'SNDS' as s")
        assert r.columns == ["x", "s"]
        assert r.types == ["INTEGER", "VARCHAR"]
        assert r.rows == [(42, "SNDS")]
        assert len(r) == 1

    def test_should_map_types_to_python_values(self):
        r = snds.sql(
            "select 10000000000::BIGINT b, 12.34::DECIMAL(10,2) d, DATE '2019-03-01' dt, "
            "TIMESTAMP '2019-03-01 12:30:00' ts, NULL::INTEGER n, true ok"
        )
        assert r.rows == [
            (10_000_000_000, Decimal("12.34"), dt.date(2019, 3, 1),
             dt.datetime(2019, 3, 1, 12, 30), None, True)
        ]

    def test_should_aggregate_a_million_rows(self):
        r = snds.sql("select count(*) n, sum(i % 7) s from range(1000000) t(i)")
        assert r.rows == [(1_000_000, 142_857 * 21)]

    def test_should_keep_state_between_calls(self):
        snds.sql("create or replace table t_keep as select 1 as a")
        assert snds.sql("select a from t_keep").rows == [(1,)]

    def test_should_return_an_empty_result_for_statements(self):
        r = snds.sql("create or replace table t_empty (a integer)")
        assert isinstance(r, snds.Result)

    def test_should_give_one_column_by_name(self):
        r = snds.sql("select * from range(3) t(i)")
        assert r.column("i") == [0, 1, 2]
        with pytest.raises(KeyError, match="its columns are: i"):
            r.column("j")


class TestErrors:
    @pytest.mark.parametrize("query", ["", "  ;\n", "-- à compléter\n", "/* plus tard */"])
    def test_should_say_there_is_no_statement_in_an_empty_query(self, query):
        with pytest.raises(snds.SQLError, match="There is no SQL statement to run"):
            snds.sql(query)
        assert snds.sql("SELECT 1 -- une note").rows == [(1,)]

    def test_should_raise_sql_error_with_duckdb_position(self):
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select * from no_such_table")
        assert "no_such_table" in str(info.value)
        assert "LINE 1" in str(info.value)
        assert info.value.query == "select * from no_such_table"

    def test_should_explain_a_placeholder_run_without_values(self):
        annee = 2019  # noqa: F841 - the hint must not read it by itself
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select {annee} + 1 as y, '{kept}' as s")
        assert '{"annee": annee}' in str(info.value)
        assert "%%sql" in str(info.value)
        assert snds.sql("select {annee} + 1 as y", {"annee": 2019}).rows == [(2020,)]

    def test_should_keep_working_after_an_error(self):
        with pytest.raises(snds.SQLError):
            snds.sql("selec 1")
        assert snds.sql("select 2 as y").rows == [(2,)]

    def test_should_refuse_non_text_queries_clearly(self):
        with pytest.raises(TypeError, match="as a string"):
            snds.sql(42)

    def test_should_render_sql_errors_without_a_stack_trace_in_ipython(self):
        try:
            snds.sql("selec 1")
        except snds.SQLError as error:
            lines = error._render_traceback_()
        assert len(lines) == 1 and lines[0].startswith("SQLError: ")


class TestDisplay:
    def test_should_escape_every_value_in_html(self):
        r = snds.sql("select '<script>alert(1)</script>' as \"<b>x</b>\"")
        html = r._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html

    def test_should_truncate_long_results_and_show_the_total(self):
        r = snds.sql("select * from range(1234) t(i)")
        html = r._repr_html_()
        assert html.count("<tr>") == DISPLAY_ROWS + 1
        assert "1\u202f234 rows" in html
        assert f"{DISPLAY_ROWS} of 1\u202f234 rows shown" in repr(r)

    def test_should_show_types_in_text_and_html(self):
        r = snds.sql("select 1 as a")
        assert "a (INTEGER)" in repr(r)
        assert "<small>INTEGER</small>" in r._repr_html_()
        assert repr(r).endswith("1 row")


class TestEngine:
    def test_should_say_which_engine(self):
        assert snds.engine_info().startswith("native DuckDB ")

    def test_should_connect_without_a_url_in_cpython(self):
        import asyncio

        engine = asyncio.run(snds.connect())
        assert engine.name == "duckdb"
