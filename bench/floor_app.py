"""The floor for the start-up measures: Flask and Flask-SQLAlchemy, one trivial route.

gunicorn serves it with the same settings as the app (``bench/boot.py``), so
that the app's start-up is compared with what the framework costs on its own.
"""

import os

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db = SQLAlchemy(app)


@app.get("/healthz")
def healthz():
    """The same answer as the app's /healthz."""
    return jsonify(status="ok")
