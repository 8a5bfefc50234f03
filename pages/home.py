"""Home: what Parley is and one click to start practising."""
from ui import entry, home, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
home.render()
