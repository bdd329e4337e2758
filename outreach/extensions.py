"""Extension objects, created without an app and bound in the factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with ``session`` typed as the :class:`Session` it stands for.

    ``db.session`` is a ``scoped_session``: a proxy that hands every
    :class:`Session` method to the current app context's session. The feature
    packages take a plain ``Session`` (they are called from tests and commands
    with one); typing the proxy as one lets views pass ``db.session`` as it is.
    """

    session: Session  # type: ignore[assignment]  # the proxy forwards the whole Session API


db = Database(model_class=Base)
if TYPE_CHECKING:
    #: The models' base class: ``db.Model`` at run time (``Base`` with Flask-SQLAlchemy's
    #: additions), ``Base`` for the type checker, which cannot follow ``db.Model``.
    Model = Base
else:
    Model = db.Model
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "organizers.login"
login_manager.login_message = "Sign in to use the organizer area."
login_manager.login_message_category = "info"
#: Rate limits: in memory by default, shared through Redis when REDIS_URL is set
#: (RATELIMIT_STORAGE_URI in config). Limits are declared on the views.
limiter = Limiter(get_remote_address, headers_enabled=True)
