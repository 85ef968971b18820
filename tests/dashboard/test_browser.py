"""The dashboard in a real headless Chromium against the app under uvicorn, on committed data.

Every number the browser shows is compared with the API's own JSON for the same user and filters,
formatted here independently of the page's scripts. Set RCM_DASHBOARD_SCREENSHOTS=/some/dir to keep
a screenshot of each page visited.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from rcm.dashboard.kpis import KPI_CARDS
from tests.dashboard.practice import Practice
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
WAIT_SECONDS = 20
DASH = "\u2013"  # the en dash of "1-25 of 40 claims" on the page
# The API answers these on purpose (a role without the permission, endpoints not deployed yet).
EXPECTED_REFUSALS = ("status of 403", "status of 404")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def money(cents: int) -> str:
    return f"-${-cents / 100:,.2f}" if cents < 0 else f"${cents / 100:,.2f}"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} days"


class Api:
    """The JSON API as one user of the practice sees it."""

    def __init__(self, base: str, email: str) -> None:
        answer = httpx.post(f"{base}/auth/token", data={"username": email, "password": TEST_PASSWORD})
        answer.raise_for_status()
        self.client = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {answer.json()['access_token']}"}
        )

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params={k: v for k, v in params.items() if v})
        response.raise_for_status()
        return response.json()

    def status(self, path: str) -> int:
        return self.client.get(path).status_code


class Page:
    """A thin layer over Selenium: waits, reads and clicks by CSS selector."""

    def __init__(self, driver: Any, base: str, shots: Path | None) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.base, self.shots, self.by = driver, base, shots, By
        self.wait = WebDriverWait(driver, WAIT_SECONDS)
        self.refusals = list(EXPECTED_REFUSALS)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def until(self, check: Callable[[], Any], what: str) -> Any:
        return self.wait.until(lambda _: check(), message=f"timed out waiting for {what}")

    def ready(self) -> None:
        self.until(lambda: self.js("return document.body.dataset.state") == "ready", "the page to load")

    def find(self, css: str) -> Any:
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def all(self, css: str) -> list[Any]:
        return list(self.driver.find_elements(self.by.CSS_SELECTOR, css))

    def text(self, css: str) -> str:
        return str(self.find(css).text)

    def state(self, css: str) -> str:
        return str(self.find(css).get_attribute("data-state"))

    def forget_session(self) -> None:
        """Clear the tab's token from a page that runs no script, so no page reacts half-way."""
        self.open("/dashboard/static/dashboard.css")
        self.js("sessionStorage.clear()")

    def login(self, email: str) -> None:
        self.forget_session()
        self.open("/dashboard/login")
        self.find("#login-email").send_keys(email)
        self.find("#login-password").send_keys(TEST_PASSWORD)
        self.find("#login-submit").click()
        self.until(lambda: self.driver.current_url == self.base + "/", "the overview after login")
        self.ready()

    def snap(self, name: str) -> None:
        if not self.shots:
            return
        size = self.driver.get_window_size()
        height = self.js("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], max(size["height"], height + 150))
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))
        self.driver.set_window_size(size["width"], size["height"])

    def console_errors(self) -> list[str]:
        entries = self.driver.get_log("browser")
        return [
            e["message"]
            for e in entries
            if e["level"] == "SEVERE" and not any(r in e["message"] for r in self.refusals)
        ]


@pytest.fixture
def page(browser: Any, live_server: str, practice: Practice) -> Iterator[Page]:
    folder = os.environ.get("RCM_DASHBOARD_SCREENSHOTS")
    shots = Path(folder) if folder else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    browser.get_log("browser")  # drop what earlier tests left
    view = Page(browser, live_server, shots)
    yield view
    errors = view.console_errors()
    assert not errors, f"the browser console reported errors: {errors}"


@pytest.fixture
def manager(live_server: str, practice: Practice) -> Api:
    return Api(live_server, practice.emails["billing_manager"])


@pytest.fixture
def as_manager(page: Page, practice: Practice) -> Page:
    """The page, logged in as the billing manager (who submitted the practice's claims)."""
    page.login(practice.emails["billing_manager"])
    return page


