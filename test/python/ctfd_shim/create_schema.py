"""Create CTFd's tables as CTFd does (Flask-SQLAlchemy's db.create_all) from the corpus models.

Usage: python create_schema.py <ctfd models file> <database url>
"""

import shutil
import sys
import tempfile
from pathlib import Path

from flask import Flask

here = Path(__file__).parent
work = Path(tempfile.mkdtemp())
shutil.copytree(here / "CTFd", work / "CTFd")
(work / "CTFd" / "models").mkdir()
shutil.copy(sys.argv[1], work / "CTFd" / "models" / "__init__.py")
sys.path[:0] = [str(work), str(here)]

from CTFd.models import db  # noqa: E402

app = Flask("ctfd")
app.config["SQLALCHEMY_DATABASE_URI"] = sys.argv[2]
db.init_app(app)
with app.app_context():
    db.create_all()
