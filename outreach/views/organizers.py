"""Blueprint `organizers`: the organizer area."""

from flask import Blueprint

from ..extensions import db, login_manager
from ..models import Organizer

bp = Blueprint("organizers", __name__)


@login_manager.user_loader
def load_organizer(organizer_id: str) -> Organizer | None:
    """Flask-Login's hook: the signed-in organizer, or None."""
    return db.session.get(Organizer, int(organizer_id)) if organizer_id.isdigit() else None
