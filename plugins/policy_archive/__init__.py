"""policy-archive: publish a privacy policy that changes over time with MkDocs (or ProperDocs)."""

import importlib.util

__version__ = "0.1.0"

# ProperDocs, the maintained fork of MkDocs 1.6, installs the package `properdocs` and
# answers `import mkdocs.*` once `properdocs.replacement` is imported. Importing it here,
# only when MkDocs itself is absent, lets the plugin and the CLI run on either one.
if importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs") is not None:
    import properdocs.replacement  # noqa: F401
