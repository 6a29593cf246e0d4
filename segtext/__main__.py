"""``python -m segtext``: the same as the ``segtext`` command."""

from segtext.cli import console_main

console_main()
