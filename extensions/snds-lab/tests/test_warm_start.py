"""generate() asked twice, and the request keys of the browser's cache (CPython side)."""

import pytest

import snds
from snds import kernel_engine, warm_start
from snds.warm_start import DatasetRequest


@pytest.fixture()
def small(monkeypatch, capsys):
    monkeypatch.setattr(kernel_engine, "dataset", None)
    snds.generate(patients=100, seed=5, years=2019, products=["dcir"])
    capsys.readouterr()


class TestGenerateAgain:
    def test_should_do_nothing_for_the_dataset_already_loaded(self, small, capsys):
        before = snds.sql("select count(*) from ER_PRS_F").rows
        report = snds.generate(patients=100, seed=5, years=[2019], products="DCIR")
        out = capsys.readouterr().out
        assert out == (
            "Synthetic SNDS already loaded in this kernel "
            "(100 patients, seed 5, years 2019, DCIR): nothing to do.\n"
        )
        assert "ER_PRS_F" in report.tables
        assert repr(report) == f"<synthetic SNDS: {len(report.tables)} tables, already loaded>"
        assert snds.sql("select count(*) from ER_PRS_F").rows == before

    def test_should_generate_again_when_a_table_is_gone(self, small, capsys):
        snds.sql("drop table ER_PRS_F")
        snds.generate(patients=100, seed=5, years=2019, products=["dcir"])
        assert "nothing to do" not in capsys.readouterr().out
        assert snds.sql("select count(*) from ER_PRS_F").rows[0][0] > 0

    def test_should_generate_again_when_forced_or_asked_for_another_seed(self, small, capsys):
        snds.generate(patients=100, seed=5, years=2019, products=["dcir"], force=True)
        report = snds.generate(patients=100, seed=6, years=2019, products=["dcir"])
        assert repr(report).startswith(f"<synthetic SNDS: {len(report.tables)} tables, generated in ")
        assert "nothing to do" not in capsys.readouterr().out
        assert kernel_engine.dataset["seed"] == 6
        assert kernel_engine.dataset["source"] == "generated"

    def test_should_not_trust_a_record_that_lists_no_tables(self, small, capsys):
        record = dict(kernel_engine.dataset, tables=[])
        kernel_engine.dataset = record
        snds.generate(patients=100, seed=5, years=2019, products=["dcir"])
        assert "nothing to do" not in capsys.readouterr().out
        assert "ER_PRS_F" in kernel_engine.dataset["tables"]

    def test_should_refuse_unreadable_years_clearly(self):
        with pytest.raises(snds.SndsError, match="years takes a year or a range"):
            snds.generate(years="2019 to 2020")


class TestRequestKey:
    def test_should_name_the_same_dataset_whatever_the_spelling(self):
        engine = kernel_engine.current()
        a = DatasetRequest.of(100, 1, "2019-2020", "dcir, PMSI")
        b = DatasetRequest.of(100, 1, [2019, 2020], ["pmsi", "DCIR"])
        assert a.key(engine) == b.key(engine)
        assert a.label() == "100 patients, seed 1, years 2019-2020, dcir, PMSI"

    def test_should_change_with_each_part_of_the_request_and_the_generator(self):
        engine = kernel_engine.current()
        base = DatasetRequest.of(100, 1, 2019, None)
        others = [
            DatasetRequest.of(200, 1, 2019, None),
            DatasetRequest.of(100, 2, 2019, None),
            DatasetRequest.of(100, 1, 2020, None),
            DatasetRequest.of(100, 1, 2019, ["dcir"]),
        ]
        keys = {base.key(engine), *(o.key(engine) for o in others)}
        assert len(keys) == 5
        assert warm_start.generator_version() in base.key(engine)
        assert len(warm_start.generator_version()) == 16

    def test_should_keep_nothing_on_an_engine_without_a_browser_cache(self):
        engine = kernel_engine.current()
        request = DatasetRequest.of(100, 1, 2019, None)
        assert warm_start.restore(engine, request) is None
        assert warm_start.keep(engine, request, ["IR_BEN_R"]) is False


def present() -> set[str]:
    return {r[0] for r in snds.sql("select table_name from duckdb_tables()").rows}


