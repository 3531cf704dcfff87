"""Flask-SQLAlchemy: `db.Model` classes get their table names from the class name."""

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class UserRole(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False)


class AdminRole(UserRole):
    """Single-table inheritance: no key of its own, mapped into user_role."""

    level = db.Column(db.Integer)
