"""python -m snds generate: files on disk, and clear refusals for bad arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from snds.__main__ import main

HERE = Path(__file__).resolve().parents[1]


def test_generate_writes_one_csv_per_table(tmp_path, capsys):
    out = tmp_path / "dcir"
    code = main(
        ["generate", "--patients", "100", "--seed", "3", "--years", "2019",
         "--products", "beneficiaire", "--out", str(out), "--format", "csv"]
    )
    assert code == 0
    files = sorted(p.name for p in out.iterdir())
    assert "IR_BEN_R.csv" in files
    n = duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{out / 'IR_BEN_R.csv'}')").fetchone()[0]
    assert n >= 100
    assert f"{len(files)} tables" in capsys.readouterr().out


def test_generate_writes_parquet_with_two_years(tmp_path):
    out = tmp_path / "mco"
    assert main(
        ["generate", "--patients", "200", "--years", "2019-2020", "--products", "mco",
         "--out", str(out), "--format", "parquet"]
    ) == 0
    assert (out / "T_MCO19B.parquet").exists() and (out / "T_MCO20B.parquet").exists()
    stays = duckdb.connect().execute(f"SELECT count(*) FROM '{out / 'T_MCO20B.parquet'}'").fetchone()[0]
    assert stays > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--patients", "-1"], "patients must be a whole number from 100 to 1000000, not -1."),
        (["--patients", "1000000000"], "ask for at most 1000000 patients"),
        (["--years", "2019-2017"], "the range ends before it starts"),
        (["--products", "nope"], 'Unknown product "nope"'),
    ],
)
def test_bad_arguments_are_refused_with_the_fix(tmp_path, capsys, args, message):
    code = main(["generate", "--out", str(tmp_path / "x"), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("inside", [False, True])
def test_an_out_that_is_a_file_is_refused_before_generating(tmp_path, capsys, inside):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    out = file / "dataset" if inside else file
    code = main(["generate", "--patients", "100", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "is a file: give a folder to write the tables into." in err
    assert "Traceback" not in err
    assert file.read_text() == "mine"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_that_cannot_be_made_is_refused_with_its_reason(capsys):
    code = main(["generate", "--patients", "100", "--out", "/proc/snds-dataset/x"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--out /proc/snds-dataset/x: cannot create /proc/snds-dataset" in err
    assert "Traceback" not in err


def test_a_refused_request_leaves_none_of_the_folders_it_made(tmp_path, capsys):
    out = tmp_path / "a" / "b"
    assert main(["generate", "--patients", "100", "--products", "nope", "--out", str(out)]) == 2
    assert not (tmp_path / "a").exists()


def test_a_billion_patients_names_the_estimate(capsys, tmp_path):
    main(["generate", "--patients", str(10**9), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert "1000000000 patients over 1 year(s) would need about" in err
    assert "GiB" in err


def test_module_runs_as_a_program(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "snds", "generate", "--patients", "abc", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=HERE,
    )
    assert result.returncode == 2
    assert "invalid int value: 'abc'" in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_writes_arrow_streams(tmp_path):
    pyarrow = pytest.importorskip("pyarrow")
    out = tmp_path / "arrow"
    code = main(["generate", "--patients", "150", "--seed", "3", "--years", "2019",
                 "--products", "beneficiaire", "--out", str(out), "--format", "arrow"])
    assert code == 0
    with pyarrow.ipc.open_stream(str(out / "IR_BEN_R.arrow")) as reader:
        table = reader.read_all()
    assert table.num_rows >= 150
    assert "BEN_NIR_PSA" in table.column_names
