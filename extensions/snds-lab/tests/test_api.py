"""The rest of the public API on CPython: params, magics, charts, dictionary, engine."""

import datetime as dt
import sys

import pytest

import snds
from snds.chart import VEGA_LITE_MIME
from snds.params import bind


class TestParams:
    def test_should_bind_named_values_without_pasting_text(self):
        r = snds.sql("select {a} + 1 as x, {b} as y", {"a": 41, "b": "l'été"})
        assert r.rows == [(42, "l'été")]

    def test_should_leave_quoted_braces_and_comments_alone(self):
        query, values = bind("select '{a}' as s, \"{a}\" -- {a}\n, {a}", {"a": 1})
        assert query == "select '{a}' as s, \"{a}\" -- {a}\n, ?"
        assert values == [1]

    def test_should_read_dotted_attributes(self):
        class Cohort:
            start = dt.date(2019, 1, 1)

        r = snds.sql("select {c.start} as d", {"c": Cohort})
        assert r.rows == [(dt.date(2019, 1, 1),)]

    def test_should_name_an_undefined_variable(self):
        with pytest.raises(snds.SndsError, match=r"\{year\} in the query names no Python variable"):
            snds.sql("select {year}", {})

    def test_should_name_a_missing_attribute(self):
        with pytest.raises(snds.SndsError) as info:
            snds.sql("select {x.y}", {"x": 1})
        assert str(info.value) == (
            "{x.y} in the query: x (int) has no attribute y; name one it has, "
            "or write {{x.y}} for literal braces."
        )
        with pytest.raises(snds.SndsError, match=r"x\.real \(int\) has no attribute bogus"):
            snds.sql("select {x.real.bogus}", {"x": 1})

    def test_should_bind_positional_values(self):
        assert snds.sql("select ? * 2 as x", [21]).rows == [(42,)]

    def test_should_inline_integers_for_engines_that_bind_numbers_as_double(self):
        from snds.params import inline_integers

        query, kept = inline_integers("select ?, '?', ? -- ?\n, ?", [41, "a", True])
        assert query == "select CAST(41 AS BIGINT), '?', ? -- ?\n, ?"
        assert kept == ["a", True]
        assert snds.sql(query, kept).rows == [(41, "?", "a", True)]

    def test_should_keep_doubled_braces_literal(self):
        query, values = bind("select '{{' || {a}", {"a": "x"})
        assert query == "select '{' || ?"


class TestMagics:
    @pytest.fixture()
    def ip(self):
        from IPython.testing.globalipapp import get_ipython

        ip = get_ipython()
        ip.run_line_magic("load_ext", "snds")
        return ip

    def test_should_run_a_cell_with_variables_bound(self, ip):
        ip.user_ns["n"] = 5
        result = ip.run_cell_magic("sql", "", "select count(*) as c from range({n})")
        assert result.rows == [(5,)]

    def test_should_store_the_result_in_a_variable(self, ip):
        assert ip.run_cell_magic("sql", "kept <<", "select 7 as x") is None
        assert ip.user_ns["kept"].rows == [(7,)]

    def test_should_run_a_line_magic(self, ip):
        assert ip.run_line_magic("sql", "select 3 as x").rows == [(3,)]

    def test_should_show_a_missing_attribute_in_one_line(self, ip, capsys):
        capsys.readouterr()
        result = ip.run_cell("x = 1\n%sql select {x.bogus} as y")
        shown = "".join(capsys.readouterr())
        assert isinstance(result.error_in_exec, snds.SndsError)
        assert "SndsError: {x.bogus} in the query: x (int) has no attribute bogus" in shown
        assert "Traceback" not in shown and "AttributeError" not in shown


