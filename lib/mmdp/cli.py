"""The ``mmdp`` command line: countries, fact sheets, data build and check, notebook runs.

Bad input prints one line on stderr and exits with code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import mmdp

from .constants import LANGUAGES
from .errors import MmdpError
from .i18n import set_language


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2, no usage dump
        self.exit(2, f"mmdp: error: {message} (see `{self.prog} --help`)\n")


def _countries(args: argparse.Namespace) -> None:
    from .data.countries import income_group_label, select

    if args.groups:
        from .data.places import group_places

        seen = {p.code: p for p in group_places().values()}
        for place in sorted(seen.values(), key=lambda p: (p.kind, p.name)):
            print(f"{place.kind:24s} {place.name:45s} {len(place.members):>4} countries")
        return
    table = select(args.region, args.income)
    table = table.assign(wb_income_group=[income_group_label(r, i) for r, i in zip(table.wb_region, table.wb_income_group, strict=True)])
    cols = ["iso3", "short_name", "un_subregion", "wb_region", "wb_income_group"]
    print(table[cols].fillna("-").to_string(index=False))
    print(f"\n{len(table)} countries or areas", file=sys.stderr)


def _country(args: argparse.Namespace) -> None:
    from .data.countries import country_name, income_group_label
    from .data.loaders import load_countries
    from .data.places import group_name, resolve_place
    from .findings.factsheet import key_figures
    from .i18n import language
    from .inputs.parameters import check_year

    place = resolve_place(args.country)
    if args.year is not None:
        check_year(args.year)  # refuse a bad year before printing anything
    finding = key_figures(place, args.year)  # computed in full before the first line is printed
    if place.is_group:
        header = place.describe()
    else:
        row = load_countries().set_index("iso3").loc[place.code]
        groups = [group_name(resolve_place(f"{g} (UN subregion)"), language()) for g in (row.un_subregion,) if isinstance(g, str)]
        groups.append(income_group_label(row.wb_region, row.wb_income_group))
        flags = [f.upper() for f in ("ldc", "lldc", "sids") if row[f]]
        header = f"{country_name(place.code, language())} ({place.code})  " + " | ".join(groups + flags)
    print(header)
    print(finding.tables[0].shown().to_string(index=False))


def _data_build(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from .data.build import BUILDERS, build_all, require_raw_dir
    from .paths import data_dir, raw_dir

    raw = raw_dir(args.raw)
    require_raw_dir(raw)
    out = Path(args.out) if args.out else data_dir()
    with tqdm(total=len(BUILDERS), desc="building tables", unit="table", file=sys.stderr) as bar:

        def step(name: str) -> None:
            bar.set_postfix_str(f"{name} done")
            bar.update(1)

        counts = build_all(raw, out, progress=step)
    for name, rows in counts.items():
        print(f"{name:28s} {rows:>8,} rows")
    print(f"wrote {len(counts)} tables to {out}")


def _data_check(args: argparse.Namespace) -> None:
    from .data.check import check_all

    for line in check_all():
        print(line)


def _run(args: argparse.Namespace) -> None:
    import signal

    from .run.runner import run_all, summary

    def stop(signum, frame):  # a `kill` stops cleanly, like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    inputs, national = _folder(args.inputs, "inputs"), _folder(args.national, "national")
    _announce_all(args)
    try:
        results = run_all(
            args.countries, args.notebook, Path(args.out), args.jobs, inputs=inputs,
            html=args.html, force=args.force, stage=args.stage, national=national, progress=not args.quiet,
        )
    except KeyboardInterrupt:
        print("mmdp: interrupted; every kernel stopped. Finished notebooks are kept: run again to resume.", file=sys.stderr)
        raise SystemExit(130) from None
    print(summary(results))
    failed = [r for r in results if r.error]
    if failed:
        raise MmdpError(f"{len(failed)} of {len(results)} notebook runs failed (listed above)")
    print(f"executed notebooks are in {args.out}/<place>/")
    if getattr(args, "pack", False) or args.html:
        from .run.pack import build_packs

        for line in build_packs(sorted({r.iso3 for r in results}), Path(args.out), inputs=args.inputs, national=args.national):
            print(line)


def _announce_all(args: argparse.Namespace) -> None:
    """For 'all', say how many runs will start and where, before the first one starts."""
    if not any(c.lower() == "all" for c in args.countries):
        return
    from .run.runner import expand_countries, select_notebooks

    places, notebooks = len(expand_countries(args.countries)), len(select_notebooks(args.notebook, args.stage))
    command = "pack" if getattr(args, "pack", False) else "run"
    packs = f", then a pack per place ({args.out}/<place>/index.html and {args.out}/<place>.zip)" if command == "pack" else ""
    print(
        f"mmdp {command} all: {places} places x {notebooks} notebooks = {places * notebooks:,} runs on {args.jobs} "
        f"parallel kernels into {args.out}/<place>/{packs}. Runs already up to date are skipped; "
        "Ctrl-C stops, and running the command again resumes.",
        file=sys.stderr,
    )


def _pack(args: argparse.Namespace) -> None:
    args.html, args.pack, args.notebook, args.stage = True, True, None, None
    _run(args)


def _workshop(args: argparse.Namespace) -> None:
    from .run.workshop import build_workshop

    build_workshop(args.country, Path(args.out), jobs=args.jobs, say=lambda line: print(line, flush=True),
                   inputs=_folder(args.inputs, "inputs"), national=_folder(args.national, "national"))


def _folder(value: str | None, label: str) -> Path | None:
    if label == "inputs":
        from .inputs.workbook import inputs_source

        return inputs_source(value)  # the one rule, as in `inputs check` and the runner
    if value is None:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise MmdpError(f"national figures folder not found: {folder}; copy data/examples/national/ and fill in your figures")
    return folder


def _path(option: str | None = None):
    """An argparse type for a folder or file: an empty value (which would mean the current folder) is refused."""

    def parse(value: str) -> str:
        if not value.strip():
            fix = f"give a name, or omit {option} for the default" if option else "give a folder or file name"
            raise argparse.ArgumentTypeError(f"an empty value would mean the current folder; {fix}")
        return value

    return parse


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number (got {value!r})") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be 1 or more (got {number})")
    return number


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0],
                   help="language of the text written: en (English), fr (French), es (Spanish); default: en")


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=_path("--out"), default="out", help="output folder (default: out/)")
    p.add_argument("--jobs", type=_positive, default=2, help="parallel runs, each on its own warm kernel (default: 2)")
    _source_options(p)
    p.add_argument("--force", action="store_true", help="re-run notebooks even when their output is up to date")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _source_options(p: argparse.ArgumentParser) -> None:
    """A country team's own sources, the same options for run, pack and workshop."""
    p.add_argument("--inputs", type=_path("--inputs"), help="folder of your planning templates or an .xlsx workbook (default: illustrative examples)")
    p.add_argument("--national", type=_path("--national"), help="folder with your national figures (templates: data/examples/national/)")


