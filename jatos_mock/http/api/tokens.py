"""JATOS API endpoints: tokens."""

from flask import Blueprint

bp = Blueprint("tokens", __name__, url_prefix="/jatos/api/v1")