class TestMistakesInIPython:
    """A mistake of the user's shows one line in a notebook, never the helper's stack."""

    @pytest.mark.parametrize(
        ("cell", "line"),
        [
            ("snds.generate(patients=-1)",
             "SndsError: patients must be a whole number from 100 to 1000000, not -1."),
            ("snds.generate(products=5)", "ArgumentError: products takes names"),
            ("snds.generate(years=None)",
             'SndsError: years takes a year, a range such as "2019-2020" or a list of years, not None.'),
            ("snds.generate(years=[2019, 'x'])", "SndsError: years takes a year, a range"),
            ("snds.generate(years=2019.5)", "SndsError: years takes a year, a range"),
            ("snds.sql('SELECT ?', 'E11')",
             "ArgumentError: snds.sql() takes its values as a list"),
            ("snds.sql(3)", "ArgumentError: snds.sql() takes the SQL text as a string, not int."),
            ("snds.sql('')", "SQLError: There is no SQL statement to run"),
            ("snds.sql('SELEC 1')", "SQLError: Parser Error"),
            ("snds.sql('SELECT 1 AS a').column('b')",
             "UnknownColumn: No column 'b' in this result; its columns are: a"),
            ("snds.describe(5)", "ArgumentError: Give the table's name as a string"),
            ("snds.tables(5)", "ArgumentError: Give the product's name as a string"),
            ("snds.describe('')",
             "SndsError: Give a table's name, e.g. snds.describe('IR_BEN_R'); snds.tables() lists them."),
            ("snds.tables(' ')", "SndsError: Give a product's name, e.g. snds.tables('DCIR')"),
            ("snds.sql('SELECT 1 AS x')['x']",
             "ArgumentError: A result's rows are taken by number, e.g. r[0]; "
             "for the values of column 'x', write r.column('x')."),
            ("snds.sql('SELECT 1 AS x')['y']",
             "ArgumentError: A result's rows are taken by number, e.g. r[0]; "
             "no column is named 'y'; its columns are: x."),
            ("snds.sql('select {x.y}', {'x': 1})",
             "SndsError: {x.y} in the query: x (int) has no attribute y"),
            ("snds.generate(products='')", "ArgumentError: products='' names no product"),
            ("snds.generate(products=' , ')", "or leave products out for every product."),
            ("snds.generate(products=[])", "ArgumentError: products=[] names no product"),
            ("snds.generate(years=1990)",
             "SndsError: years takes a year from 2006 to 2099, not 1990."),
            ("snds.generate(years=[2019, 2021])",
             "SndsError: years takes consecutive years, e.g. 2019-2021, not 2019, 2021."),
        ],
    )
    def test_should_show_one_line(self, capsys, cell, line):
        from IPython.testing.globalipapp import get_ipython

        ip = get_ipython()
        ip.run_cell("import snds")
        capsys.readouterr()
        result = ip.run_cell(cell)
        shown = "".join(capsys.readouterr())
        assert result.error_in_exec is not None
        assert line in shown
        assert "Traceback" not in shown and "---->" not in shown

    def test_should_keep_the_exception_types_code_catches(self):
        with pytest.raises(TypeError):
            snds.sql(3)
        with pytest.raises(KeyError):
            snds.sql("SELECT 1 AS a").column("b")


class TestChart:
    def result(self):
        return snds.sql(
            "select * from (values ('F', 2019, 10.5), ('H', 2019, 8.0), ('F', 2020, 11.0)) t(sexe, annee, taux)"
        )

    @pytest.mark.parametrize("kind", ["bar", "line", "point", "area"])
    def test_should_build_a_vega_lite_v5_bundle(self, kind):
        bundle = self.result().chart(kind, x="annee", y="taux", color="sexe")._repr_mimebundle_()
        spec = bundle[VEGA_LITE_MIME]
        assert spec["$schema"].endswith("/vega-lite/v5.json")
        assert spec["mark"]["type"] == kind
        assert spec["encoding"]["y"] == {"field": "taux", "type": "quantitative", "title": "taux"}
        assert spec["encoding"]["color"]["type"] == "nominal"
        assert spec["data"]["values"][0] == {"annee": 2019, "taux": 10.5, "sexe": "F"}

    def test_should_type_dates_as_temporal(self):
        r = snds.sql("select DATE '2019-01-01' + i::INTEGER as d, i from range(3) t(i)")
        spec = r.chart("line", x="d", y="i").spec
        assert spec["encoding"]["x"]["type"] == "temporal"
        assert spec["data"]["values"][1]["d"] == "2019-01-02"

    def test_should_refuse_unknown_columns_and_kinds_clearly(self):
        with pytest.raises(snds.SndsError, match="its columns are: sexe, annee, taux"):
            self.result().chart("bar", x="age", y="taux")
        with pytest.raises(snds.SndsError, match="use one of bar, line, point, area"):
            self.result().chart("pie", x="sexe", y="taux")

    def test_should_refuse_too_many_rows(self):
        with pytest.raises(snds.SndsError, match="GROUP BY"):
            snds.sql("select i, i as j from range(30000) t(i)").chart("point", x="i", y="j")


