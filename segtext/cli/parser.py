"""The argument parser, built from the command table: each command gets only its options.

An option lives in one *group* function below; a command lists the groups
it uses (``Command.options`` in :mod:`segtext.cli.commands`), so an option
that means nothing to a command is not offered by it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
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


#: The output formats every document command has.
FORMATS = ("text", "json", "jsonl")


def output_format(prints: str, formats: tuple[str, ...] = FORMATS) -> OptionGroup:
    """``--format``, with what the command prints in each format.

    A command with a format of its own (say a visual ``html`` report)
    passes ``formats`` with it added, and says what it prints in ``prints``.
    """

    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--format",
            choices=formats,
            help=f"{prints}; json (or jsonl): one JSON record per input, one per line"
            " (default: text, or json for JSONL input)",
        )

    return add


def existing_file(value: str) -> str:
    """An option's file argument: it must exist, or the command line is refused (exit 2)."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such file; check the path")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: is a directory; give a file")
    return value


def decoding(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", help="force an input encoding (default: detect)")
    p.add_argument(
        "--strict", action="store_true", help="treat undecodable bytes as an error (exit 2)"
    )


def spam(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--threshold",
        type=float,
        help="score a finding needs to count as spam (default: the project configuration's,"
        f" else {SpamConfig().threshold})",
    )
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=existing_file,
        metavar="FILE",
        help="extra spam lexicon: keyword<TAB>category<TAB>weight[<TAB>flags] (repeatable)",
    )
    p.add_argument(
        "--exclusions",
        type=existing_file,
        metavar="FILE",
        help="phrases that never count as spam, one per line",
    )
    model = p.add_mutually_exclusive_group()
    model.add_argument(
        "--model",
        type=existing_file,
        metavar="FILE",
        help="spam line model fitted by 'python -m segtext.spam.fit' (default: the shipped one)",
    )
    model.add_argument(
        "--no-model",
        action="store_true",
        help="the lexicon rules alone, without the learned line model",
    )


def user_dict(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--user-dict",
        action="append",
        default=[],
        type=existing_file,
        metavar="FILE",
        help="jieba user dictionary: one 'word [freq] [tag]' per line (repeatable)",
    )


def input_kind(p: argparse.ArgumentParser) -> None:
    """``--input-format`` of the commands without batch runs (no JSONL)."""
    record_inputs(p, jsonl=False)


#: ``--input-format`` help: of one page per input, and of inputs that may be JSONL.
_FORMAT_HELP = {
    False: "text: read markup as text; html: read HTML; auto (default): HTML when the"
    " name ends in .html or the first kilobyte looks like HTML",
    True: "text: one page per file; html: one HTML page per file; jsonl: one record"
    " per line (a record with an 'html' key and no text key is HTML); auto"
    " (default): *.jsonl and *.ndjson (optionally .gz) are JSONL, *.html and"
    " files that look like HTML are HTML, anything else text",
}


def record_inputs(p: argparse._ActionsContainer, *, jsonl: bool = True) -> None:
    """How inputs are read: ``--input-format`` and, with ``jsonl``, the options
    of JSONL records and directories (``--text-key``, ``--id-key``, ``--glob``).

    The one definition for every command that reads them: one page per
    input (``jsonl=False``), batch runs and the HTML report.
    """
    formats = ("text", "html", "jsonl", "auto") if jsonl else ("text", "html", "auto")
    p.add_argument("--input-format", choices=formats, default="auto", help=_FORMAT_HELP[jsonl])
    if not jsonl:
        return
    p.add_argument("--text-key", default="text", help="JSONL key of the page text (default: text)")
    p.add_argument(
        "--id-key",
        default="id",
        help="JSONL key of the record's id, kept in the output (default: id)",
    )
    p.add_argument(
        "--glob", metavar="PATTERN", help="file names to read in directory inputs (default: *)"
    )


def project_config(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        type=existing_file,
        metavar="FILE",
        help="read settings from FILE (segtext.toml, or pyproject.toml's [tool.segtext])"
        " instead of the nearest one from the current directory upwards",
    )
    p.add_argument(
        "--isolated", action="store_true", help="read no configuration file, only the options"
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
    p.add_argument(
        "--mode",
        choices=("precise", "search"),
        default="precise",
        help="precise: one cut per word; search: long words also cut into their parts",
    )
    p.add_argument(
        "--hmm",
        choices=("auto", "on", "off"),
        default="auto",
        help="jieba's guesses of new words: auto (default) uses them in Traditional text only",
    )


def at_least_zero(what: str) -> Callable[[str], int]:
    """An argparse type: a whole number of ``what``, 0 or more."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = -1
        if n < 0:
            raise argparse.ArgumentTypeError(f"expected a number of {what}, not {value!r}")
        return n

    return parse


def batch(p: argparse.ArgumentParser) -> None:
    """Options of batch runs: many inputs in, one JSONL record per input out."""
    g = p.add_argument_group(
        "batch runs",
        "A directory, a *.jsonl input or any of -j, -o, --stats and --glob makes a"
        " batch run: inputs are streamed and analysed on every core, and written in"
        " input order, as the text report or (--format json, or JSONL input) one JSON"
        " record per input record; an unreadable record gives an 'error' record and"
        " the run goes on. A summary goes to stderr, with a progress line when stderr"
        " is a terminal. Exit 2 if more records failed than --max-errors allows,"
        " else 1 if spam was found (check), else 0.",
    )
    record_inputs(g)
    g.add_argument(
        "-j",
        "--jobs",
        type=at_least_zero("processes (0: all cores)"),
        metavar="N",
        help="worker processes (default: all cores; 1 runs in this process)",
    )
    g.add_argument(
        "-o", "--output", metavar="FILE", help="write JSONL here (gzip if it ends in .gz)"
    )
    g.add_argument(
        "--stats", metavar="FILE", help="write run statistics as JSON, counted per rule id"
    )
    g.add_argument(
        "--max-errors",
        type=at_least_zero("records"),
        default=0,
        metavar="N",
        help="records that may fail without the exit status being 2 (default: 0)",
    )


def clean_output_key(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--output-key",
        default="clean_text",
        metavar="KEY",
        help="clean over JSONL: each input record is written whole, with the article under"
        " KEY (default: clean_text) and the verdict under 'verdict'",
    )


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """The ``segtext`` parser: one subcommand per entry of ``commands``."""
    parser = Parser(
        prog="segtext",
        description="Split, segment and de-spam web pages that mix English and Chinese.",
        epilog="'segtext COMMAND --help' lists a command's options. Exit status: 0 clean,"
        " 1 spam found (check), 2 error.",
    )
    parser.add_argument("--version", action="version", version=f"segtext {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=Parser, title="commands"
    )
    for name, cmd in commands.items():
        p = sub.add_parser(name, help=cmd.help, description=cmd.help)
        for group in cmd.options:
            group(p)
    return parser
