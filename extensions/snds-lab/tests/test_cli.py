"""python -m snds generate: files on disk, and clear refusals for bad arguments."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
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


@pytest.fixture
def two_threads(monkeypatch):
    """The CLI's connections with 2 threads, so that its steps run on 2 cursors at once."""
    connect = duckdb.connect

    def with_two_threads(*args, **kwargs):
        con = connect(*args, **kwargs)
        con.execute("SET threads = 2")
        return con

    monkeypatch.setattr(duckdb, "connect", with_two_threads)


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_the_same_request_writes_the_same_files(tmp_path, two_threads, format):
    """Steps run on several cursors leave some tables' rows in no set order (ER_PRS_F, the
    PMSI tables, the cartographie): the files are sorted, so two runs give the same bytes."""
    runs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        args = ["generate", "--patients", "1000", "--seed", "5", "--out", str(out), "--format", format]
        assert main(args) == 0
        runs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert len(runs[0]) > 150 and f"ER_PRS_F.{format}" in runs[0]
    assert [name for name in runs[0] if runs[0][name] != runs[1].get(name)] == []
    assert not [name for name in runs[0] if name.startswith(".")]  # no spill folder left


def test_a_sort_bigger_than_memory_spills_into_out_then_leaves_nothing(tmp_path, monkeypatch):
    import snds.__main__ as cli

    write = cli._write
    spilled = []

    def write_with_little_memory(con, table, path, format):
        if table == "ER_PRS_F":  # 16 MB beyond what the tables hold: its sort must spill
            used = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
            con.execute(f"SET memory_limit = '{used // 2**20 + 16}MiB'")
        folders = [p for p in path.parent.iterdir() if p.name.startswith(".snds-spill-")]
        assert len(folders) == 1
        done = threading.Event()

        def watch():  # DuckDB removes its spill files once the sort ends
            while not done.is_set():
                if any(folders[0].iterdir()):
                    spilled.append(table)
                    return
                time.sleep(0.002)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            write(con, table, path, format)
        finally:
            done.set()
            watcher.join()

    monkeypatch.setattr(cli, "_write", write_with_little_memory)
    out = tmp_path / "out"
    assert main(["generate", "--patients", "1000", "--seed", "5", "--out", str(out), "--format", "csv"]) == 0
    assert "ER_PRS_F" in spilled
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    rows = duckdb.connect().execute(
        f"SELECT count(*) FROM read_csv('{out / 'ER_PRS_F.csv'}')"
    ).fetchone()[0]
    assert rows > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--patients", "-1"], "patients must be a whole number from 100 to 1000000, not -1."),
        (["--patients", "1000000000"], "patients over 1 year(s) would need about"),
        (["--years", "2019-2017"], "the range ends before it starts"),
        (["--products", "nope"], 'Unknown product "nope"'),
        (["--years", "1990"], "python -m snds: years takes a year from 2006 to 2099, not 1990.\n"),
        (["--years", "2098-2100"], "years takes years from 2006 to 2099, not 2098-2100.\n"),
        (["--products", ""], '--products "" names no product: give names, e.g. dcir,pmsi'),
        (["--products", ","], '--products "," names no product'),
        (["--products", " , "], "or leave --products out for every product."),
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


def test_it_says_what_it_does_on_a_terminal_and_nothing_through_a_pipe(tmp_path):
    """script(1) runs the command on a pseudo-terminal: stderr is a tty there."""
    args = [sys.executable, "-m", "snds", "generate", "--patients", "1000", "--products",
            "beneficiaire", "--format", "csv"]
    quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
    tty = subprocess.run(
        ["script", "-qec", f"{quoted} --out '{tmp_path / 'tty'}'", "/dev/null"],
        capture_output=True, text=True, cwd=HERE,
    )
    assert tty.returncode == 0, tty.stdout
    assert "python -m snds: generating 1,000 patients, 2019, seed 0…" in tty.stdout
    assert f"python -m snds: writing 2 tables as csv to {tmp_path / 'tty'}…" in tty.stdout
    piped = subprocess.run(
        args + ["--out", str(tmp_path / "piped")], capture_output=True, text=True, cwd=HERE
    )
    assert piped.returncode == 0
    assert piped.stderr == ""
    assert "tables" in piped.stdout


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


