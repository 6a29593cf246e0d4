"""segtext: split, segment and de-spam web pages that mix English and Chinese."""

__version__ = "0.1.0"
