"""JATOS API endpoints: results."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/jatos/api/v1")
