"""Where the login throttle's address comes from: the connection, or ``X-Forwarded-For`` only
behind a proxy the settings trust."""

import pytest

from directives.ui.auth import address_from


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "address"),
    [
        ("203.0.113.7", None, False, "203.0.113.7"),
        (None, None, False, None),  # a local connection: Streamlit gives no address
        (None, "198.51.100.4", False, None),  # the header is anyone's to write
        ("203.0.113.7", "10.0.0.1", False, "203.0.113.7"),
        (None, "10.0.0.1, 198.51.100.4", True, "198.51.100.4"),  # the entry the proxy added
        (None, "198.51.100.4 ", True, "198.51.100.4"),
        ("203.0.113.7", None, True, "203.0.113.7"),  # no header: the connection's
        (None, "2001:db8::1", True, "2001:db8::1"),
        (None, "not-an-address", True, None),
        (None, "' OR 1=1 --", True, None),
    ],
)
def test_the_address_is_the_connections_unless_a_proxy_is_trusted(
    remote: str | None, forwarded: str | None, trusted: bool, address: str | None
) -> None:
    assert address_from(remote, forwarded, trusted_proxy=trusted) == address
