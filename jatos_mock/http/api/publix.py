"""JATOS API endpoints: publix."""

from flask import Blueprint

bp = Blueprint("publix", __name__, url_prefix="/publix/api/v1")
