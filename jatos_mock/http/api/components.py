"""JATOS API endpoints: components."""

from flask import Blueprint

bp = Blueprint("components", __name__, url_prefix="/jatos/api/v1")
