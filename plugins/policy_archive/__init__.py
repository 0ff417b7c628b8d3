"""policy-archive: publish a privacy policy that changes over time with MkDocs."""

__version__ = "0.1.0"