def expected_cards(d: dict[str, Any]) -> dict[str, str]:
    return {
        "denial_rate": pct(d["denial_rate"]["denial_rate"]),
        "clean_claim_rate": pct(d["clean_claim_rate"]),
        "first_pass_resolution_rate": pct(d["first_pass_resolution_rate"]),
        "days_in_ar": days(d["days_in_ar"]),
        "days_to_pay": days(d["days_to_pay"]),
        "gross_collection_rate": pct(d["gross_collection_rate"]),
        "net_collection_rate": pct(d["net_collection_rate"]),
        "time_to_cash": days(d["time_to_cash"]["median_days"]),
        "revenue_at_risk": money(d["revenue_at_risk"]["revenue_at_risk_cents"]),
        "outstanding_ar": money(d["outstanding_ar_cents"]),
    }


def shown_cards(page: Page) -> dict[str, str]:
    return {card.key: page.text(f'[data-kpi="{card.key}"] [data-role="value"]') for card in KPI_CARDS}


def wait_for_overview(page: Page, query: str) -> None:
    page.until(
        lambda: (
            page.state("#overview") == "ready" and page.find("#overview").get_attribute("data-query") == query
        ),
        f"the overview for ?{query}",
    )


class TestOverview:
    def test_cards_show_the_apis_numbers_with_their_definitions(self, as_manager: Page, manager: Api) -> None:
        wait_for_overview(as_manager, "")
        as_manager.snap("overview")
        data = manager.get("/analytics/dashboard")
        assert shown_cards(as_manager) == expected_cards(data)
        all_claims = as_manager.text('[data-kpi="denial_rate"] [data-role="all-claims"]')
        assert all_claims == f"All-claims variant: {pct(data['denial_rate']['denial_rate_all_claims'])}"
        assert (
            as_manager.text('[data-kpi="time_to_cash"] [data-role="p90"]')
            == f"p90: {days(data['time_to_cash']['p90_days'])}"
        )
        for card in KPI_CARDS:
            assert as_manager.find(f'[data-kpi="{card.key}"]').get_attribute("title") == card.definition

    def test_the_most_denying_payer_is_named_and_highlighted(self, as_manager: Page, manager: Api) -> None:
        wait_for_overview(as_manager, "")
        worst = next(
            p for p in manager.get("/analytics/denial-rate")["by_payer"] if (p["denial_rate"] or 0) > 0
        )
        assert worst["payer"] == "Harbor Mutual (test)"  # the simulator denies most of its claims
        headline = as_manager.text("#top-denier")
        assert headline.startswith(f"{worst['payer']} is denying the most: {pct(worst['denial_rate'])}")
        chart = as_manager.js(
            "const c = Chart.getChart(document.querySelector('#chart-denials'));"
            "return {labels: c.data.labels, colours: c.data.datasets[0].backgroundColor};"
        )
        assert chart["labels"][0] == worst["payer"]
        assert chart["colours"][0] != chart["colours"][-1]

    def test_aging_chart_is_drawn_from_the_outstanding_balance(self, as_manager: Page, manager: Api) -> None:
        wait_for_overview(as_manager, "")
        aging = manager.get("/analytics/aging")
        totals = as_manager.js(
            "const c = Chart.getChart(document.querySelector('#chart-aging'));"
            "return c.data.labels.map((_, i) => c.data.datasets.reduce((s, d) => s + d.data[i], 0));"
        )
        assert [round(t * 100) for t in totals] == [b["balance_cents"] for b in aging["buckets"]]
        assert sum(b["balance_cents"] for b in aging["buckets"]) > 0
        painted = as_manager.js(
            "const c = document.querySelector('#chart-aging');"
            "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            "let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n;"
        )
        assert painted > 1000, "the aging canvas is blank"

    def test_choosing_a_payer_requeries_every_card(
        self, as_manager: Page, manager: Api, practice: Practice
    ) -> None:
        from selenium.webdriver.support.ui import Select

        wait_for_overview(as_manager, "")
        before = shown_cards(as_manager)
        payer_id = str(practice.payer_ids["Lakeside Health (test)"])
        Select(as_manager.find("#f-payer")).select_by_value(payer_id)
        wait_for_overview(as_manager, f"payer_id={payer_id}")
        as_manager.snap("overview-one-payer")
        filtered = manager.get("/analytics/dashboard", payer_id=payer_id)
        assert shown_cards(as_manager) == expected_cards(filtered)
        assert shown_cards(as_manager) != before
        assert [r.text for r in as_manager.all("#scorecards tbody th")] == ["Lakeside Health (test)"]
        assert as_manager.driver.current_url.endswith(f"/?payer_id={payer_id}")

    def test_a_date_of_service_range_narrows_the_numbers(self, as_manager: Page, manager: Api) -> None:
        wait_for_overview(as_manager, "")
        claims = manager.get("/claims", page_size=500)["items"]
        start = sorted(c["service_date_from"] for c in claims)[len(claims) // 2]
        as_manager.js(
            "const f = document.querySelector('#f-from'); f.value = arguments[0];"
            "f.form.dispatchEvent(new Event('change'));",
            start,
        )
        wait_for_overview(as_manager, f"date_from={start}")
        assert shown_cards(as_manager) == expected_cards(manager.get("/analytics/dashboard", date_from=start))


class TestClaims:
    def test_list_pages_through_every_claim(self, as_manager: Page, manager: Api) -> None:
        as_manager.open("/dashboard/claims")
        as_manager.ready()
        total = manager.get("/claims", page_size=1)["total"]
        assert as_manager.text("#c-page") == f"1{DASH}25 of {total} claims · page 1 of {-(-total // 25)}"
        assert len(as_manager.all("#claims-table tbody tr")) == 25
        as_manager.find("#c-next").click()
        as_manager.until(lambda: as_manager.text("#c-page").startswith(f"26{DASH}"), "the second page")
        assert len(as_manager.all("#claims-table tbody tr")) == total - 25

    def test_search_by_control_number_finds_the_claim(self, as_manager: Page, manager: Api) -> None:
        claim = manager.get("/claims", status="Paid", page_size=1)["items"][0]
        as_manager.open("/dashboard/claims")
        as_manager.ready()
        box = as_manager.find("#c-pcn")
        box.send_keys(claim["patient_control_number"])
        box.submit()
        as_manager.until(lambda: as_manager.text("#c-page").startswith(f"1{DASH}1 of 1 claims"), "one result")
        row = as_manager.find("#claims-table tbody tr")
        assert claim["patient_control_number"] in row.text and "Paid" in row.text
        assert money(claim["charge_cents"]) in row.text

    def test_a_paid_claim_shows_its_money_and_timeline(self, as_manager: Page, manager: Api) -> None:
        claim = manager.get("/claims", status="Paid", page_size=1)["items"][0]
        as_manager.open(
            f"/dashboard/claims?status=Paid&patient_control_number={claim['patient_control_number']}"
        )
        as_manager.ready()
        as_manager.find("#claims-table tbody a").click()
        as_manager.until(
            lambda: as_manager.js("return document.querySelector('#claim')?.dataset.state") == "ready",
            "the claim",
        )
        as_manager.snap("claim")
        history = manager.get(f"/claims/{claim['id']}/history")
        events = as_manager.all("#timeline .event")
        assert [e.get_attribute("data-seq") for e in events] == [str(h["seq"]) for h in history]
        timeline = as_manager.text("#timeline")
        assert "Submitted to the clearinghouse" in timeline and "Scrubbed → Submitted" in timeline
        # The history names each actor, even for users the viewer may not list.
        assert "(Billing manager) (you)" in timeline  # the manager submitted it in the seed
        assert "By Biller " in timeline and "(Biller)" in timeline and "835 trace" in timeline
        assert "· user" not in timeline
        assert "835 remittance · trace" in timeline and "277CA inbound" in timeline
        accepted = as_manager.find('#timeline [data-action="claim.accept"]')
        accepted.find_element(as_manager.by.TAG_NAME, "button").click()
        as_manager.until(
            lambda: "ISA*" in accepted.find_element(as_manager.by.TAG_NAME, "pre").text, "the 277CA"
        )
        paid = manager.get(f"/claims/{claim['id']}/payments")["payments"]
        assert money(paid[0]["amount_cents"]) in as_manager.text("#payments-table")
        assert as_manager.text('[data-panel="denials"] tbody') == "This claim has no denial."

    def test_a_denied_claim_lists_its_denials(self, as_manager: Page, manager: Api) -> None:
        claim = manager.get("/claims", status="Denied", page_size=1)["items"][0]
        denials = manager.get(f"/claims/{claim['id']}/denials")
        as_manager.open(f"/dashboard/claims/{claim['id']}")
        as_manager.until(
            lambda: as_manager.js("return document.querySelector('#claim').dataset.state") == "ready",
            "the claim",
        )
        rows = as_manager.all("#denials-table tbody tr")
        assert len(rows) == len(denials) > 0
        assert f"{denials[0]['group_code']}-{denials[0]['carc']}" in rows[0].text

    def test_a_followed_up_claim_shows_the_call_and_who_made_it(
        self, as_manager: Page, manager: Api, practice: Practice
    ) -> None:
        as_manager.open(f"/dashboard/claims/{practice.followed_up_claim_id}")
        as_manager.ready()
        calls = manager.get(f"/claims/{practice.followed_up_claim_id}/follow-ups")
        rows = as_manager.all("#follow-ups-table tbody tr")
        assert len(rows) == len(calls) == 1
        assert "Phone" in rows[0].text and "Promised payment date" in rows[0].text
        assert calls[0]["note"] in rows[0].text
        event = as_manager.find('#timeline [data-action="claim.follow_up"]')
        assert "Followed up with the payer" in event.text and "(Biller)" in event.text

    def test_another_orgs_claim_is_not_found(self, as_manager: Page, manager: Api) -> None:
        as_manager.open("/dashboard/claims/00000000-0000-4000-8000-000000000000")
        as_manager.until(
            lambda: as_manager.js("return document.querySelector('#claim').dataset.state") == "error",
            "refusal",
        )
        assert (
            as_manager.text('[data-panel="header"] .panel-message') == "No such claim in your organization."
        )


class TestWorkQueues:
    def test_queues_show_counts_amounts_and_items_by_priority(self, as_manager: Page, manager: Api) -> None:
        as_manager.open("/dashboard/workqueues")
        as_manager.ready()
        as_manager.snap("workqueues")
        queues = manager.get("/workqueues")
        rows = [r.text for r in as_manager.all("#queues-table tbody tr")]
        assert rows == [
            f"{q['queue'].replace('_', ' ').capitalize()} {q['open_items']} {money(q['amount_cents'])}"
            for q in queues
        ]
        general = next(b for b in as_manager.all("#queues-table [data-queue]") if b.text == "General")
        general.click()
        as_manager.until(lambda: as_manager.text("#items-queue") == "in General", "the general queue")
        as_manager.until(lambda: as_manager.state('[data-panel="items"]') == "ready", "its items")
        items = manager.get("/workqueues/general/items", page_size=100)["items"]
        shown = [
            int(r.text.replace(",", "")) for r in as_manager.all("#items-table tbody td.num:first-child")
        ]
        assert shown == sorted((i["priority"] for i in items), reverse=True) and len(shown) == len(items)
        assert "queue=general" in as_manager.driver.current_url

    def test_agent_workload_names_who_holds_what(self, as_manager: Page, manager: Api) -> None:
        from selenium.webdriver.support.ui import Select

        as_manager.open("/dashboard/workqueues")
        as_manager.ready()
        load = manager.get("/followup/workload")
        biller = next(a for a in load["assignees"] if a["assignee_name"])
        row = next(r for r in as_manager.all("#workload-table tbody tr") if biller["assignee_name"] in r.text)
        assert f"{biller['open_items']} {money(biller['amount_cents'])}" in row.text
        assert "Unassigned" in as_manager.text("#workload-table tbody")
        Select(as_manager.find("#workload-kind")).select_by_value("denial")
        denials = manager.get("/followup/workload", kind="denial")["totals"]
        expected = f"{denials['open_items']} open items, {money(denials['amount_cents'])}"
        as_manager.until(lambda: as_manager.text("#workload-totals").startswith(expected), "denial workload")

    def test_staff_productivity_lists_everyone_who_acted(self, as_manager: Page, manager: Api) -> None:
        as_manager.open("/dashboard/workqueues")
        as_manager.ready()
        assert as_manager.state('[data-panel="productivity"]') == "ready"
        users = manager.get("/analytics/staff-productivity", since="2000-01-01", until="2100-01-01")["users"]
        rows = as_manager.all("#productivity-table tbody tr")
        assert len(rows) == len(users) > 0
        assert not any("User " in r.text for r in rows)  # every row carries the person's name
        mine = next(r for r in rows if "(you)" in r.text)
        me = next(u for u in users if u["user_id"] == manager.get("/auth/me")["user_id"])
        assert mine.text.endswith(pct(me["error_rate"]))

    def test_without_the_follow_up_service_the_page_says_so(
        self, as_manager: Page, practice: Practice
    ) -> None:
        with endpoints_missing(as_manager, "/workqueues", "/followup", "/follow-ups"):
            as_manager.open("/dashboard/workqueues")
            as_manager.ready()
            for name in ("queues", "items", "workload"):
                assert as_manager.state(f'[data-panel="{name}"]') == "unavailable"
                assert "not available on this server yet" in as_manager.text(
                    f'[data-panel="{name}"] .panel-message'
                )
            assert as_manager.state('[data-panel="productivity"]') == "ready"
            as_manager.open(f"/dashboard/claims/{practice.followed_up_claim_id}")
            as_manager.ready()
            assert as_manager.state('[data-panel="follow-ups"]') == "unavailable"
            assert as_manager.state('[data-panel="timeline"]') == "ready"


# Loaded before the page's own scripts: the listed API paths answer 404, as on a server without them.
MISSING_SCRIPT = """
  const missing = %s;
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const path = new URL(typeof input === "string" ? input : input.url, location.href).pathname;
    if (missing.some((m) => path.startsWith(m) || path.endsWith(m))) {
      const body = JSON.stringify({error: "HTTPError", detail: "Not Found", context: {}});
      const headers = {"content-type": "application/json"};
      return Promise.resolve(new Response(body, {status: 404, headers}));
    }
    return realFetch(input, init);
  };
"""


@contextmanager
def endpoints_missing(page: Page, *paths: str) -> Iterator[None]:
    source = MISSING_SCRIPT % json.dumps(list(paths))
    added = page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    try:
        yield
    finally:
        page.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )


