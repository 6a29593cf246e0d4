"""segtext: split, segment and de-spam web pages that mix English and Chinese.

Every span segtext returns is a half-open range of code-point offsets into
the ``str`` you passed in (see :mod:`segtext.report`).

>>> from segtext import analyze
>>> report = analyze("Hello world. 主站蜘蛛池模板: 免费毛片 | 成人网站 | 无码视频 |")
>>> report.verdict
'spam'
"""

import sys
import types
from typing import TYPE_CHECKING, Any

from segtext._version import __version__
from segtext.blocks import assign_blocks, clean_text
from segtext.config import Config, SegmentConfig, SpamConfig
from segtext.decode import Decoded, decode_bytes, read_path
from segtext.errors import ConfigError, SegtextError
from segtext.normalize import Folded, fold
from segtext.pipeline import analyze, clean
from segtext.report import (
    Block,
    Evidence,
    HanRun,
    Report,
    ScriptRun,
    SpamFinding,
    Token,
)
from segtext.scripts import script_runs
from segtext.spam import detect_spam

if TYPE_CHECKING:
    from segtext.batch import analyze_columns, analyze_many, column_features, iter_analyze
    from segtext.caches import reset_caches
    from segtext.html import (
        HtmlDocument,
        HtmlFinding,
        HtmlPart,
        HtmlReport,
        analyze_html,
        clean_html,
        extract,
    )
    from segtext.inputs import looks_like_html
    from segtext.segment import han_runs, segment

# The batch runner (multiprocessing), segmentation and the HTML stage are
# imported when one of their names is first used, so `import segtext` stays
# light for callers of the text pipeline.
_LAZY = {
    **dict.fromkeys(
        ("analyze_columns", "analyze_many", "column_features", "iter_analyze"), "segtext.batch"
    ),
    **dict.fromkeys(("han_runs", "segment"), "segtext.segment"),
    **dict.fromkeys(
        (
            "HtmlDocument",
            "HtmlFinding",
            "HtmlPart",
            "HtmlReport",
            "analyze_html",
            "clean_html",
            "extract",
        ),
        "segtext.html",
    ),
    "looks_like_html": "segtext.inputs",  # sniffing alone does not load the HTML stage
    "reset_caches": "segtext.caches",
}


#: Public names that are also the names of submodules. Importing a submodule
#: makes Python set it as an attribute of its package, which would hide the
#: function of the same name (`from segtext import han_runs, segment` gave
#: the module); the package refuses that one assignment.
_SHADOWED = frozenset(name for name, module in _LAZY.items() if module.rpartition(".")[2] == name)


class _Package(types.ModuleType):
    """The ``segtext`` module, whose public functions no submodule may replace."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable as sys.modules["segtext.<name>"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'segtext' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Block",
    "Config",
    "ConfigError",
    "Decoded",
    "Evidence",
    "Folded",
    "HanRun",
    "HtmlDocument",
    "HtmlFinding",
    "HtmlPart",
    "HtmlReport",
    "Report",
    "ScriptRun",
    "SegmentConfig",
    "SegtextError",
    "SpamConfig",
    "SpamFinding",
    "Token",
    "__version__",
    "analyze",
    "analyze_columns",
    "analyze_html",
    "analyze_many",
    "assign_blocks",
    "clean",
    "clean_html",
    "clean_text",
    "column_features",
    "decode_bytes",
    "detect_spam",
    "extract",
    "fold",
    "han_runs",
    "iter_analyze",
    "looks_like_html",
    "read_path",
    "reset_caches",
    "script_runs",
    "segment",
]
