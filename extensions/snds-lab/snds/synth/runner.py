"""Runs the compiled generator program; mirrors packages/synth/src/runner.ts."""

from __future__ import annotations

import json
import numbers
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .parallel import parallel_workers, run_steps

PROGRAM_FILE = Path(__file__).resolve().parent.parent / "_data" / "synth_program.json"
# The program format this runner reads (PROGRAM_VERSION in packages/synth/src/compile.ts).
PROGRAM_VERSION = 7
# Marks a work table's CREATE (packages/synth/src/work_tables.ts).
TEMP = "{{temp}}"
# The start of a work table's CREATE ... AS statement (work_tables.ts).
CREATE_WORK_TABLE = f"CREATE OR REPLACE {TEMP}TABLE"
WASM_LIMIT = 4 * 1024**3
MEMORY_SHARE = 0.7
OVERHEAD = 1.5
# Persons per statement of a chunked step in a compressed database (CHUNK_PATIENTS in runner.ts).
CHUNK_PATIENTS = 20_000
# Persons per part of a chunked step made on several cursors at once (split_parts): each part
# plans the whole query again, which only pays from about twice this many persons.
SPLIT_PATIENTS = 15_000
# Share of their raw size tables keep in a compressed database (measured: 1/7 to 1/8).
COMPRESSED_SHARE = 0.2
# The compressed in-memory database of the engine package's sessions (SESSION_DATABASE).
COMPRESSED_DATABASE = "snds_lab"
# The years the generator makes (checkOptions in runner.ts).
FIRST_YEAR, LAST_YEAR = 2006, 2099


def chunk_count(patients: int, size: int = CHUNK_PATIENTS) -> int:
    return max(1, -(-patients // size))

# Same aliases as PRODUCT_ALIASES in packages/synth/src/compile.ts.
PRODUCT_ALIASES: dict[str, list[str]] = {
    "dcir": ["DCIR", "DCIR_DCIRS", "BENEFICIAIRE", "OPENMEDIC"],
    "dcirs": ["DCIRS", "DCIR_DCIRS", "BENEFICIAIRE"],
    "pmsi": ["PMSI MCO", "PMSI HAD", "PMSI SSR", "PMSI RIM-P"],
    "mco": ["PMSI MCO"],
    "had": ["PMSI HAD"],
    "ssr": ["PMSI SSR"],
    "rimp": ["PMSI RIM-P"],
    "beneficiaire": ["BENEFICIAIRE"],
    "deces": ["Causes de décès"],
    "cartographie": ["CARTOGRAPHIE_PATHOLOGIES"],
    "egb": ["EGB"],
    "damir": ["DAMIR"],
    "open": ["OPENBIO", "OPENLPP", "OPENMEDIC"],
}


class SynthRequestError(ValueError):
    """A generation request the generator refuses, with the reason and the fix."""


@dataclass
class GenerateReport:
    tables: list[str] = field(default_factory=list)
    seconds: float = 0.0
    estimate_bytes: int = 0


@lru_cache(maxsize=4)
def load_program(path: str | None = None) -> dict[str, Any]:
    file = Path(path) if path else PROGRAM_FILE
    if not file.exists():
        raise SynthRequestError(
            f"The generator program {file} is missing: build it with `bash scripts/build.sh` "
            "(or `npm run build:python-data -w @snds-lab/synth`)."
        )
    program = json.loads(file.read_text(encoding="utf-8"))
    if program.get("format") != "snds-synth-program" or program.get("version") != PROGRAM_VERSION:
        raise SynthRequestError(
            f"{file} is not a version {PROGRAM_VERSION} synth program: rebuild it."
        )
    return program


def parse_years(years: int | str | Sequence[int]) -> list[int]:
    if isinstance(years, numbers.Integral) and not isinstance(years, bool):
        return [int(years)]
    if isinstance(years, str):
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{4}))?\s*", years)
        if not m:
            raise SynthRequestError(
                f'years takes a year or a range, e.g. 2019 or "2019-2020", not "{years}".'
            )
        first = int(m.group(1))
        last = int(m.group(2) or first)
        if last < first:
            raise SynthRequestError(f"years {years}: the range ends before it starts.")
        return list(range(first, last + 1))
    listed = list(years) if isinstance(years, (list, tuple, range)) else None
    if listed is None or not all(
        isinstance(y, numbers.Integral) and not isinstance(y, bool) for y in listed
    ):
        raise SynthRequestError(
            f'years takes a year, a range such as "2019-2020" or a list of years, not {years!r}.'
        )
    return [int(y) for y in listed]


