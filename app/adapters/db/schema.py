"""Schema versions: Alembic owns the schema; the app refuses a database it does not understand."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from app.domain.errors import SchemaMismatch

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """True for a database with no tables at all: a new one that may be created in place."""
    return not inspect(engine).get_table_names()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default)."""
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def upgrade_to_base(engine: Engine) -> None:
    """Undo every migration (tests use it to make a database of an older schema)."""
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")


def is_known(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    return revision in {rev.revision for rev in script.walk_revisions()}


def check_schema(engine: Engine) -> None:
    """Raise ``SchemaMismatch`` unless the database is at the revision this version expects."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaMismatch(
            "This database has no Packbench schema. Run 'packbench db upgrade' to create it."
        )
    if not is_known(current):
        raise SchemaMismatch(
            f"This database was made by a newer Packbench (schema {current}); this version "
            f"understands schema {head}. Update Packbench on this station."
        )
    raise SchemaMismatch(
        f"This database has an older schema ({current}; this version needs {head}). "
        "Run 'packbench db upgrade' (back up the database first)."
    )
