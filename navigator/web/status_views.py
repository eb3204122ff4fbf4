"""Citizen status lookup (/status) and the citizen's history of requests (/cabinet)."""

from flask import Blueprint

bp = Blueprint("status", __name__)
