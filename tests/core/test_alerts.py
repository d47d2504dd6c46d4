"""Every alert has its DKFDS icon, named for screen readers (DKFDS alerts; issue: "some alerts have no icon")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
ALERT = re.compile(r'<div class="alert [^"]*"[^>]*>')


def alerts_without_icon(text: str) -> list[str]:
    """The opening tags of alerts with no icon before their body."""
    missing = []
    for match in ALERT.finditer(text):
        body = text.find("alert-body", match.end())
        before_body = text[match.end() : body]
        if "alert-icon" not in before_body and "includes/alert_icon.html" not in before_body:
            missing.append(match.group(0))
    return missing


def test_every_alert_in_the_templates_has_an_icon():
    missing = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := alerts_without_icon(path.read_text()))
    }
    assert not missing


def test_the_check_finds_an_alert_without_an_icon():
    assert alerts_without_icon('<div class="alert alert-info"><div class="alert-body"></div></div>')
    assert not alerts_without_icon(
        '<div class="alert alert-info">{% include "includes/alert_icon.html" with level="info" %}'
        '<div class="alert-body"></div></div>'
    )


def test_alerts_made_by_the_pages_scripts_have_an_icon():
    for path in SCRIPTS.glob("*.js"):
        text = path.read_text()
        if re.search(r'className = "alert[ "]', text):
            assert "alert-icon" in text, path.name


@pytest.mark.parametrize(
    ("level", "icon", "label"),
    [
        ("info", "info", "Information"),
        ("success", "success", "Udført"),
        ("warning", "warning", "Advarsel"),
        ("error", "error", "Fejl"),
    ],
)
def test_the_alert_icon_is_the_levels_own_and_named(level, icon, label):
    html = render_to_string("includes/alert_icon.html", {"level": level})
    assert 'class="icon-svg alert-icon"' in html
    assert f'aria-label="{label}"' in html
    assert f'#{icon}"></use>' in html
