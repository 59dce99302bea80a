"""The brief in a real browser: headless Chromium loads the page from disk, with every host name
made unresolvable so that nothing could leave the machine, and must see no console message and
ask for nothing from the network; its screenshot must show the page, not a blank.

.ci/run installs Debian's chromium when it is missing; without it this test is skipped.
"""

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from hedgecli.cli import app

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium here (.ci/run installs Debian's "
                                                        "chromium: apt-get install chromium)")
# the browser's own background traffic (updates, time, accounts), not the page's
BROWSER_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|"
                           r"googleusercontent\.com|chromium\.org)(:\d+)?/", re.I)


def _chromium(tmp_path, page, *args):
    profile = tmp_path / "profile"
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
               *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def brief_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "germany.html"
    result = CliRunner().invoke(app, ["brief", "germany", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_the_brief_loads_with_no_console_message_and_no_request(tmp_path, brief_page):
    done = _chromium(tmp_path, brief_page, "--enable-logging=stderr", "--v=1", "--dump-dom")
    assert "What would move each level" in done.stdout and "</svg>" in done.stdout  # the page was parsed
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    requests = re.findall(r"NotifyBeforeURLRequest: (\S+)", done.stderr)
    page_requests = [url for url in requests if not url.startswith("file:") and not BROWSER_HOSTS.match(url)]
    assert page_requests == []


def test_the_brief_screenshot_is_not_blank(tmp_path, brief_page):
    import numpy as np
    from PIL import Image

    shot = tmp_path / "brief.png"
    _chromium(tmp_path, brief_page, "--window-size=1000,1600", f"--screenshot={shot}")
    rgb = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert rgb.shape[:2] == (1600, 1000)
    ink = (rgb.mean(axis=2) < 200).mean()
    tinted = ((rgb.max(axis=2) - rgb.min(axis=2)) > 60).mean()
    assert ink > 0.02, f"only {ink:.1%} of the page is ink"
    assert tinted > 0.01, f"only {tinted:.1%} of the page is in colour (level blocks, bars, bands)"


def test_the_brief_prints_on_one_a4_page(tmp_path, brief_page):
    pdf = tmp_path / "printed.pdf"
    _chromium(tmp_path, brief_page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert box and abs(float(box[1]) - 595.3) < 1 and abs(float(box[2]) - 841.9) < 1  # A4, in points