class TestAccess:
    def test_front_desk_sees_insufficient_permissions_on_analytics(
        self, page: Page, practice: Practice
    ) -> None:
        page.login(practice.emails["front_desk"])
        wait_for_overview(page, "")
        page.snap("overview-front-desk")
        for name in ("kpis", "denials-by-payer", "aging", "scorecards", "reasons"):
            assert page.state(f'[data-panel="{name}"]') == "forbidden"
            assert page.text(f'[data-panel="{name}"] .panel-message').startswith(
                "Insufficient permissions: your role (Front desk)"
            )
        assert not page.find('[data-kpi="denial_rate"]').is_displayed()
        page.open("/dashboard/claims")  # claim status is theirs to read
        page.ready()
        assert page.state('[data-panel="claims"]') == "ready"

    def test_an_expired_session_goes_back_to_login_and_returns(self, page: Page, practice: Practice) -> None:
        page.refusals.append("status of 401")  # the API refusing the stale token is the point
        page.login(practice.emails["billing_manager"])
        page.js(
            "const s = JSON.parse(sessionStorage.getItem('rcm.dashboard.session'));"
            "s.token = 'not-a-token'; sessionStorage.setItem('rcm.dashboard.session', JSON.stringify(s));"
        )
        page.open("/dashboard/claims?status=Denied")
        page.until(lambda: "/dashboard/login" in page.driver.current_url, "the login page")
        assert "Your session ended" in page.text("#login-notice")
        page.find("#login-email").send_keys(practice.emails["billing_manager"])
        page.find("#login-password").send_keys(TEST_PASSWORD)
        page.find("#login-submit").click()
        page.until(
            lambda: page.driver.current_url.endswith("/dashboard/claims?status=Denied"), "the way back"
        )

    def test_a_wrong_password_is_refused_on_the_form(self, page: Page, practice: Practice) -> None:
        page.refusals.append("status of 401")
        page.forget_session()
        page.open("/dashboard/login")
        page.find("#login-email").send_keys(practice.emails["billing_manager"])
        page.find("#login-password").send_keys("not-the-password")
        page.find("#login-submit").click()
        page.until(lambda: page.find("#login-error").is_displayed(), "the error")
        assert page.driver.current_url.startswith(page.base + "/dashboard/login")

    def test_logging_out_forgets_the_token(self, page: Page, practice: Practice) -> None:
        page.login(practice.emails["billing_manager"])
        page.find("#logout").click()
        page.until(lambda: "reason=logged_out" in page.driver.current_url, "the login page")
        assert page.js("return sessionStorage.getItem('rcm.dashboard.session')") is None
        page.open("/")
        page.until(lambda: "/dashboard/login" in page.driver.current_url, "a login prompt")
