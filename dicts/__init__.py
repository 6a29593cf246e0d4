# Package marker: the shipped dictionaries install as `segtext.dicts`
# (see [tool.setuptools.package-dir] in pyproject.toml) so that
# importlib.resources finds them from a wheel and from an editable checkout.
