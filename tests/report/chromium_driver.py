"""Drive a real headless Chromium over the DevTools protocol: load a page, record console
errors, exceptions and network requests, read the rendered text, take a screenshot.

Used by the HTML report's acceptance test and by ``scripts/readme_screenshot.py`` (the README's
screenshot comes from this code path).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--hide-scrollbars",
)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@dataclass
class PageLoad:
    """What happened while a page loaded, and what it shows."""

    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    text: str = ""
    canary: Any = None
    screenshot: bytes = b""
    html_lang: str = ""
    pdf: bytes = b""  # the page printed as the browser prints it (CSS @page size)


class _Session:
    def __init__(self, ws_url: str) -> None:
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        call_id = self.next_id
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method for e in self.events):
            return
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            self.events.append(message)
            if message.get("method") == method:
                return
        raise TimeoutError(method)

    def close(self) -> None:
        self.ws.close()


def _debugger_url(profile: Path, process: subprocess.Popen[bytes], timeout: float = 30) -> str:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with {process.returncode}")
        if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
            port = port_file.read_text().splitlines()[0]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                targets = json.loads(r.read())
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return str(pages[0]["webSocketDebuggerUrl"])
        time.sleep(0.1)
    raise TimeoutError("chromium did not open its DevTools port")


def load_page(path: Path, width: int = 1100, height: int = 1400) -> PageLoad:
    """Open `path` in a fresh headless Chromium and report what happened."""
    with tempfile.TemporaryDirectory(prefix="crmhealth-chromium-") as profile_dir:
        profile = Path(profile_dir)
        process = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            session = _Session(_debugger_url(profile, process))
            try:
                return _load(session, path, width, height)
            finally:
                session.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _load(session: _Session, path: Path, width: int, height: int) -> PageLoad:
    for domain in ("Page", "Runtime", "Log", "Network"):
        session.call(f"{domain}.enable")
    session.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )
    url = path.resolve().as_uri()
    session.call("Page.navigate", url=url)
    session.wait_for("Page.loadEventFired")
    out = PageLoad()
    out.text = session.call(
        "Runtime.evaluate", expression="document.body.innerText", returnByValue=True
    )["result"].get("value", "")
    out.canary = session.call(
        "Runtime.evaluate",
        expression="window.__canary === undefined ? null : window.__canary",
        returnByValue=True,
    )["result"].get("value")
    out.html_lang = session.call(
        "Runtime.evaluate", expression="document.documentElement.lang", returnByValue=True
    )["result"].get("value", "")
    shot = session.call("Page.captureScreenshot", format="png")
    out.screenshot = base64.b64decode(shot["data"])
    printed = session.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)
    out.pdf = base64.b64decode(printed["data"])
    for event in session.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            out.console_errors.append(json.dumps(params.get("args"))[:300])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            out.console_errors.append(params["entry"].get("text", "")[:300])
        elif method == "Runtime.exceptionThrown":
            out.exceptions.append(json.dumps(params.get("exceptionDetails"))[:300])
        elif method == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            if request_url != url:
                out.requests.append(request_url)
    return out


def blank_fraction(png: bytes) -> float:
    """The share of the screenshot's pixels that are the most common colour (1.0 = blank)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    most = max(count for count, _ in colours)
    return most / (image.width * image.height)
