"""A real Chromium (Debian's package) driven by Selenium through Debian's chromedriver,
for the console tests. Everything it loads is recorded, and every Content-Security-Policy
violation too: a script added before any page script collects them."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import zxingcpp
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# docs/console.md's screenshots are refreshed with `make screenshots`; other runs keep theirs
# out of the work tree
SCREENSHOTS = Path(
    os.environ.get("WAGATE_SCREENSHOTS") or tempfile.mkdtemp(prefix="wagate-screenshots-")
)

_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""

T = TypeVar("T")


class Browser:
    def __init__(self, driver: webdriver.Chrome, origin: str) -> None:
        self.driver = driver
        self.origin = origin
        self.violations: list[str] = []

    def open(self, path: str) -> None:
        self._collect()
        self.driver.get(self.origin + path)

    def wait(self, what: Callable[[], T | None], timeout_s: float = 15, why: str = "") -> T:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                found = what()
            except (StaleElementReferenceException, WebDriverException):
                found = None
            if found:
                return found
            if time.monotonic() > deadline:
                page = self.text("main")[:2000]
                logs = [e["message"] for e in self.driver.get_log("browser")][-10:]
                raise AssertionError(
                    f"timed out waiting for {why or what}; the page: {page}; its log: {logs}"
                )
            time.sleep(0.05)

    def find(self, css: str, timeout_s: float = 15) -> WebElement:
        def visible() -> WebElement | None:
            for el in self.driver.find_elements(By.CSS_SELECTOR, css):
                if el.is_displayed():
                    return el
            return None

        return self.wait(visible, timeout_s, css)

    def text(self, css: str) -> str:
        """The rendered text of every match, read in one step (no stale elements)."""
        text: str = self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText).join(' ')",
            css,
        )
        return text

    def attribute(self, css: str, name: str) -> list[str]:
        """An attribute of every match, read in one step."""
        values: list[str] = self.driver.execute_script(
            "const [css, name] = arguments;"
            "return [...document.querySelectorAll(css)].map(e => e.getAttribute(name))",
            css,
            name,
        )
        return values

    def wait_text(self, css: str, wanted: str, timeout_s: float = 15) -> str:
        return self.wait(
            lambda: (t := self.text(css)) and wanted in t and t, timeout_s, f"{wanted!r} in {css}"
        )

    def fill(self, form: str, **values: str) -> None:
        for name, value in values.items():

            def typed(name: str = name, value: str = value) -> bool:
                el = self.find(f"{form} [name={name}]")
                el.clear()
                el.send_keys(value)
                return True

            self.wait(typed, why=f"typing into {form} {name}")

    def submit(self, form: str, **values: str) -> None:
        self.fill(form, **values)
        self.find(f"{form} button[type=submit]").click()

    def click(self, css: str, confirm: bool = False) -> None:
        def clicked() -> bool:  # the page may redraw the element between find and click
            self.find(css).click()
            return True

        self.wait(clicked, why=f"a click on {css}")
        if confirm:
            alert = self.wait(self._alert, 5, "a confirmation")
            alert.accept()

    def _alert(self) -> Any:
        try:
            return self.driver.switch_to.alert
        except NoAlertPresentException:
            return None

    def qr_code(self, css: str = "#qr") -> str:
        """The text of the QR code as the page draws it: a screenshot of the image,
        decoded."""

        def decoded() -> str | None:  # the page may swap the image while it is read
            png = self.find(css).screenshot_as_png
            found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            return str(found[0].text) if found else None

        return self.wait(decoded, why="a QR code decoded from the rendered image")

    def screenshot(self, name: str, width: int = 1000) -> None:
        self.driver.set_window_size(width, 760)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        png = Image.open(io.BytesIO(self.driver.get_screenshot_as_png())).convert("RGB")
        png = png.quantize(colors=64)  # small files for the repo; the pages are flat colours
        png.save(SCREENSHOTS / f"{name}.png", optimize=True)

    def foreign_requests(self) -> list[str]:
        urls: list[str] = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        return [u for u in urls if not u.startswith(self.origin)]

    def _collect(self) -> None:
        try:
            found = self.driver.execute_script(
                "const v = window.__cspViolations || []; window.__cspViolations = []; return v"
            )
        except WebDriverException:
            found = []
        self.violations.extend(found)
        for entry in self.driver.get_log("browser"):
            if "Content Security Policy" in entry["message"]:
                self.violations.append(entry["message"])

    def csp_violations(self) -> list[str]:
        self._collect()
        return self.violations


@contextmanager
def chromium(origin: str) -> Iterator[Browser]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--disable-dev-shm-usage", "--window-size=1000,760"):
        options.add_argument(arg)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium's sandbox refuses root
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": _RECORD_VIOLATIONS}
        )
        yield Browser(driver, origin)
    finally:
        driver.quit()
