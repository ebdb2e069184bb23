"""`extract show` rendered in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium): every record is shown, in an element
carrying its label, visible on the page, at its offset; the script runs under the
page's Content-Security-Policy without errors; a screenshot is saved.

Skipped only when no Chromium binary is found (CI installs ``chromium`` and
``chromium-driver``; selenium comes with the ``test`` extras). Nothing is
downloaded: the driver is given explicitly, so Selenium Manager stays idle."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

import pytest

from extract.pipeline import process

REF = "corpus/jilin-2012-poverty.txt"
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                             shutil.which("chromium-browser"))
                 if p and os.path.exists(p)), None)
CHROMEDRIVER = next((p for p in (os.environ.get("CHROMEDRIVER"), shutil.which("chromedriver"), "/usr/bin/chromedriver")
                     if p and os.path.exists(p)), None)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000", "--lang=zh-CN")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium chromium-driver)")

# For each element carrying a label: its label, text, offset in #doc (code points) and visibility.
MARKS_JS = """
const doc = document.getElementById('doc');
return Array.from(document.querySelectorAll('[data-label]')).map(el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  let offset = null;
  if (doc.contains(el)) {
    const range = document.createRange();
    range.setStart(doc, 0);
    range.setEndBefore(el);
    offset = Array.from(range.toString()).length;
  }
  return {tag: el.tagName, label: el.getAttribute('data-label'), text: el.textContent,
          start: +el.getAttribute('data-start'), offset: offset, width: r.width, height: r.height,
          display: cs.display, visibility: cs.visibility, opacity: cs.opacity,
          visible: el.checkVisibility ? el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) : true};
});
"""

TIMING_JS = """
const n = performance.getEntriesByType('navigation')[0];
return {load: n.loadEventEnd - n.startTime, dom_content_loaded: n.domContentLoadedEventEnd - n.startTime,
        transfer_size: n.transferSize, decoded_body_size: n.decodedBodySize};
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("show") / "report.html"
    p = subprocess.run([sys.executable, "-c", "from extract.cli import main; main()", "show", REF, "-o", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return out


@pytest.fixture(scope="module")
def document():
    return process(REF)


@pytest.fixture(scope="module")
def browser():
    assert CHROMEDRIVER, "chromium found but no chromedriver (apt-get install chromium-driver)"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="extract-chromium-")
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(browser, report):
    browser.get(report.as_uri())
    return browser


def test_every_record_is_shown_visible_with_its_label(page, document, report, tmp_path):
    records = document.records
    assert len(records) >= 120
    marks = page.execute_script(MARKS_JS)
    assert len(marks) == len(records)
    assert Counter((m["label"], m["text"], m["start"]) for m in marks) == \
        Counter((r.label, r.text, r.start) for r in records)
    for m in marks:
        assert m["tag"] == "MARK"
        assert m["width"] > 0 and m["height"] > 0, m
        assert m["display"] != "none" and m["visibility"] == "visible" and m["visible"], m
        assert m["offset"] == m["start"], m  # the DOM text is the document text, the mark at its offset
    assert page.execute_script("return document.getElementById('doc').textContent") == document.text

    timing = page.execute_script(TIMING_JS)
    timing["file_bytes"] = report.stat().st_size
    (tmp_path / "timing.json").write_text(json.dumps(timing, indent=1), encoding="utf-8")
    print(f"\nreport: {timing['file_bytes']} bytes, load event after {timing['load']:.0f} ms")
    assert timing["load"] < 10000

    shot = tmp_path / "report.png"
    assert page.save_screenshot(str(shot))
    assert shot.stat().st_size > 10000
    print(f"screenshot: {shot}")


def test_script_runs_without_errors_under_the_csp(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # a CSP violation or a script error would be logged here

    # Click a record: the detail panel shows its fields.
    money = page.find_element(By.CSS_SELECTOR, 'mark[data-label="MONEY"]')
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", money)
    money.click()
    detail = page.find_element(By.ID, "detail")
    assert detail.is_displayed()
    assert money.text.split()[0] in detail.find_element(By.TAG_NAME, "h3").text
    assert "value" in detail.text and "section" in detail.text
    detail.find_element(By.CSS_SELECTOR, "button.close").click()
    assert not detail.is_displayed()

    # Filter the table by label, then by text; sort by start, descending.
    def rows():  # cells of the rows shown, in table order (one round trip)
        return page.execute_script("return Array.from(document.querySelectorAll('#records tbody tr'))"
                                   ".filter(tr => tr.getClientRects().length)"
                                   ".map(tr => Array.from(tr.cells, td => td.textContent))")

    total = len(rows())
    Select(page.find_element(By.ID, "label-filter")).select_by_value("MONEY")
    n_money = len(page.find_elements(By.CSS_SELECTOR, 'mark[data-label="MONEY"]'))
    assert len(rows()) == n_money == int(page.find_element(By.ID, "shown").text)
    Select(page.find_element(By.ID, "label-filter")).select_by_value("")
    page.find_element(By.ID, "q").send_keys("6.8亿元")
    assert 1 <= len(rows()) < total
    page.find_element(By.ID, "q").clear()
    page.execute_script("document.getElementById('q').dispatchEvent(new Event('input'))")
    assert len(rows()) == total
    th = page.find_elements(By.CSS_SELECTOR, "#records thead th")[3]  # start
    page.execute_script("arguments[0].click(); arguments[0].click();", th)
    starts = [int(cells[3]) for cells in rows()]
    assert starts == sorted(starts, reverse=True)
    assert [e for e in page.get_log("browser") if e["level"] == "SEVERE"] == []
