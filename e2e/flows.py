"""Steps several tests share."""

from klageportal.identity.devidp.identities import BY_KEY

WORKSPACE_PATH = {
    "citizen": "/mine-klager/",
    "company": "/mine-klager/",
    "authority": "/myndighed/",
    "body": "/klageinstans/",
    "admin": "/admin/",
}


def log_in(page, key: str, *, shot: str | None = None, login_shot: str | None = None) -> str:
    """From the start page through the development identity provider; returns the workspace's path."""
    expected = WORKSPACE_PATH[BY_KEY[key].group]
    page.goto("/")
    page.click(page.get_by_role("main").get_by_role("link", name="Log ind"), url="**/devidp/login/**", shot=login_shot)
    page.click(f'[data-identity="{key}"]', url=f"**{expected}", shot=shot)
    assert page.path == expected
    return expected
