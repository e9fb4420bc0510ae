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