def _inputs_blank(args: argparse.Namespace) -> None:
    from .inputs.workbook import write_workbook

    path = Path(args.path)
    if path.suffix.lower() != ".xlsx":
        raise MmdpError(f"{path.name}: give a file name ending in .xlsx, e.g. plan.xlsx")
    if path.exists() and not args.force:
        raise MmdpError(f"{path.name} exists; choose another name or add --force to overwrite it")
    write_workbook({}, path)
    print(f"wrote a blank planning workbook: {path} (one sheet per template; rules in data/templates/README.md)")


def _inputs_check(args: argparse.Namespace) -> None:
    """Every problem of every sheet or file in one pass, grouped; exit 2 when there is any. Its lines are in the
    language of ``--lang``; file, sheet and column names, codes and the values typed stay as they are."""
    from .i18n import _, n_, t
    from .inputs.workbook import check_plan, inputs_source, problems_text

    if args.path is None and args.national is None:
        raise MmdpError(_("give the inputs to check (a folder of CSV templates or a workbook), or --national DIR"))
    found = 0
    if args.path is not None:
        source = inputs_source(args.path)
        problems, plan = check_plan(source)
        if problems:
            print(problems_text(problems, source))
            found += sum(len(p) for p in problems.values())
        elif not plan:
            raise MmdpError(t("{source} holds no filled-in planning template; fill at least one sheet or file (see data/templates/README.md)",
                              source=source.name))
        else:
            from .inputs.checks import coverage_flags

            # TRANSLATORS: {n} templates were checked; {names} are their names (codes); {rows} the number of rows in all
            print(n_("ok: {n} templates ({names}), {rows} rows", "ok: {n} templates ({names}), {rows} rows", len(plan),
                     names=", ".join(plan), rows=sum(len(f) for f in plan.values())))
            for flag in coverage_flags(plan):
                # TRANSLATORS: {note} is a note about the plan, such as "outputs without an indicator: O1, O2"
                print("  " + t("note: {note}", note=flag))
    if args.national is not None:
        from .inputs.national import check_national

        country = None
        if args.country:
            from .data.countries import resolve

            country = resolve(args.country)
        problems, tables = check_national(Path(args.national), country)
        if country is not None:
            from .inputs.national_place import check_place

            for name, message in check_place(country, tables):
                problems.setdefault(name, []).append(message)
        else:
            print(_("note: add --country ISO3 to check that the figures are that country's (against its published figures)"))
        if problems:
            for name, lines in problems.items():
                # TRANSLATORS: {title} is a file or sheet; the problems are listed on the lines below
                print(n_("{title}: {n} problem", "{title}: {n} problems", len(lines), title=name))
                print("\n".join(f"  - {p}" for p in lines))
            found += sum(len(p) for p in problems.values())
        else:
            # TRANSLATORS: {n} files were checked; {names} are their names (codes); {rows} the number of rows in all
            print(n_("ok: national figures, {n} files ({names}), {rows} rows", "ok: national figures, {n} files ({names}), {rows} rows", len(tables),
                     names=", ".join(tables), rows=sum(len(table) for table in tables.values())))
    if found:
        raise MmdpError(n_("{n} problem (listed above); correct them and check again", "{n} problems (listed above); correct them and check again", found))


