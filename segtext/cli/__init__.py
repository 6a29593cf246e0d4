"""The ``segtext`` command: parse arguments, read inputs, call the library, print.

Exit status: 0 every input is clean, 1 spam was found in at least one input,
2 an error (bad option, unreadable or undecodable input, bad dictionary). An
error is one line on stderr that names the input; a run over several inputs
goes on after a failed one and exits 2.

The package: :mod:`~segtext.cli.parser` (options, grouped so that each
command offers only its own), :mod:`~segtext.cli.commands` (the command
table and one handler per command and input kind),
:mod:`~segtext.cli.render` (the human-readable reports) and
:mod:`~segtext.cli.batchrun` (batch runs: progress, output file,
statistics). Records are built by :mod:`segtext.output`, inputs read by
:mod:`segtext.inputs`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from segtext.cli.commands import COMMANDS, EXIT_CLEAN, EXIT_ERROR, EXIT_SPAM, Context, run
from segtext.cli.parser import UsageError
from segtext.cli.parser import build_parser as _build_parser
from segtext.errors import SegtextError

#: The exit status of a run stopped by Ctrl-C, as shells report SIGINT.
EXIT_INTERRUPTED = 130

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_SPAM", "build_parser", "console_main", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``segtext`` argument parser, one subcommand per entry of the command table."""
    return _build_parser(COMMANDS)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: Any = None,
) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):
            args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        err.write(f"segtext: error: {exc}\n")
        return EXIT_ERROR
    except SystemExit as exc:  # --help and --version print, then exit 0
        return int(exc.code) if isinstance(exc.code, int) else EXIT_CLEAN
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    if COMMANDS[args.command].segments:  # the only commands that may import jieba
        import logging  # noqa: PLC0415 - kept off the start-up of the other commands

        logging.getLogger("jieba").setLevel(logging.ERROR)
    try:
        return run(Context(args, out, err, stdin))
    except SegtextError as exc:
        err.write(f"segtext: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    except KeyboardInterrupt:  # a batch run has said how far it got
        return EXIT_INTERRUPTED


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def console_main() -> None:
    """Entry point of the installed ``segtext`` script."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console_main()
