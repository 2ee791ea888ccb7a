"""JATOS API endpoints: members."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/jatos/api/v1")
