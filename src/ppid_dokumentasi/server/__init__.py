"""xlwings Server for several officers (optional extra ``[server]``): the application layer's use
cases as xlwings Server custom scripts with sheet buttons and per-action ``required_roles`` taken
from the SOP, a token file for identities, per-office storage and an authenticated download route.

Modules: ``config`` (environment, storage root, users file), ``users`` (the token file),
``roles`` (who may press which button, from data/sop.toml), ``scripts`` (the custom scripts),
``web`` (download route, Indonesian refusals), ``guard`` (authentication, roles and payload checks before the body is read), ``asgi`` (the app uvicorn runs). ``project/`` is the
xlwings Server project directory (``XLWINGS_PROJECT_DIR``): thin shims xlwings Server imports by name.
"""
