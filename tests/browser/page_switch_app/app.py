"""Two pages for tests/test_page_switch_browser.py: a page whose fragment reruns every 50 ms switches to
another page. With STALE_TICKS_GUARD=1 the app installs Parley's guard (ui.stale_ticks), as app.py does."""
import os

import streamlit as st

if os.environ.get("STALE_TICKS_GUARD") == "1":
    from ui import stale_ticks

    stale_ticks.install()
st.navigation([st.Page("pages/ticking.py", title="Ticking", default=True),
               st.Page("pages/report.py", title="Report")]).run()
