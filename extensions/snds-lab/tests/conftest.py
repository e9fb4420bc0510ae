"""Fixtures shared by the tests of snds."""

import pytest


@pytest.fixture
def failing_step(monkeypatch):
    """Makes the ER_PHA_F step of every generation query a missing table."""
    from snds.synth import runner

    real = runner.step_statements

    def failing(step, *args, **kwargs):
        if step["id"] == "table:ER_PHA_F":
            return ["SELECT * FROM a_table_that_does_not_exist"]
        return real(step, *args, **kwargs)

    monkeypatch.setattr(runner, "step_statements", failing)
