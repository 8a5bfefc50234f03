"""Home: what Parley is and one click to start practising."""
from ui import home, sidebar

sidebar.render()
home.render()