def _check(program: dict[str, Any], patients: int, seed: int, years: list[int]) -> None:
    limits = program["limits"]
    if not isinstance(patients, int) or not limits["minPatients"] <= patients <= limits["maxPatients"]:
        raise SynthRequestError(
            f"patients must be a whole number from {limits['minPatients']} to "
            f"{limits['maxPatients']}, not {patients}."
        )
    if not isinstance(seed, int) or not 0 <= seed <= 2**31 - 1:
        raise SynthRequestError(f"seed must be a whole number from 0 to 2147483647, not {seed}.")
    if not years or len(years) > limits["maxYears"]:
        raise SynthRequestError(
            f"years must name 1 to {limits['maxYears']} consecutive years, e.g. 2019 or 2019-2020"
            + (f", not {years_text(years)}." if years else ".")
        )
    if any(y != years[0] + k for k, y in enumerate(years)):
        raise SynthRequestError(
            f"years takes consecutive years, e.g. 2019-2021, not {years_text(years)}."
        )
    if not all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
        which = "a year" if len(years) == 1 else "years"
        raise SynthRequestError(
            f"years takes {which} from {FIRST_YEAR} to {LAST_YEAR}, not {years_text(years)}."
        )


def years_text(years: Sequence[int]) -> str:
    """Years as a user writes them: 2019, 2019-2021, or 2019, 2021 when not consecutive."""
    years = list(years)
    if len(years) > 1 and all(y == years[0] + k for k, y in enumerate(years)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def tables_of_products(program: dict[str, Any], products: Iterable[str] | None) -> set[str]:
    if not products:
        return {t["name"] for t in program["tables"]}
    names = list(program["products"])
    out: set[str] = set()
    for raw in products:
        key = raw.strip()
        expanded = PRODUCT_ALIASES.get(key.lower())
        if expanded is None:
            match = [n for n in names if n.lower() == key.lower()]
            if not match:
                raise SynthRequestError(
                    f'Unknown product "{raw}": use one of {", ".join([*PRODUCT_ALIASES, *names])}.'
                )
            expanded = match
        for product in expanded:
            out.update(program["products"].get(product, []))
    return out


def plan(program: dict[str, Any], tables: set[str]) -> list[dict[str, Any]]:
    by_id = {s["id"]: s for s in program["steps"]}
    needed: set[str] = set()

    def add(step_id: str) -> None:
        if step_id in needed:
            return
        needed.add(step_id)
        for dep in by_id.get(step_id, {}).get("deps", []):
            add(dep)

    for step in program["steps"]:
        if step.get("table") in tables:
            add(step["id"])
    return [s for s in program["steps"] if s["id"] in needed]


# A part of a statement for long periods only: /*years>N*/ … /*end*/, dropped for N years or fewer.
_FOR_YEARS = re.compile(r"/\*years>(\d+)\*/.*?/\*end\*/", re.DOTALL)
# {{yy+t}}: the two digits of the year t after the first (runner.ts, render).
_YY_PLUS = re.compile(r"\{\{yy\+(\d+)\}\}")


def render(sql: str, patients: int, seed: int, years: list[int], year: int | None = None) -> str:
    y = year if year is not None else years[0]
    sql = _FOR_YEARS.sub(lambda m: m.group(0) if len(years) > int(m.group(1)) else "", sql)
    sql = _YY_PLUS.sub(lambda m: f"{(years[0] + int(m.group(1))) % 100:02d}", sql)
    return (
        sql.replace("{{patients}}", str(patients))
        .replace("{{seed}}", str(seed))
        .replace("{{y0}}", str(years[0]))
        .replace("{{nyears}}", str(len(years)))
        .replace("{{year}}", str(y))
        .replace("{{yy}}", f"{y % 100:02d}")
        .replace("{{chunk_lo}}", "0")
        .replace("{{chunk_hi}}", str(patients))
        .replace("{{materialized}}", "")
        .replace(TEMP, "")
    )


def materialized(steps):
    """The steps with their {{materialized}} CTEs materialized, for native DuckDB's own
    (uncompressed) database: there ER_PRS_F takes a fifth less CPU and runs its second half on
    every thread, but holds about 40% more memory while it runs, which neither DuckDB-WASM nor
    a compressed database, made for requests near the memory limit, can spare."""
    on = "MATERIALIZED "
    return [{**s, "sql": [q.replace("{{materialized}}", on) for q in s["sql"]]} for s in steps]


def is_work_step(step) -> bool:
    """Whether the step makes a work table, one the run drops at its end: a statement
    starts with CREATE_WORK_TABLE."""
    return any(q.startswith(CREATE_WORK_TABLE) for q in step["sql"])


def _temporary(sql: str) -> str:
    """The statement with its work table made TEMP, if it makes one."""
    return sql.replace(TEMP, "TEMP ", 1) if sql.startswith(CREATE_WORK_TABLE) else sql


def temporary(steps):
    """The steps with their work tables made TEMP (runner.ts, temporaryWorkTables): in a
    compressed database, on one connection, they then skip a compression their drop throws
    away. A TEMP table is seen only by the connection that made it: never on cursors."""
    return [{**s, "sql": [_temporary(q) for q in s["sql"]]} if is_work_step(s) else s for s in steps]


_CREATE_TABLE = re.compile(r"^CREATE OR REPLACE TABLE (\S+) AS ")
# The prepared statement that appends a chunk of persons (chunk_statements).
CHUNK_STATEMENT = "snds_synth_chunk"


def chunk_statements(
    sql: str,
    patients: int,
    seed: int,
    years: list[int],
    year: int | None = None,
    chunk_patients: int = CHUNK_PATIENTS,
) -> list[str]:
    """A chunked step's first statement, once per chunk of ``chunk_patients`` persons or
    fewer: the first creates the table, the others insert into it, each followed by a
    CHECKPOINT that compresses the chunk. The insert is prepared once, the chunk's bounds its
    parameters, and executed per chunk, so that it is planned once (runner.ts, chunkStatements)."""
    n = chunk_count(patients, chunk_patients)
    if n <= 1:
        return [render(sql, patients, seed, years, year)]
    ranges = person_ranges(patients, n)
    insert = chunk_sql(sql, "$1", "$2", False, patients, seed, years, year)
    out = [chunk_sql(sql, *ranges[0], True, patients, seed, years, year), "CHECKPOINT"]
    out.append(f"PREPARE {CHUNK_STATEMENT} AS {insert}")
    for lo, hi in ranges[1:]:
        out += [f"EXECUTE {CHUNK_STATEMENT}({lo}, {hi})", "CHECKPOINT"]
    return out + [f"DEALLOCATE {CHUNK_STATEMENT}"]


def person_ranges(patients: int, n: int) -> list[tuple[int, int]]:
    """``n`` ranges of persons (first, last + 1) of equal size but the last, covering them all."""
    size = -(-patients // n)
    return [(min(k * size, patients), min((k + 1) * size, patients)) for k in range(n)]


def chunk_sql(
    sql: str,
    lo: int | str,
    hi: int | str,
    create: bool,
    patients: int,
    seed: int,
    years: list[int],
    year: int | None = None,
) -> str:
    """A chunked step's first statement for the persons ``lo`` to ``hi`` - 1 (numbers, or a
    prepared statement's parameters): creating its table, or (``create`` false) inserting into it."""
    if not _CREATE_TABLE.match(sql):
        raise ValueError(f"A chunked step must start with CREATE OR REPLACE TABLE: {sql[:60]}")
    chunk = sql.replace("{{chunk_lo}}", str(lo)).replace("{{chunk_hi}}", str(hi))
    if not create:
        chunk = _CREATE_TABLE.sub(r"INSERT INTO \1 ", chunk, count=1)
    return render(chunk, patients, seed, years, year)


def split_parts(step, patients: int, workers: int) -> int:
    """How many parts of persons a step is made in at once on a native connection's cursors.

    A chunked step (ER_PRS_F) runs as one pipeline, on one thread: on a big request, with
    cores to spare, its persons are shared among cursors that append to its table together.
    Its rows then come in the order the parts finish, as they already come in no set order."""
    if workers < 2 or not step.get("chunked") or step["perYear"]:
        return 1
    return max(1, min(workers, patients // SPLIT_PATIENTS))


def parallel_jobs(
    steps,
    patients: int,
    seed: int,
    years: list[int],
    workers: int,
    priority: dict[str, float],
    chunk_patients: int | None = None,
    chunks_at_once: int = 1,
) -> list[tuple[str, list[str], list[str]]]:
    """The jobs of run_steps for a plan (step id, the ids it waits for, its statements).

    A step split in parts (split_parts) is made by one job per part at once. In a compressed
    database (``chunk_patients`` given) a chunked step's chunks are appended
    ``chunks_at_once`` at a time, each round followed by a CHECKPOINT that compresses them (a
    chunked step made per year stays one job, which then runs alone: none is today). See
    appended_jobs; ``priority`` gets the new jobs, ahead of the step's."""
    jobs = []
    for s in steps:
        chunks = chunk_count(patients, chunk_patients) if chunk_patients and s.get("chunked") else 1
        parts = 1 if chunk_patients else split_parts(s, patients, workers)
        if (parts == 1 and chunks == 1) or s["perYear"]:
            jobs.append((s["id"], s["deps"], step_statements(s, patients, seed, years, chunk_patients)))
        elif parts > 1:
            rounds = [list(enumerate(person_ranges(patients, parts)))]
            jobs.extend(appended_jobs(s, patients, seed, years, rounds, False, priority))
        else:
            ranges = list(enumerate(person_ranges(patients, chunks)))
            size = max(1, chunks_at_once)
            rounds = [ranges[r : r + size] for r in range(0, len(ranges), size)]
            jobs.extend(appended_jobs(s, patients, seed, years, rounds, True, priority))
    return jobs


def appended_jobs(
    step,
    patients: int,
    seed: int,
    years: list[int],
    rounds: list[list[tuple[int, tuple[int, int]]]],
    checkpoint: bool,
    priority: dict[str, float],
) -> list[tuple[str, list[str], list[str]]]:
    """A step whose persons several jobs append: its table created empty (by the step's
    ``empty`` DDL), then ``rounds`` of jobs that each append a numbered range of persons
    (``#part{k}``, or ``#chunk{k}`` with a ``#checkpoint{r}`` job after each round when
    ``checkpoint``), then the step's own id for its other statements, so that its dependents
    wait for every range."""
    first = step["sql"][0]
    own = priority.get(step["id"], 0.0)
    empty = f"{step['id']}#empty"
    priority[empty] = own + 2
    # The table from its columns' types: its first statement for no persons is planned in full.
    # The job keeps the step's dependencies, which the parts wait for through it.
    jobs = [(empty, step["deps"], [render(step["empty"], patients, seed, years)])]
    after = [empty]
    for r, ranges in enumerate(rounds):
        ids = []
        for k, (lo, hi) in ranges:
            ids.append(f"{step['id']}#{'chunk' if checkpoint else 'part'}{k}")
            jobs.append((ids[-1], after, [chunk_sql(first, lo, hi, False, patients, seed, years)]))
            priority[ids[-1]] = own + 1
        after = ids
        if checkpoint:
            after = [f"{step['id']}#checkpoint{r}"]
            jobs.append((after[0], ids, ["CHECKPOINT"]))
            priority[after[0]] = own + 1
    jobs.append((step["id"], after, [render(q, patients, seed, years) for q in step["sql"][1:]]))
    return jobs


def statements(
    program, steps, patients: int, seed: int, years: list[int], chunk_patients: int | None = None
) -> list[str]:
    """The statements of a plan; chunked steps in chunks of ``chunk_patients`` persons if given."""
    out = [render(s, patients, seed, years) for s in program["setup"]]
    for step in steps:
        out.extend(step_statements(step, patients, seed, years, chunk_patients))
    return out


def step_statements(
    step, patients: int, seed: int, years: list[int], chunk_patients: int | None = None
) -> list[str]:
    """One step's statements, for every year it is made for."""
    out = []
    for year in years if step["perYear"] else [None]:
        for k, s in enumerate(step["sql"]):
            if chunk_patients and step.get("chunked") and k == 0:
                out.extend(chunk_statements(s, patients, seed, years, year, chunk_patients))
            else:
                out.append(render(s, patients, seed, years, year))
    return out


def cleanup_statements(
    program, steps, tables: set[str], patients: int, seed: int, years: list[int]
) -> list[str]:
    """What the steps leave to do once every step has run: drop work tables and helper
    columns, and the tables that were only needed to make the chosen ones."""
    out = []
    for step in steps:
        for year in years if step["perYear"] else [None]:
            out.extend(render(s, patients, seed, years, year) for s in step.get("cleanup", []))
    made = {s.get("table") for s in steps}
    for t in program["tables"]:
        if t["name"] not in tables and t["name"] in made:
            for year in years if t["perYear"] else [None]:
                out.append(render(f"DROP TABLE IF EXISTS {t['sqlName']}", patients, seed, years, year))
    return out


def _step_bytes(s, patients: int, years: list[int]) -> float:
    rows, width = s.get("rows"), s.get("bytesPerRow")
    if not rows or not width:
        return 0.0
    yearly = s["perYear"] or rows.get("yearly", False)
    n = rows["fixed"] + rows["perPatient"] * patients
    return n * width * (len(years) if yearly else 1)


# A step's seconds on native DuckDB, roughly: a statement's planning, then its bytes (10,000
# patients: about 5 ms for most tables' statements, 1 s for ER_PRS_F's 265 MB).
STATEMENT_SECONDS = 0.005
SECONDS_PER_BYTE = 4e-9


def critical_paths(steps, patients: int, years: list[int]) -> dict[str, float]:
    """Each step's estimated seconds from its start to the end of the run, through its
    longest chain of dependents. Steps run at once start the longest first, so that the
    biggest table (ER_PRS_F) and what leads to it never wait behind small tables."""
    dependents: dict[str, list[str]] = {s["id"]: [] for s in steps}
    for s in steps:
        for d in s["deps"]:
            if d in dependents:
                dependents[d].append(s["id"])
    paths: dict[str, float] = {}
    for s in reversed(steps):  # the plan lists a step after those it reads
        own = STATEMENT_SECONDS * len(s["sql"]) + SECONDS_PER_BYTE * _step_bytes(s, patients, years)
        paths[s["id"]] = own + max((paths[k] for k in dependents[s["id"]]), default=0.0)
    return paths


def estimate_bytes(
    steps, patients: int, years: list[int], compressed: bool = False, chunks_at_once: int = 1
) -> int:
    """Planned peak bytes (runner.ts, estimateBytes): compressed, the tables keep a share of
    their size and the running statement holds its table, or chunk, uncompressed (the
    ``chunks_at_once`` chunks appended together, on a native connection's cursors). Work
    tables count in full either way."""
    resident = work = transient = 0.0
    for s in steps:
        b = _step_bytes(s, patients, years)
        # Work tables stay uncompressed where they are TEMP (temporary): counted in full.
        if is_work_step(s):
            work += b
        else:
            resident += b
        # One statement per year, and per chunk of at most CHUNK_PATIENTS persons (counted
        # full, so that the estimate never falls as the patients grow).
        per_statement = b / (len(years) if s["perYear"] else 1)
        if s.get("chunked"):
            per_statement *= min(patients, CHUNK_PATIENTS) / patients * chunks_at_once
        transient = max(transient, per_statement)
    peak = (resident * COMPRESSED_SHARE + transient if compressed else resident) + work
    return round(peak * OVERHEAD)


def chunks_together(steps, patients: int, years: list[int], usable: float, workers: int) -> int:
    """How many chunks of a compressed run the cursors append at once: up to ``workers`` and
    the run's chunks, as long as the estimate with that many chunks uncompressed fits in
    ``usable`` bytes. Left out: the small tables other cursors make meanwhile, uncompressed
    until the next checkpoint (at 300,000 patients, 2 chunks at once raised the estimate by
    0.08 GB and the measured peak by 0.3 GB, to 2.2 GB against an estimate of 4.7 GB)."""
    for n in range(min(workers, chunk_count(patients, CHUNK_PATIENTS)), 1, -1):
        if estimate_bytes(steps, patients, years, True, n) <= usable:
            return n
    return 1


def parse_memory(text: str) -> float:
    m = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]i?B|bytes)?\s*", text or "", re.IGNORECASE)
    if not m:
        return float("inf")
    unit = (m.group(2) or "bytes").upper()
    power = {"BYTES": 0, "KB": 1, "KIB": 1, "MB": 2, "MIB": 2, "GB": 3, "GIB": 3, "TB": 4, "TIB": 4}[unit]
    base = 1024 if ("I" in unit or unit == "BYTES") else 1000
    return float(m.group(1)) * base**power


def _usable(memory_limit: float, wasm: bool) -> float:
    return (min(memory_limit, WASM_LIMIT) if wasm else memory_limit) * MEMORY_SHARE


def _use_compressed(execute: Callable[[str], Any]) -> bool | None:
    """Makes the compressed in-memory database the connection's default, for a request too big
    for DuckDB's uncompressed one. Returns whether it attached it (None where this DuckDB
    cannot: before 1.3)."""
    try:
        known = _scalar(
            execute(f"SELECT count(*) FROM duckdb_databases() WHERE database_name = '{COMPRESSED_DATABASE}'")
        )
        if not known:
            execute(f"ATTACH ':memory:' AS {COMPRESSED_DATABASE} (COMPRESS)")
        execute(f"USE {COMPRESSED_DATABASE}")
    except Exception:
        return None
    return not known


def round_down_2(n: int) -> int:
    """``n`` rounded down to two significant digits: 14,567 → 14,000 (runner.ts, roundDown2)."""
    unit = 10 ** max(0, len(str(int(n))) - 2)
    return int(n) // unit * unit


def in_transaction(execute: Callable[[str], Any]) -> bool:
    """Whether the caller has a transaction open: outside one, each statement has its own."""
    return _scalar(execute("SELECT txid_current()")) == _scalar(execute("SELECT txid_current()"))


@dataclass(frozen=True)
class RequestPlan:
    """What a request makes: the program, its years, the tables asked for, and the steps
    that make them (with the steps they read), in program order."""

    program: dict[str, Any]
    years: list[int]
    tables: set[str]
    steps: list[dict[str, Any]]


def plan_request(
    patients: int, seed: int, years: Any, products: Any, program_path: str | None = None
) -> RequestPlan:
    """The plan of a request. Refuses, with a SynthRequestError, one the generator cannot
    make at any size of memory, before anything runs."""
    program = load_program(program_path)
    years_list = parse_years(years)
    if isinstance(products, str):
        products = [p for p in products.split(",") if p.strip()]
    _check(program, patients, seed, years_list)
    tables = tables_of_products(program, products)
    return RequestPlan(program, years_list, tables, plan(program, tables))


def check_request(patients: int, seed: int, years: Any, products: Any) -> None:
    """Refuses, with a SynthRequestError, a request the generator cannot make at any size of
    memory (patients, seed, years, products), before anything runs."""
    plan_request(patients, seed, years, products)


def most_patients(steps, years: list[int], usable: float, compressed: bool, upper: int) -> int:
    """The most patients, up to ``upper``, whose estimate fits in ``usable`` bytes, rounded
    down to two digits below ``upper``."""
    if estimate_bytes(steps, upper, years, compressed) <= usable:
        return upper
    # The largest size that fits: the estimate grows with the patients, not in proportion.
    lo, hi = 0, upper
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if estimate_bytes(steps, mid, years, compressed) <= usable else (lo, mid)
    return round_down_2(lo)


def room(con: Any) -> tuple[float, bool]:
    """The bytes a generation may plan to use on a new native DuckDB connection ``con``,
    and whether it can go to a compressed database (the connection then uses it)."""
    execute = _executor(con)
    limit = parse_memory(str(_scalar(execute("SELECT current_setting('memory_limit')")) or ""))
    return _usable(limit, False), _use_compressed(execute) is not None


def _fits(
    steps,
    patients: int,
    years: list[int],
    memory_limit: float,
    wasm: bool,
    compressed: bool = False,
    min_patients: int = 1,
) -> int:
    estimate = estimate_bytes(steps, patients, years, compressed)
    limit = _usable(memory_limit, wasm)
    if estimate > limit:
        fits = most_patients(steps, years, limit, compressed, patients)
        ask = (
            f"ask for at most {fits} patients, fewer years or fewer products"
            if fits >= min_patients
            else "even the fewest patients do not fit: ask for fewer years or fewer products"
        )
        raise SynthRequestError(
            f"{patients} patients over {len(years)} year(s) need about {estimate / 1024**3:.2f} GiB, "
            f"more than the {limit / 1024**3:.2f} GiB this engine can use"
            f"{' (the 4 GB WebAssembly limit)' if wasm else ' (its memory_limit)'}: {ask}."
        )
    return estimate


def _executor(con_or_fn: Any) -> Callable[[str], Any]:
    if callable(con_or_fn):
        return con_or_fn
    execute = getattr(con_or_fn, "execute", None)
    if execute is None:
        raise TypeError(
            "generate() takes a DuckDB connection or a function that runs one SQL statement, "
            f"not {type(con_or_fn).__name__}."
        )
    return execute


def _scalar(result: Any) -> Any:
    """First value of whatever the executor returned (DuckDB relation, rows, snds Result)."""
    if hasattr(result, "fetchone"):
        row = result.fetchone()
        return row[0] if row else None
    rows = getattr(result, "rows", result)
    if isinstance(rows, (list, tuple)) and rows:
        first = rows[0]
        return first[0] if isinstance(first, (list, tuple)) else first
    return None


def generate(
    con_or_engine_query_fn: Any,
    patients: int = 10_000,
    seed: int = 1,
    years: int | str | Sequence[int] = 2019,
    products: Iterable[str] | str | None = None,
    *,
    wasm: bool | None = None,
    program_path: str | None = None,
    on_statements: Callable[[int], None] | None = None,
) -> GenerateReport:
    """Generates the synthetic SNDS into the database behind ``con_or_engine_query_fn``.

    ``con_or_engine_query_fn`` is a DuckDB connection or any callable running one SQL
    statement (and returning something with the rows for a SELECT). ``products`` takes
    product names or aliases (``"dcir,pmsi"``). A request that would not fit the engine's
    ``memory_limit`` (and the 4 GB WebAssembly limit on DuckDB-WASM) is refused with
    :class:`SynthRequestError` before anything runs.

    In a compressed database (``snds_lab``, the DuckDB-WASM sessions' default) the tables take
    about 7 times less memory, and the biggest table is made in chunks of persons. A request
    too big for DuckDB's uncompressed in-memory database but not for a compressed one goes
    to a compressed ``snds_lab`` database, which becomes the connection's default (``USE snds_lab``).

    Given a native DuckDB connection, independent steps run at once on its cursors, as many as
    its ``threads`` setting (``SET threads = 1`` runs them one by one). ``on_statements`` is
    called with the count of statements run so far, for a progress bar.
    """
    execute = _executor(con_or_engine_query_fn)
    request = plan_request(patients, seed, years, products, program_path)
    program, years_list, tables, steps = request.program, request.years, request.tables, request.steps
    version = str(_scalar(execute("SELECT version()")) or "")
    limit = parse_memory(str(_scalar(execute("SELECT current_setting('memory_limit')")) or ""))
    if wasm is None:
        wasm = "wasm" in version.lower() or _is_pyodide()
    database = _scalar(execute("SELECT current_database()"))
    compressed = bool(
        _scalar(
            execute(
                "SELECT count(*) FROM duckdb_databases() WHERE database_name = current_database() "
                f"AND database_name = '{COMPRESSED_DATABASE}' AND path IS NULL"
            )
        )
    )
    names = table_names(program, tables, patients, seed, years_list)
    attached = None
    if not compressed and estimate_bytes(steps, patients, years_list) > _usable(limit, wasm):
        attached = _use_compressed(execute)
    switched = attached is not None

    def restore() -> None:
        """Leaves the connection on its own database again."""
        if switched:
            execute(f'USE "{database}"')
            if attached:
                execute(f"DETACH {COMPRESSED_DATABASE}")

    chunks = CHUNK_PATIENTS if compressed or switched else None
    try:
        estimate = _fits(
            steps, patients, years_list, limit, wasm, compressed or switched, program["limits"]["minPatients"]
        )
        if chunks and patients > chunks and in_transaction(execute):
            raise SynthRequestError(
                f"{patients} patients are made in chunks, each committed and checkpointed: "
                "generate() cannot run inside a transaction. COMMIT or ROLLBACK first."
            )
    except SynthRequestError:
        restore()
        raise
    if switched:
        # The new dataset replaces the one of the same tables in the previous database.
        for name in names:
            execute(f'DROP TABLE IF EXISTS "{database}".main.{name}')
    # Chunked runs checkpoint between chunks; on cursors, a checkpoint runs alone (run_steps).
    chunked = bool(chunks) and chunk_count(patients, chunks) > 1
    workers = parallel_workers(con_or_engine_query_fn)
    if workers > 1 and in_transaction(execute):
        workers = 1  # the cursors would not see the caller's transaction
    at_once = chunks_together(steps, patients, years_list, _usable(limit, wasm), workers) if chunked else 1
    if at_once > 1:
        estimate = estimate_bytes(steps, patients, years_list, True, at_once)
    made = steps if chunks or wasm else materialized(steps)
    if chunks and workers == 1:
        made = temporary(made)
    start = time.perf_counter()
    cleanup = cleanup_statements(program, steps, tables, patients, seed, years_list)
    try:
        for sql in program["prologue"]:
            execute(sql)
    except BaseException:
        restore()
        raise
    try:
        if workers > 1:
            priority = critical_paths(steps, patients, years_list)
            jobs = parallel_jobs(
                made,
                patients,
                seed,
                years_list,
                workers,
                priority,
                chunks if chunked else None,
                at_once,
            )
            setup = [render(s, patients, seed, years_list) for s in program["setup"]]
            run_steps(con_or_engine_query_fn, jobs, workers, setup, on_statements, priority)
        else:
            for n, sql in enumerate(statements(program, made, patients, seed, years_list, chunks), 1):
                execute(sql)
                if on_statements:
                    on_statements(n)
    except BaseException:
        # A failed or interrupted run leaves no work tables behind in the user's database.
        for sql in [*cleanup, f"DEALLOCATE {CHUNK_STATEMENT}", *program["epilogue"]]:
            try:
                execute(sql)
            except Exception:
                pass  # the step that made it never ran
        restore()
        raise
    try:
        for sql in cleanup:
            execute(sql)
    finally:
        for sql in program["epilogue"]:
            execute(sql)
    return GenerateReport(tables=names, seconds=time.perf_counter() - start, estimate_bytes=estimate)


def table_names(program, tables: set[str], patients: int, seed: int, years: list[int]) -> list[str]:
    """The names of the tables a generation of ``tables`` leaves, one per year for some."""
    names = []
    for t in program["tables"]:
        if t["name"] in tables:
            for year in years if t["perYear"] else [None]:
                names.append(render(t["sqlName"], patients, seed, years, year))
    return names


def _is_pyodide() -> bool:
    import sys

    return sys.platform == "emscripten"


def checksum_sql(table: str, columns: list[tuple[str, str]]) -> str:
    """Order-independent checksum of a table: count and md5 over the sorted row md5s."""
    parts = []
    for name, type_ in columns:
        ident = f'"{name}"'
        if type_.upper() in ("DOUBLE", "FLOAT", "REAL"):
            value = f"CAST(CAST(round({ident}, 6) AS DECIMAL(38,6)) AS VARCHAR)"
        else:
            value = f"CAST({ident} AS VARCHAR)"
        parts.append(f"coalesce({value}, '~')")
    row = f"md5(concat_ws('|', {', '.join(parts)}))"
    return (
        f"SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum "
        f"FROM (SELECT {row} AS h FROM {table})"
    )