class TestConversions:
    def test_should_give_pandas_and_arrow(self):
        r = snds.sql("select 1 as a, 'x' as b union all select 2, NULL")
        assert r.to_pandas()["a"].tolist() == [1, 2]
        assert r.to_arrow().column("b").to_pylist() == ["x", None]

    def test_should_say_how_to_get_pandas_when_missing(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(snds.SndsError, match="pip install pandas"):
            snds.sql("select 1").to_pandas()

    def test_should_say_how_to_get_pyarrow_when_missing(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(snds.SndsError, match="pip install pyarrow"):
            snds.sql("select 1").to_arrow()


class TestDictionary:
    def test_should_list_all_191_tables(self):
        r = snds.tables()
        assert len(r) == 191
        assert ("ER_PRS_F", "DCIR", "Table des prestations", 122) in r.rows

    def test_should_filter_by_product_and_name_unknown_products(self):
        assert {row[1] for row in snds.tables("dcir")} == {"DCIR"}
        with pytest.raises(snds.SndsError, match="the products are: "):
            snds.tables("NOPE")

    def test_should_describe_a_table_like_the_sidebar(self):
        d = snds.describe("ER_PRS_F")
        assert d.product == "DCIR" and len(d.columns) == 122
        assert "REM_TYP_AFF" in d.primary_key
        text = repr(d)
        assert text.startswith("ER_PRS_F (DCIR): Table des prestations")
        assert "IR_BEN_R on BEN_NIR_PSA, BEN_RNG_GEM (patient)" in text

    def test_should_describe_per_year_names(self):
        assert snds.describe("T_MCO19B").name == "T_MCOaaB"

    def test_should_escape_descriptions_in_html(self):
        html = snds.describe("ER_PRS_F")._repr_html_()
        assert "<script" not in html and "<td>PRS_NAT_REF</td>" in html

    def test_should_read_names_with_spaces_around(self):
        assert snds.describe("IR_BEN_R ").name == "IR_BEN_R"
        assert snds.describe(" t_mco19b").name == "T_MCOaaB"
        assert {row[1] for row in snds.tables(" dcir ")} == {"DCIR"}

    def test_should_suggest_close_table_names(self):
        with pytest.raises(snds.SndsError, match="did you mean ER_PRS_F"):
            snds.describe("ER_PRS_X")


@pytest.fixture()
def pmsi_only(monkeypatch):
    from snds import kernel_engine

    monkeypatch.setattr(
        kernel_engine, "dataset", {"patients": 100, "seed": 0, "years": [2019], "products": ["pmsi"]}
    )


class TestSuggestions:
    def test_should_say_which_generate_call_adds_an_snds_table(self, pmsi_only):
        snds.sql("drop table if exists ER_PHA_F")
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select * from ER_PHA_F")
        assert "ER_PHA_F is an SNDS table (DCIR)" in str(info.value)
        # The call keeps the loaded dataset: same patients, seed and years, both products.
        assert (
            "snds.generate(patients=100, seed=0, years=2019, products=['pmsi', 'dcir'])"
            in str(info.value)
        )

    @pytest.mark.parametrize(
        "table, ending",
        [
            pytest.param(
                "T_MCO25B",
                "T_MCO25B is the PMSI MCO table of 2025, a year not generated in this kernel "
                "(its dataset covers 2019): add it with "
                "snds.generate(patients=100, seed=0, years='2019-2025', products=['pmsi']).",
                id="a call that keeps the dataset",
            ),
            pytest.param(
                "T_MCO03B",
                "T_MCO03B is the PMSI MCO table of 2003, a year the generator cannot make: "
                "it makes 2006 to 2099.",
                id="a year the generator cannot make",
            ),
            pytest.param(
                "T_MCO35B",
                "add it with snds.generate(patients=100, seed=0, years=2035, products=['pmsi']) "
                "(a dataset spans at most 10 consecutive years: this call replaces 2019 with 2035).",
                id="a year too far from the loaded ones",
            ),
        ],
    )
    def test_should_name_what_a_table_of_a_missing_year_needs(self, pmsi_only, table, ending):
        snds.sql(f"drop table if exists {table}")
        with pytest.raises(snds.SQLError) as info:
            snds.sql(f"select count(*) from {table}")
        assert str(info.value).endswith(ending)

    def test_should_not_make_the_default_dataset_for_a_table_of_another_year(self, monkeypatch):
        import sys

        from snds import kernel_engine

        made = []
        monkeypatch.setattr(kernel_engine, "dataset", None)
        monkeypatch.setattr(sys.modules["snds.generate"], "first_use", lambda: made.append(1))
        snds.sql("drop table if exists T_MCO25B")
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select count(*) from T_MCO25B")
        assert made == []
        assert str(info.value).endswith(
            "add it with snds.generate(years=2025, products=['pmsi mco'])."
        )
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select count(*) from T_MCO05B")
        assert made == []
        assert "a year the generator cannot make" in str(info.value)

    def test_should_suggest_snds_tables_for_typos(self, pmsi_only):
        with pytest.raises(snds.SQLError, match="did you mean ER_PRS_F"):
            snds.sql("select * from ER_PRS_X")

    def test_should_suggest_snds_columns(self):
        snds.sql("create or replace table t_cols (BEN_NIR_PSA varchar)")
        with pytest.raises(snds.SQLError, match="did you mean BEN_NIR_PSA"):
            snds.sql("select BEN_NIR_PS from t_cols")


    def test_should_say_which_tables_hold_an_snds_column(self):
        snds.sql("create or replace table t_other (x integer)")
        with pytest.raises(snds.SQLError, match="NIR_ANO_17 is not in the tables of this query; it is a column of"):
            snds.sql("select NIR_ANO_17 from t_other")


class TestEngineInfo:
    def test_should_show_engine_and_dataset(self, monkeypatch):
        from snds import kernel_engine

        monkeypatch.setattr(kernel_engine, "dataset", None)
        info = snds.engine
        assert info.name == "duckdb"
        assert "native DuckDB" in repr(info)
        assert "no synthetic SNDS loaded yet" in repr(info)

    def test_should_refuse_unknown_attributes(self):
        with pytest.raises(AttributeError):
            snds.no_such_thing


class TestBootstrap:
    def test_should_connect_and_register_the_magics_in_ipython(self):
        from IPython.testing.globalipapp import get_ipython

        ip = get_ipython()
        ip.magics_manager.magics["cell"].pop("sql", None)
        ip.run_cell("import snds\nawait snds._bootstrap('http://unused/in/cpython.mjs')")
        assert "sql" in ip.magics_manager.magics["cell"]

    def test_should_connect_outside_ipython_too(self):
        import asyncio

        asyncio.run(snds._bootstrap("http://unused/in/cpython.mjs"))
        assert snds.engine.name == "duckdb"


class TestDatasetInfo:
    def test_should_describe_the_loaded_dataset(self, monkeypatch):
        from snds import kernel_engine

        monkeypatch.setattr(
            kernel_engine, "dataset",
            {"patients": 10000, "seed": 3, "years": [2019, 2020], "products": ["dcir", "pmsi"]},
        )
        assert repr(snds.engine).endswith(
            "synthetic SNDS, 10\u202f000 patients, seed 3, years 2019-2020, products dcir, pmsi"
        )


class TestFirstUse:
    def test_should_generate_the_default_dataset_on_the_first_snds_query(self, monkeypatch, capsys):
        from snds import kernel_engine

        monkeypatch.setattr(kernel_engine, "dataset", None)
        snds.sql("drop table if exists IR_BEN_R")
        r = snds.sql("select count(*) as n from IR_BEN_R")
        assert r.rows[0][0] > 0
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and "generating the default dataset" in out
        assert kernel_engine.dataset["patients"] == 10_000
        assert snds._status().data["dataset"]["seed"] == 0

    def test_should_refuse_an_impossible_size_clearly(self):
        with pytest.raises(snds.SndsError) as info:
            snds.generate(patients=10**9)
        assert "patients" in str(info.value)


class TestProgress:
    def test_should_redraw_at_most_once_per_interval(self, monkeypatch):
        import IPython
        import IPython.display
        from snds import progress

        class Shell:
            class display_formatter:
                active_types = ["text/plain", "text/html"]

        class Handle:
            def __init__(self):
                self.updates = 0

            def update(self, _):
                self.updates += 1

        handle = Handle()
        shown = []
        monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
        monkeypatch.setattr(
            IPython.display, "display", lambda obj, display_id: shown.append(obj) or handle
        )
        clock = iter(x * 0.01 for x in range(10_000))
        monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
        bar = progress.Progress("Synthetic SNDS")
        for step in range(400):  # 4 s at 10 ms a step
            bar.update(step, f"{step} SQL statements run")
        # Nothing in the first second, then one redraw every 0.25 s.
        assert len(shown) == 1
        assert 10 <= handle.updates <= 12