class TestReplace:
    """A generation replaces the whole dataset: the kernel holds one request's tables."""

    def test_should_keep_the_dataset_when_following_the_hint_of_a_missing_product(
        self, monkeypatch, capsys
    ):
        monkeypatch.setattr(kernel_engine, "dataset", None)
        snds.generate(patients=150, seed=2, products="dcir")
        snds.sql("drop table if exists T_MCO19B")
        with pytest.raises(snds.SQLError) as info:
            snds.sql("select count(*) from T_MCO19B")
        call = str(info.value).split("add it with ")[1]
        assert call == "snds.generate(patients=150, seed=2, years=2019, products=['dcir', 'pmsi mco'])."
        eval(call.rstrip("."))
        assert snds.sql("select count(*) from IR_BEN_R").rows[0][0] >= 150
        assert snds.sql("select count(*) from T_MCO19B").rows[0][0] > 0
        assert repr(snds.engine).endswith(
            "150 patients, seed 2, years 2019, products dcir, pmsi mco"
        )

    def test_should_refuse_to_generate_inside_a_transaction_and_keep_the_dataset(self, small):
        before = dict(kernel_engine.dataset)
        snds.sql("BEGIN")
        try:
            with pytest.raises(snds.SndsError) as info:
                snds.generate(patients=120, seed=5, products="dcir")
        finally:
            snds.sql("ROLLBACK")
        assert str(info.value) == (
            "snds.generate() cannot run inside a transaction (BEGIN): run COMMIT or ROLLBACK first."
        )
        assert kernel_engine.dataset == before
        assert set(before["tables"]) <= present()

    def test_should_refuse_a_typo_before_touching_the_dataset(self, small, monkeypatch):
        cancelled = []
        monkeypatch.setattr(warm_start, "cancel_keep", lambda engine: cancelled.append(engine))
        before = dict(kernel_engine.dataset)
        with pytest.raises(snds.SndsError):
            snds.generate(patients=100, seed=5, products=["dcri"])
        assert cancelled == []
        assert kernel_engine.dataset == before

    def test_should_drop_next_time_what_a_failure_could_not(self, small, monkeypatch, capsys):
        import sys

        generate_module = sys.modules["snds.generate"]
        monkeypatch.setattr(generate_module, "_stale", [(None, "left_behind")])
        snds.sql("create table left_behind as select 1 as x")
        snds.generate(patients=100, seed=9, products="dcir")
        assert "left_behind" not in present()
        assert generate_module._stale == []

    def test_should_drop_the_previous_tables_the_new_dataset_does_not_make(self, small, capsys):
        before = list(kernel_engine.dataset["tables"])
        snds.sql("create or replace table mine as select 1 as x")
        report = snds.generate(patients=100, seed=5, products="pmsi mco")
        assert capsys.readouterr().out == (
            "This dataset replaces the previous one (100 patients, seed 5, years 2019, dcir): "
            f"{len(before)} of its tables were dropped.\n"
        )
        assert not set(before) & present()
        assert set(report.tables) | {"mine"} <= present()
        assert kernel_engine.dataset["tables"] == report.tables

    def test_should_keep_the_dataset_when_a_request_is_refused(self, small, capsys):
        with pytest.raises(snds.SndsError, match="patients must be"):
            snds.generate(patients=10**9, seed=5, products="dcir")
        snds.generate(patients=100, seed=5, years=2019, products=["dcir"])
        assert "nothing to do" in capsys.readouterr().out


@pytest.fixture()
def interrupt_at_20(monkeypatch):
    """Jupyter's "interrupt kernel" once 20 statements have run."""
    from snds import progress

    real = progress.Progress.update

    def update(self, n, label):
        if n >= 20:
            raise KeyboardInterrupt
        real(self, n, label)

    monkeypatch.setattr(progress.Progress, "update", update)
    yield
    monkeypatch.setattr(progress.Progress, "update", real)


class TestStopped:
    """A generation that stops half-way leaves the kernel claiming no dataset."""

    def test_should_claim_no_dataset_after_an_interruption(self, small, capsys, request):
        request.getfixturevalue("interrupt_at_20")
        with pytest.raises(KeyboardInterrupt) as info:
            snds.generate(patients=150, seed=6, products="dcir")
        assert str(info.value) == (
            "Synthetic SNDS generation interrupted: this kernel holds no synthetic SNDS now "
            "(the previous dataset's tables and the half-made ones were dropped): "
            "run snds.generate(patients=150, seed=6, years=2019, products=['dcir']) again."
        )
        assert kernel_engine.dataset is None
        assert "no synthetic SNDS loaded" in repr(snds.engine)
        assert not {"ER_PRS_F", "IR_BEN_R"} & present()
        assert not [t for t in present() if t.startswith("_")]

    def test_should_generate_again_the_dataset_it_had_before_the_interruption(
        self, small, capsys, request
    ):
        from snds import progress

        real = progress.Progress.update
        request.getfixturevalue("interrupt_at_20")
        with pytest.raises(KeyboardInterrupt):
            snds.generate(patients=150, seed=6, products="dcir")
        progress.Progress.update = real
        snds.generate(patients=100, seed=5, products="dcir")
        assert "nothing to do" not in capsys.readouterr().out
        assert snds.sql("select count(*) from ER_PRS_F").rows[0][0] > 0
        assert kernel_engine.dataset["seed"] == 5

    def test_should_show_the_interruption_in_one_line_and_keep_the_kernel(
        self, small, capsys, request
    ):
        from IPython.testing.globalipapp import get_ipython

        ip = get_ipython()
        ip.run_cell("import snds")
        request.getfixturevalue("interrupt_at_20")
        capsys.readouterr()
        result = ip.run_cell("snds.generate(patients=150, seed=6, products='dcir')")
        shown = "".join(capsys.readouterr())
        assert isinstance(result.error_in_exec, KeyboardInterrupt)
        assert "GenerationInterrupted: Synthetic SNDS generation interrupted" in shown
        assert "Traceback" not in shown
        assert ip.run_cell("snds.sql('select 41 + 1').rows").result == [(42,)]

    def test_should_claim_no_dataset_after_a_failure(self, small, failing_step):
        with pytest.raises(snds.SQLError) as info:
            snds.generate(patients=150, seed=6, products="dcir")
        assert "a_table_that_does_not_exist" in str(info.value)
        assert str(info.value).endswith(
            "Synthetic SNDS generation failed: this kernel holds no synthetic SNDS now "
            "(the previous dataset's tables and the half-made ones were dropped): run "
            "snds.generate(patients=150, seed=6, years=2019, products=['dcir']) again once the "
            "cause is fixed."
        )
        assert kernel_engine.dataset is None
        assert not {"ER_PRS_F", "IR_BEN_R"} & present()