def _plan_export(args: argparse.Namespace) -> None:
    import time

    from .inputs.checks import plan_row
    from .inputs.parameters import validate_parameters
    from .inputs.workbook import inputs_source, read_plan
    from .paths import examples_dir
    from .run.plan_export import export_plan

    source = inputs_source(args.inputs) if args.inputs is not None else examples_dir()
    row = plan_row(read_plan(source))
    country = args.country or (row.country if row is not None else None)
    if country is None:
        raise MmdpError("give --country, or fill in the plan sheet's country")
    params = validate_parameters(country, inputs=source if args.inputs is not None else None, language=args.lang)
    started = time.perf_counter()
    docx, xlsx = export_plan(params, Path(args.out))
    print(f"wrote {docx} and {xlsx} in {time.perf_counter() - started:.1f} s")


ALL_HELP = """\
'all' means every country and area in the data, each with every notebook of every stage (`mmdp run`
also takes --stage or --notebook): thousands of runs, tens of minutes on 2 cores (docs/architecture.md gives
the measured time); `mmdp pack all` also exports every page and builds a pack per place. The command
first prints how many runs it will start and where. Runs already up to date are skipped; Ctrl-C
stops, and running the command again resumes."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mmdp", description="Mainstreaming Migration into Development Planning: data and tools.")
    parser.add_argument("--version", action="version", version=f"mmdp {mmdp.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("countries", help="list countries, optionally by region or income group")
    p.add_argument("--region", help="UN region or subregion, or World Bank region")
    p.add_argument("--income", help="World Bank income group, e.g. 'Low income'")
    p.add_argument("--groups", action="store_true", help="list the groups (world, regions, income groups) instead")
    p.set_defaults(func=_countries)

    p = sub.add_parser("country", help="fact sheet of one country or group (code or name)")
    p.add_argument("country", help="ISO3, ISO2, M49 code or English name (KGZ, 'Kyrgyz Republic'), or a group: World, 'Central Asia', 'Low income'")
    p.add_argument("--year", type=int, help="latest figures at or before this year")
    _lang_option(p)
    p.set_defaults(func=_country)

    data = sub.add_parser("data", help="build or check the processed tables")
    data_sub = data.add_subparsers(dest="data_command", required=True, parser_class=_Parser)
    p = data_sub.add_parser("build", help="rebuild data/ from the raw sources")
    p.add_argument("--raw", type=_path("--raw"), help="raw data folder (default: $MMDP_RAW_DIR or ../shared/data/raw)")
    p.add_argument("--out", type=_path("--out"), help="output folder (default: data/)")
    p.set_defaults(func=_data_build)
    p = data_sub.add_parser("check", help="check schemas, provenance and counts of data/")
    p.set_defaults(func=_data_check)

    p = sub.add_parser("run", help="execute the notebooks (every stage by default) for places, on warm kernels; 'all' for every place",
                       description=ALL_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("countries", nargs="+", help="countries or groups (codes or names), or 'all' (every country and area)")
    p.add_argument("--notebook", action="append", help="notebook name (repeatable; default: every stage's notebooks)")
    p.add_argument("--stage", type=int, help="run only this planning stage's notebooks (0-6)")
    p.add_argument("--html", action="store_true", help="also export each notebook to HTML and build the country pack")
    _run_options(p)
    _lang_option(p)
    p.set_defaults(func=_run)

    inputs = sub.add_parser("inputs", help="a country team's planning inputs: blank workbook, checks")
    inputs_sub = inputs.add_subparsers(dest="inputs_command", required=True, parser_class=_Parser)
    p = inputs_sub.add_parser("blank", help="write a blank planning workbook (.xlsx, one sheet per template)")
    p.add_argument("path", help="file to write, e.g. plan.xlsx")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _lang_option(p)
    p.set_defaults(func=_inputs_blank)
    p = inputs_sub.add_parser("check", help="check a folder of CSV templates or a workbook, and national figures; lists every problem")
    p.add_argument("path", nargs="?", type=_path(), help="folder of CSV templates, or an .xlsx, .xlsm or .ods workbook")
    p.add_argument("--national", type=_path("--national"), help="folder of national figures to check (templates: data/examples/national/)")
    p.add_argument("--country", help="the place the national figures are for (code or name): partners must differ from it")
    _lang_option(p)
    p.set_defaults(func=_inputs_check)
    plan = sub.add_parser("plan", help="the plan as a ministry circulates it: Word and Excel")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, parser_class=_Parser)
    p = plan_sub.add_parser("export", help="write plan.docx and plan.xlsx (results matrix, costed action plan, financing, RACI, risks, M&E, calendar)")
    p.add_argument("--inputs", type=_path("--inputs"), help="folder of CSV templates or a workbook (default: the illustrative example)")
    p.add_argument("--out", default="out/plan", type=_path("--out"), help="folder to write plan.docx and plan.xlsx into (default: out/plan)")
    p.add_argument("--country", help="the place (default: the plan sheet's country)")
    _lang_option(p)
    p.set_defaults(func=_plan_export)
    p = sub.add_parser("pack", help="a country pack: every stage executed, out/<place>/index.html and out/<place>.zip; 'all' packs every place",
                       description=ALL_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("countries", nargs="+", help="countries or groups (codes or names), or 'all' (every country and area)")
    _run_options(p)
    _lang_option(p)
    p.set_defaults(func=_pack)
    p = sub.add_parser("workshop", help="a workshop in a box: slides, participants' and facilitator's books, pack, workbook")
    p.add_argument("country", help="the workshop country (code or name), e.g. SEN")
    p.add_argument("--out", type=_path("--out"), default="out", help="output folder (default: out/); writes workshop-<code>/ and workshop-<code>.zip")
    p.add_argument("--jobs", type=_positive, default=2, help="parallel notebook runs for the pack (default: 2)")
    _source_options(p)
    _lang_option(p)
    p.set_defaults(func=_workshop)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mmdp`` console script."""
    args = build_parser().parse_args(argv)
    try:
        set_language(getattr(args, "lang", LANGUAGES[0]))
        args.func(args)
    except MmdpError as exc:
        print(f"mmdp: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
