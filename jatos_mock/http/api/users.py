"""JATOS API endpoints: users."""

from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/jatos/api/v1")
