"""JATOS API endpoints: study_codes."""

from flask import Blueprint

bp = Blueprint("study_codes", __name__, url_prefix="/jatos/api/v1")
