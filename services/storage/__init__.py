"""The only package that touches the database: SQLite by default, PostgreSQL when DATABASE_URL names one.

`engine` picks the database and bounds every wait, `schema` describes the tables, `migrate` and `migrations`
bring any earlier database up to date with Alembic, `store` keeps sessions and turns, `budgets` keeps LLM
budgets, `errors` names faults. Everything importable from `services.storage` before stays importable here.
"""
from services.storage.engine import Limits, database_url
from services.storage.errors import storage_error
from services.storage.schema import SCHEMA_VERSION
from services.storage.store import ANY_OWNER, Store

__all__ = ["ANY_OWNER", "SCHEMA_VERSION", "Limits", "Store", "database_url", "storage_error"]
