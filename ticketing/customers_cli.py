"""Command line of the customers area: ``python -m ticketing.customers_cli <command>``.

Commands:
    import FILE [--dry-run] [--errors OUT.csv]   import profiles from CSV or JSON Lines
    recompute-segments                          recompute every customer's segment and tags
    industry-average [--set AMOUNT] [--industry NAME]   show or change the averages
    load-demo                                   load the demo customers (same as the seed)
    sample-file OUT --rows N [--bad-every K]    write a synthetic import file (benchmarks)

Every command reads the settings (``KEFU_*``, ``.env``), acts as an admin named after the OS
user (``cli:<user>`` in the audit trail) and prints a one-line summary; the import also prints
its per-row error report (and writes it to ``--errors`` as CSV).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import random
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from kefu.logs import configure_logging
from kefu.settings import Settings, SettingsError, load_settings
from ticketing.domain.auth import Principal
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.domain.segments import SegmentPolicy
from ticketing.services import customers_segments
from ticketing.services.customers_import import ImportReport, import_customers
from ticketing.services.customers_import_files import ImportFileError
from ticketing.storage.db import make_engine, migrate

SHOWN_PROBLEMS = 20


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def cli_principal() -> Principal:
    """The admin principal the command line acts as (named after the OS user)."""
    return Principal(kind="service", agent_id=f"cli:{getpass.getuser()}", role="admin")


def progress_bar(stream=sys.stderr, width: int = 30) -> Callable[[int, int], None]:
    """A text progress bar ``[#####.....]  52% 52000/100000`` redrawn on one line."""

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(width * share)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {share:4.0%} {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def print_report(report: ImportReport, errors_path: Path | None) -> None:
    """The summary line, the first problems, and the full error report as CSV if asked."""
    mode = "dry run, nothing written" if report.dry_run else f"import #{report.import_id}"
    resumed = f", resumed after row {report.resumed_after}" if report.resumed_after else ""
    print(
        f"{report.file_name} ({mode}{resumed}): {report.total_rows} rows, "
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.rejected} rejected"
    )
    for problem in report.problems[:SHOWN_PROBLEMS]:
        print(f"  row {problem.row}: {problem.field}: {problem.message_zh} / {problem.message_en}")
    if len(report.problems) > SHOWN_PROBLEMS:
        print(f"  ... {len(report.problems) - SHOWN_PROBLEMS} more problems")
    if errors_path is not None:
        with errors_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "field", "code", "problem_zh", "problem_en"])
            for p in report.problems:
                writer.writerow([p.row, p.field, p.code, p.message_zh, p.message_en])
        print(f"error report: {errors_path}")


def write_sample_file(path: Path, rows: int, bad_every: int = 0, seed: int = 7) -> None:
    """A synthetic import file of ``rows`` customers (CSV or JSON Lines by suffix).

    Every ``bad_every``-th record carries one invalid value, so the error report has work.
    """
    rng = random.Random(seed)
    today = date(2026, 11, 23)
    header = ["customer_id", "name", "mobile", "email", "city", "birthday", "registered_on"]
    header += ["last_order_on", "order_count", "total_spend", "spend_6m", "spend_12m"]
    header += ["consent_marketing"]
    records = []
    for index in range(rows):
        registered = today - timedelta(days=rng.randrange(30, 1500))
        spend_6m = Decimal(rng.randrange(0, 500000)) / 100
        spend_12m = spend_6m + Decimal(rng.randrange(0, 500000)) / 100
        record = {
            # Unique ids: 10,000 serials per month, months of 2020 onwards.
            "customer_id": f"C{2020 + index // 120000}{(index // 10000) % 12 + 1:02d}"
            f"{index % 10000:04d}",
            "name": f"客户{index}",
            "mobile": f"1{rng.choice('3589')}{index:09d}",
            "email": f"user{index}@example.com",
            "city": rng.choice(("上海", "北京", "杭州", "成都")),
            "birthday": f"{rng.randint(1960, 2004)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "registered_on": registered.isoformat(),
            "last_order_on": (today - timedelta(days=rng.randrange(0, 400))).isoformat(),
            "order_count": str(rng.randrange(1, 40)),
            "total_spend": str(spend_12m + Decimal(rng.randrange(0, 100000)) / 100),
            "spend_6m": str(spend_6m),
            "spend_12m": str(spend_12m),
            "consent_marketing": rng.choice(("true", "false")),
        }
        if bad_every and index % bad_every == bad_every - 1:
            record[rng.choice(("mobile", "birthday", "total_spend"))] = "bad"
        records.append(record)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(records)
    else:
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _cipher(settings: Settings) -> PersonalDataCipher:
    return PersonalDataCipher(settings.data_key.get_secret_value())


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 ok, 1 rows rejected, 2 unusable input)."""
    parser = argparse.ArgumentParser(prog="python -m ticketing.customers_cli")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("import", help="import customers from CSV or JSON Lines")
    run.add_argument("file", type=Path)
    run.add_argument("--dry-run", action="store_true", help="validate and merge, write nothing")
    run.add_argument("--errors", type=Path, help="write the error report to this CSV file")
    run.add_argument("--batch-size", type=int, default=1000)
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("recompute-segments", help="recompute every customer's segment")
    average = sub.add_parser("industry-average", help="show or set the industry averages")
    average.add_argument("--set", dest="amount", type=Decimal)
    average.add_argument("--industry", help="the industry the amount is for (default: all)")
    sub.add_parser("load-demo", help="load the demo customers and orders")
    sample = sub.add_parser("sample-file", help="write a synthetic import file")
    sample.add_argument("out", type=Path)
    sample.add_argument("--rows", type=int, default=1000)
    sample.add_argument("--bad-every", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "sample-file":
        write_sample_file(args.out, args.rows, args.bad_every)
        print(f"{args.out}: {args.rows} records")
        return 0
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"kefu: bad setting: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        return _run(args, settings, engine)
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, settings: Settings, engine) -> int:
    if args.command == "import":
        try:
            report = import_customers(
                engine,
                args.file,
                _cipher(settings),
                cli_principal(),
                _utc_now,
                settings.tz,
                dry_run=args.dry_run,
                batch_size=args.batch_size,
                progress=None if args.quiet else progress_bar(),
            )
        except ImportFileError as error:
            print(f"import: {error}", file=sys.stderr)
            return 2
        print_report(report, args.errors)
        return 1 if report.rejected else 0
    with engine.begin() as connection:
        policy = customers_segments.load_policy(connection)
        if args.command == "recompute-segments":
            count = customers_segments.recompute_segments(
                connection, policy, _utc_now(), settings.tz
            )
            print(f"segments recomputed for {count} customers")
        elif args.command == "industry-average":
            if args.amount is not None:
                policy = _with_average(policy, args.amount, args.industry)
                customers_segments.save_policy(connection, policy, _utc_now())
            print(f"default ¥{policy.default_average}")
            for name, value in sorted(policy.by_industry.items()):
                print(f"{name} ¥{value}")
        else:
            from ticketing.demo_data.customers import load_customers

            rows = load_customers(connection, _cipher(settings), _utc_now(), settings.tz)
            print(f"demo customers: {rows} rows added")
    return 0


def _with_average(policy: SegmentPolicy, amount: Decimal, industry: str | None) -> SegmentPolicy:
    if industry is None:
        return SegmentPolicy(default_average=amount, by_industry=policy.by_industry)
    return SegmentPolicy(policy.default_average, {**policy.by_industry, industry: amount})


if __name__ == "__main__":
    sys.exit(main())
