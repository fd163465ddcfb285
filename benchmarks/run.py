"""Benchmark footballkg on generated league graphs: load, validate, saved queries, export.

    python benchmarks/run.py                       # 1k, 10k, 100k tenures
    python benchmarks/run.py --sizes 1000,10000,100000,1000000 --markdown benchmarks/RESULTS.md

--markdown replaces what lies between the file's markers (the notes around them stay).

For each size it generates the graph (benchmarks/generate.py, seed 1, cached in --workdir)
and measures, each step in a fresh subprocess so that peak memory is the step's own:

- parse:    pyoxigraph parsing the files, nothing else (the yardstick);
- fast:     `footballkg.validation`: load into an Oxigraph store, validate with the project's
            shapes; load and validation times are reported apart;
- pyshacl:  the reference: the project's rdflib loading path and pyshacl
            (pyshacl, its best setup: no inference, queries parsed once); only up to
            --pyshacl-max tenures and within --pyshacl-timeout seconds;
- jena:     Apache Jena's SHACL (`shacl validate`, the same shapes, the data as one N-Triples
            file), where Java and Jena are installed (Debian: libapache-jena-java); up to
            --jena-max tenures and within --jena-timeout seconds;
- queries:  every saved query in queries/ on the Oxigraph store (required parameters filled
            with a generated club and coach); the slowest one and the total;
- export:   the store written out as Turtle (Oxigraph's serializer).

Each validation must find exactly the violations the generator injected (truth.json): the
same (focus node, severity) pairs, no more, no fewer. Where pyshacl ran, its report must give
the same focus nodes, shapes, components and severities as the engine's. Jena's report is
checked against the injected violations. Wall times are seconds; memory is peak resident set
size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GENERATE = REPO / "benchmarks" / "generate.py"
QUERY_BUDGET = 60.0  # seconds; a saved query expected to take longer is not run


# --- steps, each run in its own process ------------------------------------------------------


def _files(folder: Path) -> list[Path]:
    from footballkg.project import find_project

    project = find_project(REPO)
    return [*project.ontology_files(), *project.data_files([folder])]


def _shapes() -> Any:
    from rdflib import Graph

    from footballkg.project import find_project

    graph = Graph()
    for path in find_project(REPO).shape_files():
        graph.parse(path)
    return graph


def _keys(report: Any) -> list[list[str]]:
    return sorted(
        [str(r.focus_node), str(r.source_shape), str(r.component), str(r.severity), r.message]
        for r in report.results
    )


def step_parse(folder: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    started = time.perf_counter()
    triples = 0
    for path in _files(folder):
        triples += sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return {"seconds": time.perf_counter() - started, "triples": triples}


def step_fast(folder: Path) -> dict[str, Any]:
    from footballkg.validation import load_store, validate_store

    shapes = _shapes()
    started = time.perf_counter()
    store = load_store(_files(folder))
    loaded = time.perf_counter()
    report = validate_store(store, shapes)
    done = time.perf_counter()
    return {
        "load": loaded - started,
        "validate": done - loaded,
        "seconds": done - started,
        "triples": len(store),
        "results": _keys(report),
    }


def step_pyshacl(folder: Path) -> dict[str, Any]:
    from footballkg.rdf.load import load_graph
    from footballkg.validation.fallback import pyshacl_validate

    shapes = _shapes()
    started = time.perf_counter()
    loaded_graph = load_graph(_files(folder))
    loaded = time.perf_counter()
    report = pyshacl_validate(loaded_graph.graph, shapes)
    done = time.perf_counter()
    return {
        "load": loaded - started,
        "validate": done - loaded,
        "seconds": done - started,
        "results": _keys(report),
    }


# --- Apache Jena ------------------------------------------------------------------------------

JAVA_LIBS = Path("/usr/share/java")  # where Debian's libapache-jena-java puts its jars
# Logging bridges and bindings that clash with each other on one class path.
_CLASHING_JARS = re.compile(
    r"(log4j|slf4j-(log4j12|simple|jdk14|reload4j|jcl|migrator|ext)|jcl-over-slf4j"
    r"|jul-to-slf4j|reload4j)[^/]*\.jar"
)


def jena_classpath(workdir: Path) -> str | None:
    """A class path running Jena's `shacl` command, or None where Java or Jena is missing.

    Debian's Jena 4.5.0 moves Xerces' classes (xerces.*) but not the message files they
    read (org/apache/jena/ext/xerces/...), and fails at start-up without them: the files are
    copied to where the classes look, in a folder put first on the class path.
    """
    core = JAVA_LIBS / "jena-core.jar"
    if shutil.which("java") is None or not (JAVA_LIBS / "jena-shacl.jar").exists():
        return None
    overlay = workdir / "jena-overlay"
    if not overlay.exists():
        staging = workdir / "jena-overlay.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        with zipfile.ZipFile(core) as jar:
            for name in jar.namelist():
                if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                    target = staging / name.removeprefix("org/apache/jena/ext/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
        staging.rename(overlay)
    jars = sorted(p for p in JAVA_LIBS.glob("*.jar") if not _CLASHING_JARS.fullmatch(p.name))
    return os.pathsep.join([str(overlay), *map(str, jars)])


def step_jena(folder: Path, timeout: float) -> dict[str, Any] | None:
    """Jena's SHACL on the same data and shapes: its wall time (JVM start, parse and
    validation) and peak memory, and the (focus node, severity) pairs it reports."""
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.namespace import SH

    classpath = jena_classpath(folder.parent)
    if classpath is None:
        return None
    files = _files(folder)
    work = folder.parent / "jena" / folder.name  # outside the folder: not read as data
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data.nt"  # one file for `--data`; N-Triples, Jena's fastest parser
    if not data.exists():
        with open(data.with_suffix(".tmp"), "wb") as out:
            for path in files:
                quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                ox.serialize(quads, out, format=ox.RdfFormat.N_TRIPLES)
        data.with_suffix(".tmp").rename(data)
    shapes = work / "shapes.ttl"
    _shapes().serialize(shapes, format="turtle")
    report = work / "report.ttl"
    command = ["java", "-cp", classpath, "shacl.shacl", "validate", "--shapes", str(shapes)]
    started = time.perf_counter()
    with open(report, "wb") as out:
        try:
            subprocess.run(
                [*command, "--data", str(data)],
                stdout=out,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            return {"seconds": None, "timeout": timeout}
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    graph = Graph().parse(report)
    fields = (SH.focusNode, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity)
    results = [  # the fields of _keys, so that the same checks read them
        [*(str(graph.value(r, f)) for f in fields), str(graph.value(r, SH.resultMessage))]
        for r in graph.subjects(SH.resultSeverity, None)
    ]
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, "results": sorted(results)}


def step_queries(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    from footballkg.project import find_project
    from footballkg.queries.catalogue import bind_params, discover, run_oxigraph
    from footballkg.validation import load_store

    examples = json.loads((folder / "truth.json").read_text())["examples"]
    store = load_store(_files(folder))
    times: dict[str, float] = {}
    rows: dict[str, int] = {}
    for name, query in sorted(discover(find_project(REPO).queries_dir).items()):
        if name in skip:
            continue
        raw = {p.name: _param_value(p, examples) for p in query.params.values() if p.required}
        started = time.perf_counter()
        result = run_oxigraph(store, query, bind_params(query, raw))
        times[name] = time.perf_counter() - started
        rows[name] = len(result.rows)
    slowest = max(times, key=lambda n: times[n])
    return {
        "seconds": sum(times.values()),
        "slowest": slowest,
        "slowest_seconds": times[slowest],
        "count": len(times),
        "rows": rows,
        "times": times,
    }


def _param_value(param: Any, examples: dict[str, str]) -> str:
    team, person = examples["team"], examples["person"]
    by_prefix = {"team": team, "person": person, "source": f"encyclopedia-{team}"}
    if param.prefix in by_prefix:
        return by_prefix[param.prefix]
    if param.name == "of":
        return f"team:{team}"
    if param.type == "string":
        return team.split("-")[0]
    return str(param.example if param.example is not None else param.default)


def step_export(folder: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    from footballkg.validation import load_store

    store = load_store(_files(folder))
    target = folder / "export.ttl.out"  # streamed to disk, not built in memory
    started = time.perf_counter()
    store.dump(output=str(target), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    seconds = time.perf_counter() - started
    size = target.stat().st_size
    target.unlink()
    return {"seconds": seconds, "bytes": size}


STEPS = {
    "parse": step_parse,
    "fast": step_fast,
    "pyshacl": step_pyshacl,
    "jena": step_jena,
    "queries": step_queries,
    "export": step_export,
}


def run_step(
    name: str,
    folder: Path,
    timeout: float | None = None,
    skip: set[str] | None = None,
    extra: list[str] | None = None,
) -> dict[str, Any] | None:
    """Run one step in a fresh Python; its result, with wall time and peak memory added."""
    command = [sys.executable, __file__, "--step", name, "--folder", str(folder), *(extra or [])]
    if skip:
        command += ["--skip", ",".join(sorted(skip))]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        sys.exit(f"step {name} failed on {folder}:\n{error.stderr}")
    result: dict[str, Any] | None = json.loads(done.stdout.splitlines()[-1])
    if result is not None:
        result["wall"] = time.perf_counter() - started
    return result


def _child_main(step: str, folder: Path, skip: str, jena_timeout: float) -> None:
    if step == "jena":  # its memory is the JVM's, measured by the step itself
        print(json.dumps(step_jena(folder, jena_timeout)))
        return
    if step == "queries":
        result = step_queries(folder, frozenset(filter(None, skip.split(","))))
    else:
        result = STEPS[step](folder)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result["peak_mib"] = peak_kib / 1024
    print(json.dumps(result))


# --- checks and report -----------------------------------------------------------------------


def injected(folder: Path) -> set[tuple[str, str]]:
    truth = json.loads((folder / "truth.json").read_text())
    base = truth["prefix"]["tenure"]
    return {
        (base + focus.removeprefix("tenure:"), v["severity"])
        for v in truth["violations"]
        for focus in v["focus"]
    }


def without_messages(results: list[list[str]]) -> list[list[str]]:
    """Results as the tests compare engines: focus node, shape, component, severity (generic
    messages are worded by each engine, and pyshacl leaves a component's {?var} unfilled)."""
    return sorted(r[:4] for r in results)


def found(results: list[list[str]]) -> set[tuple[str, str]]:
    return {(r[0], r[3].rsplit("#", 1)[-1]) for r in results}


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kib / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        memory = "RAM unknown"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__}, pyshacl {pyshacl.__version__}"
    )


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="tenure counts, comma-separated"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/footballkg-bench"))
    parser.add_argument(
        "--pyshacl-max", type=int, default=1000, help="largest size pyshacl runs on"
    )
    parser.add_argument(
        "--pyshacl-timeout", type=float, default=900.0, help="seconds per pyshacl run"
    )
    parser.add_argument(
        "--jena-max", type=int, default=10000, help="largest size Jena's SHACL runs on"
    )
    parser.add_argument("--jena-timeout", type=float, default=1800.0, help="seconds per Jena run")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write the tables to this file, between its markers if it has them",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _child_main(args.step, args.folder, args.skip, args.jena_timeout)
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {machine()}", file=sys.stderr)
    lines = []
    rows = []
    load_before = load_average()
    too_slow: dict[str, float] = {}  # saved queries expected to exceed QUERY_BUDGET
    for size in sizes:
        folder = args.workdir / f"league-{size}"
        if not (folder / "truth.json").exists():
            subprocess.run(
                [sys.executable, str(GENERATE), "--tenures", str(size), "--out", str(folder)],
                check=True,
            )
        expected = injected(folder)
        parse = run_step("parse", folder)
        fast = run_step("fast", folder)
        assert parse is not None and fast is not None
        fast_ok = found(fast["results"]) == expected
        reference = None
        if size <= args.pyshacl_max:
            reference = run_step("pyshacl", folder, timeout=args.pyshacl_timeout)
        jena = None
        if size <= args.jena_max:
            jena = run_step("jena", folder, extra=["--jena-timeout", str(args.jena_timeout)])
        skipped = ", ".join(f"{n} ({too_slow[n]:.0f} s before)" for n in sorted(too_slow))
        queries = run_step("queries", folder, skip=set(too_slow))
        export = run_step("export", folder)
        assert queries is not None and export is not None
        next_size = sizes[sizes.index(size) + 1] if size != sizes[-1] else size
        for name, seconds in queries["times"].items():
            if seconds * next_size / size > QUERY_BUDGET:  # costs grow at least linearly
                too_slow[name] = seconds
        row = {
            "tenures": size,
            "triples": fast["triples"],
            "parse": parse["seconds"],
            "load": fast["load"],
            "validate": fast["validate"],
            "fast_peak": fast["peak_mib"],
            "fast_ok": fast_ok,
            "pyshacl": reference["seconds"] if reference else None,
            "pyshacl_peak": reference["peak_mib"] if reference else None,
            "pyshacl_ok": (found(reference["results"]) == expected) if reference else None,
            "same": (
                without_messages(reference["results"]) == without_messages(fast["results"])
                if reference
                else None
            ),
            "pyshacl_timeout": size <= args.pyshacl_max and reference is None,
            "jena": _jena_cell(size, args.jena_max, jena),
            "jena_seconds": jena["seconds"] if jena else None,
            "jena_peak": jena.get("peak_mib") if jena else None,
            "jena_ok": (found(jena["results"]) == expected) if jena and jena["seconds"] else None,
            "queries": queries["seconds"],
            "skipped": skipped,
            "query_times": queries["times"],
            "slowest": f"{queries['slowest']} {queries['slowest_seconds']:.2f}",
            "queries_peak": queries["peak_mib"],
            "export": export["seconds"],
            "export_peak": export["peak_mib"],
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    load_after = load_average()
    lines = [*table(rows), "", *query_table(rows)]
    skipped = [f"- {r['tenures']:,} tenures: not run: {r['skipped']}" for r in rows if r["skipped"]]
    if skipped:
        lines += [
            "",
            f"Saved queries expected to take over {QUERY_BUDGET:.0f} s (their time at the "
            "previous size, scaled by the size) are not run:",
        ]
        lines += skipped
    header = [
        f"Machine: {machine()}.",
        f"Load average (1/5/15 min) before: {load_before}; after: {load_after}.",
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    print(text)
    if args.markdown:
        write_markdown(args.markdown, text)


BEGIN = "<!-- The tables up to the end marker are written by benchmarks/run.py. -->"
END = "<!-- End of the tables written by benchmarks/run.py. -->"


def write_markdown(path: Path, text: str) -> None:
    """Put `text` between the markers in `path`, keeping the notes around them; a file
    without the markers gets `text` between new ones."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old.split(BEGIN, 1)[1]:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = "", "\n"
    path.write_text(f"{head}{BEGIN}\n\n{text}\n{END}{tail}", encoding="utf-8")


def _jena_cell(size: int, jena_max: int, jena: dict[str, Any] | None) -> str:
    if size > jena_max:
        return "-"
    if jena is None:
        return "not installed"
    if jena["seconds"] is None:
        return f"timeout ({jena['timeout']:.0f} s)"
    return f"{jena['seconds']:.2f}"


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def query_table(rows: list[dict[str, Any]]) -> list[str]:
    """Seconds per saved query and size ("-": not run, expected to exceed the budget)."""
    names = sorted({name for r in rows for name in r["query_times"]})
    out = [
        "| saved query | " + " | ".join(f"{r['tenures']:,}" for r in rows) + " |",
        "|---|" + "---:|" * len(rows),
    ]
    for name in names:
        cells = [r["query_times"].get(name) for r in rows]
        out.append(f"| {name} | " + " | ".join(_s(c) for c in cells) + " |")
    return out


def table(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| tenures | triples | parse s | load s | validate s | load+validate s "
        "| validate / parse | peak MiB | pyshacl s | pyshacl / fast | pyshacl MiB "
        "| Jena s | Jena / fast | Jena MiB | injected found (fast / pyshacl / Jena) "
        "| same report | queries s (slowest) | export s |",
        "|" + "---:|" * 18,
    ]
    verdict = {None: "-", True: "exact", False: "WRONG"}
    for r in rows:
        both = r["load"] + r["validate"]
        ratio = f"{r['pyshacl'] / both:.0f}x" if r["pyshacl"] else "-"
        jena_ratio = f"{r['jena_seconds'] / both:.1f}x" if r["jena_seconds"] else "-"
        truth = " / ".join(
            [verdict[r["fast_ok"]], verdict[r["pyshacl_ok"]], verdict[r.get("jena_ok")]]
        )
        same = {None: "-", True: "yes", False: "NO"}[r["same"]]
        peak = "-" if r["pyshacl_peak"] is None else f"{r['pyshacl_peak']:.0f}"
        jena_peak = "-" if r.get("jena_peak") is None else f"{r['jena_peak']:.0f}"
        pyshacl = "timeout" if r["pyshacl_timeout"] else _s(r["pyshacl"])
        out.append(
            f"| {r['tenures']:,} | {r['triples']:,} | {_s(r['parse'])} | {_s(r['load'])} | "
            f"{_s(r['validate'])} | {_s(both)} | {r['validate'] / r['parse']:.1f} | "
            f"{r['fast_peak']:.0f} | {pyshacl} | {ratio} | {peak} | {r.get('jena', '-')} | "
            f"{jena_ratio} | {jena_peak} | {truth} | {same} | "
            f"{r['queries']:.2f} ({r['slowest']}) | {_s(r['export'])} |"
        )
    return out


if __name__ == "__main__":
    main()
