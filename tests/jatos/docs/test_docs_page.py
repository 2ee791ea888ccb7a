"""The interactive API page /docs: served offline by the mock, loading /openapi.yaml, listing fixture tokens."""

import shutil

import pytest

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

ADMIN_TOKEN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"


def test_the_page_loads_the_local_contract_with_local_assets_and_lists_fixture_tokens(api):
    r = api.client.get("/docs")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert 'url: "/openapi.yaml"' in page
    assert ADMIN_TOKEN in page
    assert "https://" not in page and "http://" not in page  # nothing from the network
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f"/docs/assets/{asset}" in page
        assert api.client.get(f"/docs/assets/{asset}").status_code == 200
    assert api.client.get("/docs/assets/index.j2").status_code == 404


def test_the_contract_names_the_serving_host_first():
    import yaml
    client = create_app(Settings(seed=1)).test_client()
    spec = yaml.safe_load(client.get("/openapi.yaml").get_data(as_text=True))
    assert spec["servers"][0]["url"] == "/"   # Swagger UI resolves it to the page's own host and port


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("no headless browser: install Debian's chromium and chromium-driver packages")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def live():
    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=4).start()
    try:
        yield server
    finally:
        server.stop()


def test_try_it_out_on_admin_token_answers_200_in_a_browser(browser, live):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(f"{live.url}/docs")
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.authorize"))).click()
    field = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".auth-container input")))
    token = browser.find_element(By.CSS_SELECTOR, "code.fixture-token").text
    assert token == ADMIN_TOKEN
    field.send_keys(token)
    browser.find_element(By.CSS_SELECTOR, ".auth-btn-wrapper button.authorize").click()
    browser.find_element(By.CSS_SELECTOR, "button.btn-done").click()
    operation = wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "#operations-admin-getCurrentApiToken .opblock-summary")))
    operation.click()
    wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "#operations-admin-getCurrentApiToken button.try-out__btn"))).click()
    wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "#operations-admin-getCurrentApiToken button.execute"))).click()
    status = wait.until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR,
         "#operations-admin-getCurrentApiToken .live-responses-table tr.response .response-col_status")))
    assert status.text.strip().startswith("200")
    body = browser.find_element(By.CSS_SELECTOR, "#operations-admin-getCurrentApiToken .live-responses-table "
                                                 "tr.response .response-col_description").text
    assert '"username": "admin"' in body
