"""Imported at start-up only by the Streamlit server that the browser test runs (this folder is on
that process's PYTHONPATH, nowhere else).

Inside the test's loopback-only network namespace aioice finds no host address: it leaves
127.0.0.1 out of its candidates, so the server would offer none and the call could not connect.
Offer loopback instead.
"""
import aioice.ice


def _loopback_only(use_ipv4: bool = True, use_ipv6: bool = True) -> list[str]:
    return ["127.0.0.1"] if use_ipv4 else []


aioice.ice.get_host_addresses = _loopback_only
