"""gunicorn settings for the benchmark: the project's, with the access log off.

Everything comes from the project's ``gunicorn.conf.py`` (and so from the
``GUNICORN_*`` environment overrides it reads), except two settings:

- ``accesslog`` is None: that file cannot turn the access log off from the
  environment (``GUNICORN_ACCESS_LOG=""`` is rejected as an unwritable path);
- the control socket is off, so a benchmark server does not take over the
  shared ``~/.gunicorn/gunicorn.ctl`` of another gunicorn on the machine.
"""

from pathlib import Path
from runpy import run_path

_PROJECT_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"

globals().update(
    {name: value for name, value in run_path(str(_PROJECT_CONF)).items() if name.islower()}
)
accesslog = None
control_socket_disable = True
