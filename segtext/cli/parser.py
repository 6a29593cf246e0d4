"""The argument parser, built from the command table: each command gets only its options.

An option lives in one *group* function below; a command lists the groups
it uses (``Command.options`` in :mod:`segtext.cli.commands`), so an option
that means nothing to a command is not offered by it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from segtext._version import __version__
from segtext.config import SpamConfig

if TYPE_CHECKING:
    from segtext.cli.commands import Command

OptionGroup = Callable[[argparse.ArgumentParser], None]


class UsageError(Exception):
    """A bad command line; main() prints it as one line and exits 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage dump."""

    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see 'segtext --help')")


def inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs", nargs="*", metavar="FILE", help="files to read; '-' or none reads stdin"
    )


def output_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("text", "json"),
        help="output format (default: text; batch runs always write JSONL)",
    )


def decoding(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", help="force an input encoding (default: detect)")
    p.add_argument(
        "--strict", action="store_true", help="treat undecodable bytes as an error (exit 2)"
    )


def spam(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--threshold",
        type=float,
        default=SpamConfig().threshold,
        help="score a finding needs to count as spam (default: %(default)s)",
    )
    p.add_argument(
        "--lexicon", action="append", default=[], metavar="FILE", help="extra spam lexicon (TSV)"
    )
    p.add_argument(
        "--exclusions", metavar="FILE", help="phrases that never count as spam, one per line"
    )


def user_dict(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--user-dict", action="append", default=[], metavar="FILE", help="jieba user dictionary"
    )


def quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on stderr")


def explain(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--explain", action="store_true", help="show each finding in context with its evidence"
    )


def exit_zero(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when spam is found (errors still exit 2)",
    )


def segmentation(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=("precise", "search"), default="precise")
    p.add_argument("--hmm", choices=("auto", "on", "off"), default="auto")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (0: all cores), not {value!r}"
        )
    return n


def batch(p: argparse.ArgumentParser) -> None:
    """Options of batch runs: many inputs in, one JSONL record per input out."""
    g = p.add_argument_group(
        "batch runs",
        "Any of these options, a directory input or a *.jsonl input makes a batch run:"
        " inputs are streamed, analysed on every core and written as JSONL, one record"
        " per input record in input order (an unreadable record gives an 'error'"
        " record and the run goes on). A summary goes to stderr, with a progress line"
        " when stderr is a terminal. Exit 2 if any record failed, else 1 if spam was"
        " found (check), else 0.",
    )
    g.add_argument(
        "--input-format",
        choices=("text", "html", "jsonl", "auto"),
        default="auto",
        help="text: one page per file; html: one HTML page per file; jsonl: one record"
        " per line (a record with an 'html' key and no text key is HTML); auto"
        " (default): *.jsonl and *.ndjson (optionally .gz) are JSONL, *.html and"
        " files that look like HTML are HTML, anything else text",
    )
    g.add_argument("--text-key", default="text", help="JSONL key of the page text (default: text)")
    g.add_argument(
        "--id-key", default="id", help="JSONL key copied to the output as id (default: id)"
    )
    g.add_argument(
        "--glob", metavar="PATTERN", help="file names to read in directory inputs (default: *)"
    )
    g.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes (default: all cores; 1 runs in this process)",
    )
    g.add_argument(
        "-o", "--output", metavar="FILE", help="write JSONL here (gzip if it ends in .gz)"
    )
    g.add_argument(
        "--stats", metavar="FILE", help="write run statistics as JSON, counted per rule id"
    )


def _description(commands: Mapping[str, Command]) -> str:
    width = max(len(name) for name in commands)
    rows = "\n".join(f"  {name:<{width}}  {cmd.summary}" for name, cmd in commands.items())
    return (
        f"Split, segment and de-spam web pages that mix English and Chinese.\n\ncommands:\n{rows}\n"
    )


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """The ``segtext`` parser: one subcommand per entry of ``commands``."""
    parser = Parser(
        prog="segtext",
        description=_description(commands),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"segtext {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, cmd in commands.items():
        p = sub.add_parser(name, help=cmd.help)
        for group in cmd.options:
            group(p)
    return parser
