"""JATOS API endpoints: sessions."""

from flask import Blueprint

bp = Blueprint("sessions", __name__, url_prefix="/jatos/api/v1")