@pytest.mark.parametrize("out", ["", "  "])
def test_an_empty_out_is_refused_and_nothing_is_written_here(tmp_path, monkeypatch, capsys, out):
    # Path("") is the current folder: it must not get 192 files.
    monkeypatch.chdir(tmp_path)
    code = main(["generate", "--patients", "100", "--products", "beneficiaire", "--out", out])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "python -m snds: generate needs --out DIR: the folder to write the tables into.\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--patients", "--out", "--products"])
def test_an_option_given_twice_is_refused(tmp_path, capsys, option):
    value = {"--patients": "200", "--out": str(tmp_path / "y"), "--products": "dcir"}[option]
    with pytest.raises(SystemExit) as info:
        main(["generate", "--out", str(tmp_path / "x"), "--patients", "100", "--products", "egb",
              option, value])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert f"error: {option} is given twice; give it once." in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_named_and_the_users_files_are_kept(tmp_path, capsys):
    out = tmp_path / "dataset"
    (out / "IR_BEN_R.parquet").mkdir(parents=True)
    (out / "IR_BEN_R.parquet" / "mine.txt").write_text("mine")
    code = main(["generate", "--patients", "100", "--products", "beneficiaire", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"python -m snds: cannot write {out / 'IR_BEN_R.parquet'}: a folder of that name is in "
        "the way: move or rename that folder, or give another --out.\n"
    )
    assert (out / "IR_BEN_R.parquet" / "mine.txt").read_text() == "mine"


def test_a_write_failure_after_some_files_says_they_are_kept(tmp_path, capsys, monkeypatch):
    from snds import __main__ as cli

    real = cli._write

    def full_disk(con, table, path, format):
        if table != "IR_BEN_R":
            raise OSError(28, "No space left on device")
        real(con, table, path, format)

    monkeypatch.setattr(cli, "_write", full_disk)
    out = tmp_path / "dataset"
    code = main(["generate", "--patients", "100", "--products", "beneficiaire", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert ": No space left on device: check the free space and the folder's permissions, or give " \
        "another --out; the 1 tables written before it are kept." in err
    assert (out / "IR_BEN_R.parquet").exists()


def test_too_many_patients_are_met_with_a_size_that_fits_this_machine(tmp_path, capsys, monkeypatch):
    from snds.synth import runner

    # A machine whose DuckDB may use 4 GiB, which can compress its tables.
    monkeypatch.setattr(runner, "room", lambda con: (4 * 1024**3, True))
    program = runner.load_program()
    steps = runner.plan(program, runner.tables_of_products(program, None))
    fits = runner.most_patients(steps, [2019], 4 * 1024**3, True, 1_000_000)
    assert 100 < fits < 1_000_000
    code = main(["generate", "--patients", "2000000", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(
        "python -m snds: patients must be a whole number from 100 to 1000000, not 2000000: "
        "2000000 patients over 1 year(s) would need about "
    )
    assert f"this machine's DuckDB can use 4.0 GiB: ask for at most {fits} patients" in err
    # A size asked for with that answer is not refused for memory.
    runner._fits(steps, fits, [2019], 4 * 1024**3 / runner.MEMORY_SHARE, False, True)


def test_invalid_years_are_named_before_the_size(tmp_path, capsys):
    code = main(["generate", "--patients", "2000000", "--years", "2019-2040", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "python -m snds: years must name 1 to 10 consecutive years, e.g. 2019 or 2019-2020, "
        "not 2019-2040. patients must be a whole number from 100 to 1000000, not 2000000.\n"
    )
