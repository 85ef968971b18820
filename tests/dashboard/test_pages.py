"""The dashboard's HTML shells and static files, through the FastAPI TestClient."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rcm.dashboard.kpis import KPI_CARDS
from rcm.dashboard.routes import STATIC_DIR, STATIC_PREFIX

TEMPLATES = Path(STATIC_DIR).parent / "templates"
PAGES = {
    "/": "js/overview.js",
    "/dashboard/login": "js/login.js",
    "/dashboard/claims": "js/claims.js",
    "/dashboard/claims/8c3f8f8e-2f7e-4c77-9a51-6c1f8f2b0c11": "js/claim.js",
    "/dashboard/workqueues": "js/workqueues.js",
}


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(' + re.escape(STATIC_PREFIX) + r'/[^"?]+)', page)


class TestPages:
    @pytest.mark.parametrize(("path", "script"), PAGES.items())
    def test_each_page_is_html_with_its_script_and_a_strict_policy(
        self, app_client: TestClient, path: str, script: str
    ) -> None:
        response = app_client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert f"{STATIC_PREFIX}/{script}?v=" in response.text
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "<script>" not in response.text  # no inline script may run beside the token

    @pytest.mark.parametrize("path", PAGES)
    def test_every_asset_a_page_references_is_served(self, app_client: TestClient, path: str) -> None:
        urls = _asset_urls(app_client.get(path).text)
        assert f"{STATIC_PREFIX}/dashboard.css" in urls
        for url in urls:
            assert app_client.get(url).status_code == 200, url

    def test_overview_cards_carry_the_spec_definitions(self, app_client: TestClient) -> None:
        page = app_client.get("/").text
        for card in KPI_CARDS:
            assert f'data-kpi="{card.key}"' in page
            assert f'title="{html.escape(card.definition)}"' in page
        assert "Denied claims / adjudicated claims" in page
        assert "Outstanding AR balance / average daily charges over the last 90 days" in page

    def test_claim_list_offers_every_status(self, app_client: TestClient) -> None:
        page = app_client.get("/dashboard/claims").text
        for status in ("Draft", "Submitted", "Denied", "PartiallyPaid", "WrittenOff"):
            assert f'<option value="{status}">' in page

    def test_claim_page_carries_the_claim_id_for_its_script(self, app_client: TestClient) -> None:
        claim_id = "8c3f8f8e-2f7e-4c77-9a51-6c1f8f2b0c11"
        assert f'data-claim-id="{claim_id}"' in app_client.get(f"/dashboard/claims/{claim_id}").text

    def test_a_malformed_claim_id_is_refused(self, app_client: TestClient) -> None:
        assert app_client.get("/dashboard/claims/not-a-claim").status_code == 422

    def test_dashboard_redirects_to_the_overview(self, app_client: TestClient) -> None:
        response = app_client.get("/dashboard", follow_redirects=False)
        assert response.status_code == 307 and response.headers["location"] == "/"

    def test_the_shell_needs_no_token_but_the_data_does(self, app_client: TestClient) -> None:
        assert app_client.get("/").status_code == 200
        assert app_client.get("/analytics/dashboard").status_code == 401

    def test_the_api_mounts_the_dashboard(self) -> None:
        from rcm.api_routers import ROUTERS
        from rcm.dashboard.routes import router

        assert router in ROUTERS

    def test_pages_stay_out_of_the_api_docs(self, app_client: TestClient) -> None:
        paths = app_client.get("/openapi.json").json()["paths"]
        assert "/" not in paths and not [p for p in paths if p.startswith("/dashboard")]


class TestStaticFiles:
    @pytest.mark.parametrize(
        ("name", "media"),
        [
            ("dashboard.css", "text/css"),
            ("js/overview.js", "javascript"),
            ("js/api.js", "javascript"),
            ("vendor/chart.umd.js", "javascript"),
        ],
    )
    def test_served_with_their_content_type(self, app_client: TestClient, name: str, media: str) -> None:
        response = app_client.get(f"{STATIC_PREFIX}/{name}")
        assert response.status_code == 200
        assert media in response.headers["content-type"]

    def test_chart_library_is_the_vendored_release_with_its_licence(self, app_client: TestClient) -> None:
        body = app_client.get(f"{STATIC_PREFIX}/vendor/chart.umd.js").text
        assert body.startswith("/*!\n * Chart.js v4.6.1") and "Released under the MIT License" in body
        assert (STATIC_DIR / "vendor" / "chart.js.LICENSE.md").read_text().startswith("The MIT License")

    def test_no_path_escapes_the_static_folder(self, app_client: TestClient) -> None:
        assert app_client.get(f"{STATIC_PREFIX}/../routes.py").status_code == 404
        assert app_client.get(f"{STATIC_PREFIX}/%2e%2e/routes.py").status_code == 404


class TestSources:
    """Cheap checks on the scripts themselves; the browser tests run them."""

    def test_every_module_import_names_a_file_that_exists(self) -> None:
        for script in (STATIC_DIR / "js").glob("*.js"):
            for target in re.findall(r'from "\./([\w-]+\.js)"', script.read_text()):
                assert (STATIC_DIR / "js" / target).is_file(), f"{script.name} imports {target}"

    def test_the_overview_script_fills_every_card(self) -> None:
        source = (STATIC_DIR / "js" / "overview.js").read_text()
        filled = set(re.findall(r"^  (\w+): \(d\) => \(", source, flags=re.MULTILINE))
        assert filled == {card.key for card in KPI_CARDS}

    def test_nothing_is_fetched_from_another_origin(self) -> None:
        ours = [*TEMPLATES.glob("*.html"), *(STATIC_DIR / "js").glob("*.js"), STATIC_DIR / "dashboard.css"]
        for path in ours:
            assert not re.search(r"https?://", path.read_text()), f"{path.name} names an external URL"

    def test_no_script_writes_markup_from_data(self) -> None:
        for script in (STATIC_DIR / "js").glob("*.js"):
            assert "innerHTML" not in script.read_text(), script.name
