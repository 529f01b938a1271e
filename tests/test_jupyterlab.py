"""Live sessions as trainers run them: JupyterLab started headless (free port, token), each notebook opened
in Debian's Chromium and run with Run > Run All Cells; its widgets must render (no "Error displaying
widget", no raw `interactive(...)` text, no error output), and moving a control must change the output.

JupyterLab runs WITHOUT MMDP_HEADLESS (which the root conftest sets for unattended runs), on a copy of
notebooks/ in a temporary folder: running cells saves nothing into the repository.

Adding a notebook to this test is one line in LIVE below; a notebook not yet written is skipped, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from browser import block_outside_localhost, shrink_png

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Live:
    """A notebook and the control a trainer moves in it."""

    notebook: str  # file under notebooks/
    control: str  # the widget's visible label (its description), case-insensitive prefix
    move: str  # "select:<ISO3>" picks the option "Name (ISO3)"; "slider:<n>" presses the right arrow n times
    expect: str | None = None  # text the output shows after the move (None: only "it changed")


LIVE = [
    Live("migration_profile.ipynb", "Country", "select:MDA", expect="Moldova"),
    Live("priorities.ipynb", "", "slider:3"),
    Live("remittance_scenario.ipynb", "", "slider:3"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """(base URL, token) of a JupyterLab serving a scratch copy of notebooks/; stopped afterwards."""
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", home / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in (home / "notebooks").glob("*.ipynb"):  # no stored outputs: only this session's are checked
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        notebook.metadata.pop("widgets", None)
        nbformat.write(notebook, path)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    notebook_settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)  # every cell stays in the page (no windowing): outputs are all there
    (notebook_settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), "mmdp-test-token"
    env = {k: v for k, v in os.environ.items() if k != "MMDP_HEADLESS"}  # widgets live, not the headless note
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, as in a trainer's session
    log = open(home / "jupyterlab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("JupyterLab did not start:\n" + (home / "jupyterlab.log").read_text()[-3000:])
        time.sleep(0.5)
    yield base, token
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


SIGNATURE = """cell => {
  const area = cell.querySelector('.jp-Cell-outputArea') || cell;
  const images = [...area.querySelectorAll('img')].map(i => (i.getAttribute('alt') || '') + '|' + (i.src || '').length + '|' + (i.src || '').slice(-64));
  return images.join('\\n') + '\\n' + area.innerText;
}"""


NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the notebook in front, not one restored behind it


def api(base: str, token: str, path: str, method: str = "GET"):
    """JupyterLab's REST API (JSON), e.g. api(base, token, "sessions")."""
    request = urllib.request.Request(f"{base}/api/{path}", method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_for_idle_kernel(page, base: str, token: str, notebook: str, timeout: float = 180) -> None:
    """Wait until the notebook's kernel has started and is idle: a Run All before that makes JupyterLab ask
    which kernel to start (a "Select Kernel" dialog), which is what blocked the menu on a slow machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for text in accept_dialogs(page):
            print("accepted a JupyterLab dialog:", " ".join(text.split()))
        for session in api(base, token, "sessions"):
            if session["path"].endswith(notebook) and (session.get("kernel") or {}).get("execution_state") == "idle":
                return
        page.wait_for_timeout(500)
    pytest.fail(f"the kernel of {notebook} was not idle after {timeout:.0f} s: {api(base, token, 'sessions')}")


def accept_dialogs(page) -> list[str]:
    """Accept (the default button of) any JupyterLab dialog in the way; returns their texts for the report."""
    texts = []
    for dialog in page.locator(".jp-Dialog").all():
        texts.append(dialog.inner_text())
        dialog.locator(".jp-mod-accept").first.click()
    return texts


def run_all(page) -> None:
    """Run > Run All Cells, then wait until every code cell of the notebook in front has an execution count
    ("[12]:", not "[*]:" while running nor "[ ]:" before). The copied notebooks have no stored counts, so a
    count is this run's. A dialog in the way is accepted, and the menu used again."""
    prompts = f"[...document.querySelectorAll('{NOTEBOOK} .jp-CodeCell .jp-InputPrompt')]"
    started = f"() => {{ const p = {prompts}[0]; return p && /\\[[\\d*]+\\]/.test(p.textContent); }}"
    dialogs: list[str] = []
    for _ in range(4):
        dialogs += accept_dialogs(page)
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.wait_for_function(started, timeout=20_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    else:
        pytest.fail(f"Run All did not start; dialogs seen: {dialogs}")
    page.wait_for_function(
        f"() => {{ const p = {prompts}; return p.length > 0 && p.every(q => /\\[\\d+\\]/.test(q.textContent)); }}",
        timeout=240_000,
    )


@pytest.mark.parametrize("live", LIVE, ids=lambda live: live.notebook)
def test_widgets_render_and_respond(chromium, jupyterlab, live, screenshots):
    if not (ROOT / "notebooks" / live.notebook).is_file():
        pytest.skip(f"notebooks/{live.notebook} does not exist yet (being written); its line in LIVE runs once it does")
    base, token = jupyterlab
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    block_outside_localhost(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    # The same address as the book's launch button (launch_buttons.jupyterlab_url + /lab/tree/<path>).
    # Its own (new, empty) workspace: nothing restored from the previous test's session sits behind it.
    workspace = Path(live.notebook).stem
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{live.notebook}?token={token}")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell")
    wait_for_idle_kernel(page, base, token, live.notebook)
    run_all(page)

    notebook = page.locator(NOTEBOOK)
    text = notebook.inner_text()
    assert "Error displaying widget" not in text
    assert "interactive(" not in text and "Dropdown(" not in text and "FloatSlider(" not in text
    assert not page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").filter(
        has_text="Traceback").count(), "an output shows a Python traceback"
    assert "Interactive explorer: open this notebook in JupyterLab" not in text  # the headless note: not live

    labels = page.locator(".jupyter-widgets .widget-label")
    widget = page.locator(".jupyter-widgets.widget-inline-hbox", has=page.locator(
        ".widget-label", has_text=live.control)) if live.control else page.locator(".jupyter-widgets.widget-inline-hbox")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    page.locator(f"{NOTEBOOK} .jp-Cell").last.scroll_into_view_if_needed()  # cells render as they come into view
    try:
        widget.first.wait_for(timeout=60_000)
    except Exception:
        pytest.fail(f"no control labelled {live.control!r}; labels: {labels.all_inner_texts()}")
    control = widget.first
    control.scroll_into_view_if_needed()
    cell = control.locator("xpath=ancestor::div[contains(@class, 'jp-Cell ')][1]")
    index = cell.evaluate("c => [...document.querySelectorAll('.jp-Cell')].indexOf(c)")
    current = f"() => ({SIGNATURE})(document.querySelectorAll('.jp-Cell')[{index}])"
    before = page.evaluate(current)

    kind, _, value = live.move.partition(":")
    if kind == "select":  # the picker lists "Name (ISO3)": pick the option of that code by its label
        options = control.locator("select option").all_inner_texts()
        assert len(options) > 200 and all(o.endswith(")") for o in options), f"the picker should list 'Name (ISO3)': {options[:5]}"
        control.locator("select").select_option(label=next(o for o in options if o.endswith(f"({value})")))
    elif kind == "slider":
        handle = control.locator(".noUi-handle, input[type=range]").first
        handle.focus()
        for _ in range(int(value or 1)):
            handle.press("ArrowRight")
    else:
        raise ValueError(f"unknown move {live.move!r}")
    page.wait_for_function(f"before => ({current})() !== before", arg=before, timeout=60_000)
    if live.expect:
        page.wait_for_function(f"text => ({current})().includes(text)", arg=live.expect, timeout=60_000)
    assert page.evaluate(current) != before
    if screenshots is not None and live.notebook == "migration_profile.ipynb":
        control.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshots / "jupyterlab-widgets.png"))
        shrink_png(screenshots / "jupyterlab-widgets.png")
    context.close()
    for session in api(base, token, "sessions"):  # the next notebook gets the machine's cores to itself
        api(base, token, f"sessions/{session['id']}", method="DELETE")
