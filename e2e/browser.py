"""A thin wrapper around a Playwright page: every page it lands on is checked with axe-core (WCAG 2.1 AA,
X-1) and may be saved as a screenshot. A test that reaches a page without checking it fails."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, Response

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}
"""

# With JavaScript switched off in the browser (to try the pages' no-script paths) the page's timers never fire,
# and axe waits on them between its checks; nothing of the page's own runs there, so they are run right away.
TIMERS_WITHOUT_JAVASCRIPT = """
() => {
  let handle = 1;
  const soon = (fn, ...args) => { Promise.resolve().then(() => fn(...args)); return handle++; };
  window.setTimeout = (fn, _ms, ...args) => soon(fn, ...args);
  window.clearTimeout = () => {};
  window.requestAnimationFrame = (fn) => soon(fn, performance.now());
  window.cancelAnimationFrame = () => {};
}
"""

# Every page runs under a Content-Security-Policy without inline script or style: what the policy blocks is
# reported as a `securitypolicyviolation` event (and on the console), and fails the test.
COLLECT_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""

# The Django admin is not our markup (Django renders it, and its accessibility is Django's); axe is not
# run on it. Every other page, including the development identity provider's, is ours and is checked.
NOT_OURS = re.compile(r"^/admin/")


class AccessibilityError(AssertionError):
    pass


# What axe cannot judge (X-1, DKFDS's error pattern): a page with an error summary has a title beginning "Fejl:",
# opens with the focus on the summary, and each of its links names and reaches a field (a group of choices by its
# first input); and on every page, every field marked invalid or in a group with an error has that error in its
# accessible description (its own aria-describedby, or that of the fieldset around it), and the focus order is the
# page's (no positive tabindex, nothing focusable drawn outside the page). beyond_axe.js lists what is wrong.
BEYOND_AXE_JS = Path(__file__).resolve().parent / "beyond_axe.js"


class BeyondAxeError(AssertionError):
    pass


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:10]:
            lines.append(f"    at {node['target']}")
            for detail in node["summary"].splitlines():
                if detail.strip():
                    lines.append(f"      {detail.strip()}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


class PortalPage:
    """Navigate with goto()/click(); each landing is followed by check()."""

    shots_taken: set[str] = set()
    """One screenshot per distinct page and run (the parametrized logins would retake the same ones)."""

    def __init__(self, page: Page, *, base_url: str, screenshots: Path, javascript: bool = True):
        self.page = page
        self.javascript = javascript  # False for a browser context made with java_script_enabled=False
        self.base_url = base_url.rstrip("/")
        self.screenshots = screenshots
        self.landed: list[str] = []
        self.checked: list[str] = []
        self.csp_violations: list[str] = []
        page.on("framenavigated", self._on_navigated)
        page.on("console", self._on_console)
        page.context.add_init_script(script=COLLECT_CSP_VIOLATIONS)
        # Loaded into every document before its own scripts: Chromium then compiles axe once, not per page.
        page.context.add_init_script(path=str(AXE_JS))

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.path}: {message.text}")

    def _on_navigated(self, frame):
        if frame == self.page.main_frame and not frame.url.startswith("about:"):
            self.landed.append(self.path)

    def __getattr__(self, name):
        return getattr(self.page, name)

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def url(self, path: str) -> str:
        return self.base_url + path

    # --- navigation -----------------------------------------------------------------------------

    def goto(self, path: str, *, status: int = 200, shot: str | None = None) -> Response:
        response = self.page.goto(self.url(path))
        assert response is not None
        assert response.status == status, f"GET {path}: expected {status}, got {response.status} at {self.path}"
        self.check(shot=shot)
        return response

    def click(self, target: Locator | str, *, url=None, shot: str | None = None) -> None:
        """Click something that loads a new page (a link, a form's button), wait for it and check it."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_navigation(url=url if url is not None else "**", wait_until="load"):
            locator.click()
        self.check(shot=shot)

    # --- checks ---------------------------------------------------------------------------------

    def check(self, *, shot: str | None = None) -> None:
        self.page.wait_for_load_state("load")
        path = self.path
        if not NOT_OURS.match(path):
            self.assert_styled()
            self.assert_accessible()
            self.assert_beyond_axe()
            self.assert_no_csp_violations()
        self.checked.append(path)
        if shot and shot not in self.shots_taken:
            self.screenshot(shot)

    def assert_styled(self) -> None:
        """The design system's stylesheet arrived (axe would judge an unstyled page, and pass it). The portal
        uses the borger.dk theme; the test gateway's hosted page, which stands for a third party's, the plain one."""
        loaded = self.page.evaluate(
            """() => [...document.styleSheets].some(
                (sheet) => (sheet.href || "").includes("/vendor/dkfds/css/dkfds")
                    && sheet.cssRules.length > 100
            )"""
        )
        assert loaded, f"the DKFDS stylesheet did not load on {self.path}"

    def assert_no_csp_violations(self) -> None:
        if self.javascript:
            self.csp_violations += [
                f"{self.path}: {violation}" for violation in self.page.evaluate("() => window.__cspViolations || []")
            ]
        assert not self.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(self.csp_violations)

    def assert_accessible(self) -> None:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_JS.read_text())  # not a <script> element: the page's policy forbids inline ones
        if not self.javascript:
            self.page.evaluate(TIMERS_WITHOUT_JAVASCRIPT)
        violations = self.page.evaluate(RUN_AXE, AXE_TAGS)
        if violations:
            raise AccessibilityError(format_violations(self.path, violations))

    def assert_beyond_axe(self) -> None:
        """The error pattern and the focus order, which axe-core does not judge."""
        problems = self.page.evaluate(BEYOND_AXE_JS.read_text(), self.javascript)
        if problems:
            raise BeyondAxeError(f"what axe does not check is wrong on {self.path}:\n- " + "\n- ".join(problems))

    def screenshot(self, name: str) -> Path:
        self.screenshots.mkdir(parents=True, exist_ok=True)
        target = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        self.shots_taken.add(name)
        return target

    def assert_every_page_checked(self) -> None:
        missed = [path for path in dict.fromkeys(self.landed) if path not in self.checked]
        assert not missed, f"pages reached without an accessibility check: {missed}"

    # --- reading the page -----------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.page.locator("html").get_attribute("lang")

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()
