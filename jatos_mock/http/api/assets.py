"""JATOS API endpoints: assets."""

from flask import Blueprint

bp = Blueprint("assets", __name__, url_prefix="/jatos/api/v1")
