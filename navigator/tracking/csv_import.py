"""CSV import of requests and statuses (`flask --app wsgi requests import FILE --agency ID`)."""

from flask.cli import AppGroup

requests_cli = AppGroup("requests", help="Import requests and statuses from agencies' CSV files.")
