"""Files uploaded to the admin's import, kept between the preview and the confirmation.

Not in the session (a batch of fichas is megabytes: a session row that size slows every
page of its user and lands in every backup) but in a folder of their own on disk, one per
preview, named by a random token that only the uploader's session knows:
``<PENDING_UPLOADS_DIR>/<token>/`` holds ``owner`` (the user's id) and the files, numbered.
Confirming or cancelling deletes the folder; a folder older than PENDING_UPLOADS_SECONDS
is deleted by the next upload, and can no longer be confirmed.
"""

import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

NAMES = "names"  # one original file name per line, in order
OWNER = "owner"


def root():
    configured = settings.PENDING_UPLOADS_DIR
    return Path(configured or Path(tempfile.gettempdir()) / "bbp-pending-imports")


def lifetime():
    return settings.PENDING_UPLOADS_SECONDS


def keep(files, user_id):
    """Store ``files`` (objects with .name and .content) for ``user_id``; their token."""
    prune()
    token = secrets.token_urlsafe(16)
    folder = root() / token
    folder.mkdir(mode=0o700, parents=True)
    for number, upload in enumerate(files):
        (folder / str(number)).write_bytes(upload.content)
    (folder / NAMES).write_text("\n".join(f.name.replace("\n", " ") for f in files), "utf-8")
    (folder / OWNER).write_text(str(user_id), "utf-8")  # last: its presence means complete
    return token


def take(token, user_id):
    """The (name, content) pairs stored under ``token`` for ``user_id``, or None when there
    are none (never stored, someone else's, confirmed, cancelled or expired)."""
    folder = _folder(token)
    if folder is None:
        return None
    try:
        if (folder / OWNER).read_text("utf-8") != str(user_id):
            return None
        if time.time() - (folder / OWNER).stat().st_mtime > lifetime():
            discard(token)
            return None
        names = (folder / NAMES).read_text("utf-8").split("\n")
        return [(name, (folder / str(n)).read_bytes()) for n, name in enumerate(names)]
    except FileNotFoundError:
        return None


def discard(token):
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def prune():
    """Delete what was left behind longer than the lifetime (a preview never confirmed)."""
    base = root()
    if not base.is_dir():
        return
    oldest = time.time() - lifetime()
    for folder in base.iterdir():
        try:
            if folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            pass


def _folder(token):
    """The token's folder, if the token is one this module could have made."""
    if not isinstance(token, str) or not token or len(token) > 64:
        return None
    if not all(c.isalnum() or c in "-_" for c in token):
        return None
    return root() / token
