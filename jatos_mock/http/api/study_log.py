"""JATOS API endpoints: study_log."""

from flask import Blueprint

bp = Blueprint("study_log", __name__, url_prefix="/jatos/api/v1")
