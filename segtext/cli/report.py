"""``segtext report`` and ``check --format html``: one self-contained HTML file of the pages.

Inputs are read as batch runs read them (files, directories, JSONL, stdin,
through :mod:`segtext.inputs`) and analysed in this process; each page's
section is written by :mod:`segtext.visual` before the next is read.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from segtext.cli import parser as opt
from segtext.config import DEFAULT_MAX_PAGES
from segtext.errors import SegtextError
from segtext.inputs import iter_items, to_document
from segtext.pipeline import analyze

if TYPE_CHECKING:
    from segtext.cli.commands import Context
    from segtext.html import HtmlReport
    from segtext.report import Report

EXIT_CLEAN, EXIT_SPAM, EXIT_ERROR = 0, 1, 2


def report_inputs(p: argparse.ArgumentParser) -> None:
    """How ``segtext report`` reads its inputs (as batch runs do) and where it writes."""
    g = p.add_argument_group(
        "inputs and output", "Inputs are read as batch runs read them, one page at a time."
    )
    opt.record_inputs(g)
    g.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: stdout)")


def html_report(p: argparse.ArgumentParser) -> None:
    """The HTML report's own options (``report``, ``check --format html``)."""
    g = p.add_argument_group("HTML report (report, check --format html)")
    g.add_argument(
        "--max-pages",
        type=opt.at_least_zero("pages"),
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help="pages shown in full; later ones are summarised in the index only"
        " (default: %(default)s)",
    )
    g.add_argument("--title", help="the report's title (default: the first input's name)")


def run_report(ctx: Context) -> int:
    """Write the report; exit 2 if an input failed, else 1 if spam was found, else 0."""
    from segtext import visual  # noqa: PLC0415 - only this command renders HTML
    from segtext.cli.batchrun import (  # noqa: PLC0415 - kept off a text check's start-up
        MAX_ERROR_LINES,
        check_writable,
        input_spec,
        output_to,
    )

    args, err = ctx.args, ctx.err
    if getattr(args, "jobs", None) not in (None, 1) or getattr(args, "stats", None):
        raise SegtextError("the HTML report is made in one process; leave out --jobs and --stats")
    config = ctx.config
    # The report shows every page's near misses.
    config = dataclasses.replace(config, spam=dataclasses.replace(config.spam, near_misses=True))
    spec = input_spec(args)
    if args.output and args.output != "-":
        check_writable(args.output, "report")
    shown = ", ".join(args.inputs[:3]) or "<stdin>"
    title = args.title or f"segtext report: {shown}" + (" …" if len(args.inputs) > 3 else "")
    errors = 0
    with output_to(args.output, ctx.out) as sink:
        with visual.ReportWriter(sink, title=title, max_pages=args.max_pages) as writer:
            for item in iter_items(args.inputs, spec, ctx.stdin):
                name = f"{item.source}:{item.line}" if item.line else item.source
                try:
                    doc = to_document(item, spec)
                except SegtextError as exc:
                    errors += 1
                    writer.add_error(name, str(exc))
                    if not args.quiet and errors <= MAX_ERROR_LINES:
                        err.write(f"segtext: error: {exc}\n")
                    continue
                rep: Report | HtmlReport
                if doc.meta.get("html"):
                    from segtext import html as html_stage  # noqa: PLC0415 - HTML pages only

                    rep = html_stage.analyze_html(doc.text, config, url=doc.meta.get("url"))
                else:
                    rep = analyze(doc.text, config)
                rid = doc.id if item.line else None
                writer.add(visual.Page(name, doc.text, rep, doc.meta, rid))
        summary = writer.close()
    if not args.quiet:
        where = args.output if args.output and args.output != "-" else "stdout"
        err.write(
            f"segtext: report written to {where}: {summary.pages} page(s), {summary.spam} spam,"
            f" {summary.errors} error(s), {summary.sections} shown in full\n"
        )
    if errors:
        return EXIT_ERROR
    if summary.spam and not getattr(args, "exit_zero", False):
        return EXIT_SPAM
    return EXIT_CLEAN
