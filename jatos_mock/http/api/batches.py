"""JATOS API endpoints: batches."""

from flask import Blueprint

bp = Blueprint("batches", __name__, url_prefix="/jatos/api/v1")
