"""JATOS API endpoints: studies."""

from flask import Blueprint

bp = Blueprint("studies", __name__, url_prefix="/jatos/api/v1")
