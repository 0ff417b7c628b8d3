"""The mail tests' shared fixtures (a pytest plugin, loaded by conftest.py): a real SMTP server, the
repository's site with one announced version, and notify's machinery on both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Site
from test_notify import NEW, Direct, Env, Recorder, Shipped, add_version, shipped_site, smtp_server


@pytest.fixture
def smtp() -> Iterator[Recorder]:
    """A real SMTP server on 127.0.0.1 recording what it receives."""
    with smtp_server() as recorder:
        yield recorder


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    return shipped_site(tmp_path_factory)


@pytest.fixture
def direct(shipped: Shipped, smtp: Recorder, tmp_path: Path) -> Direct:
    return Direct(shipped, tmp_path / "store.sqlite3", smtp)


@pytest.fixture
def env(site: Site, smtp: Recorder) -> Env:
    """The command line on a copy of the site with one significant version announced."""
    add_version(site, NEW, "2025-02-01", reduces_rights=True)
    return Env(site, smtp)
