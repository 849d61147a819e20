"""Real Chromium: the clerk flow review → approval → payment, and the hospital portal."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, name):
    page.click(f"button[data-action={name}]")
    page.wait_for_load_state("networkidle")


def test_clerks_take_a_provincial_request_through_review_approval_and_payment(
        browser_login, page, live_server, submit, hospital_user, manager_clerk, cashier, province_approver,
        complete_documents):
    from fund.models import LedgerEntry

    app = submit(post7_amount="120000.00", post7_reasons="多发伤ICU")
    complete_documents(app, hospital_user)
    browser_login(manager_clerk)
    page.goto(f"{live_server.url}/fund/applications/")
    page.click(f"text={app.reference}")
    assert "山西省道路交通事故社会救助基金联席会议办公室" in page.locator("#approver").inner_text()
    assert "FUND-A22" in page.locator("#ruletrace").inner_text()
    assert "剩余" in page.locator("#deadlines").inner_text()
    _act(page, "start_review")
    assert page.locator("#state").inner_text() == "审核中"
    _act(page, "submit_for_approval")
    assert page.locator("#state").inner_text() == "待联席办审批"

    page.context.clear_cookies()
    browser_login(province_approver)
    page.goto(f"{live_server.url}/inbox/")
    page.click(f"text={app.reference}")
    _act(page, "approve")
    assert page.locator("#state").inner_text() == "已批准待划拨"
    assert "划拨期限" in page.locator("#deadlines").inner_text()

    page.context.clear_cookies()
    browser_login(cashier)  # 划拨 is the cashier's (出纳), not the reviewing clerk's
    page.goto(f"{live_server.url}{app.get_absolute_url()}")
    _act(page, "pay")  # 划拨 is irreversible: its own page asks for the voucher and a confirmation
    assert "不能撤回" in page.locator(".confirmbox").inner_text()
    page.fill("#id_comment", "按核定金额划拨")
    _act(page, "pay")  # no voucher number: the browser itself asks for it (a required field)
    assert page.locator("#id_voucher_no").evaluate("e => e.validity.valueMissing")
    page.fill("#id_voucher_no", "PZ-2026-0001")
    _act(page, "pay")  # not confirmed: the server refuses and keeps what was typed
    assert "请确认后再办理" in page.locator(".field-error").all_inner_texts()[0]
    assert page.locator("#id_comment").input_value() == "按核定金额划拨"
    assert page.locator("#id_voucher_no").input_value() == "PZ-2026-0001"
    assert LedgerEntry.objects.filter(application=app).count() == 0
    page.check("#id_confirm")
    _act(page, "pay")
    assert page.locator("#state").inner_text() == "已划拨"
    assert "划拨" in page.locator("#history").inner_text()
    assert LedgerEntry.objects.get(application=app).source_ref == "PZ-2026-0001"
    page.goto(f"{live_server.url}/fund/ledger/")
    assert "账实相符" in page.locator("#reconciliation").inner_text()


def test_hospital_submits_in_the_portal_and_uploads_a_document(browser_login, page, live_server, hospital_user,
                                                              orgs, tmp_path):
    from django.utils import timezone

    browser_login(hospital_user)
    page.goto(f"{live_server.url}/fund/portal/")
    page.click("#new-request")
    now = timezone.localtime()
    page.fill("#id_accident_at", (now - timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_accident_place", "小店区长治路")
    page.select_option("#id_region", "140105")
    page.select_option("#id_insurance_status", "uninsured")
    page.fill("#id_victim_name", "张三")
    page.fill("#id_victim_id_number", "110105194912310021")  # wrong check digit
    page.fill("#id_treatment_started_at", (now - timezone.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_first7_amount", "16000")
    page.click("button.primary[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "GB 11643" in page.locator("[data-field=victim_id_number]").inner_text()
    page.fill("#id_victim_id_number", "11010519491231002X")
    # Documents go with the request: a wrong type is refused by the browser before anything is sent.
    text = tmp_path / "清单.txt"
    text.write_text("not a document")
    page.set_input_files("#id_doc_cost_list", str(text))
    page.click("button.primary[type=submit]")
    assert "文件类型不符" in page.locator(".client-error[data-field=doc_cost_list]").inner_text()
    lists = [tmp_path / "清单1.pdf", tmp_path / "清单2.pdf"]
    for f in lists:
        f.write_bytes(b"%PDF-1.4 " + f.name.encode())
    page.set_input_files("#id_doc_cost_list", [str(f) for f in lists])
    page.click("button.primary[type=submit]")
    page.wait_for_selector(".messages")
    assert "已上传材料2份" in page.locator(".messages").inner_text()
    assert "/fund/applications/" in page.url
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4 notice")
    page.select_option("#upload-form select[name=code]", "police_advance_notice")
    page.set_input_files("#upload-form input[type=file]", str(pdf))
    page.click("#upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "材料已上传" in page.locator(".messages").inner_text()
    page.goto(f"{live_server.url}/fund/portal/")
    assert "已接收" in page.locator("#portal-applications").inner_text()


def test_county_office_pages_through_its_list_with_next_and_previous(
        browser_login, page, live_server, submit, county_approver, monkeypatch):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    refs = [submit(victim_name=f"受害人{i}").reference for i in range(5)]
    browser_login(county_approver)
    page.goto(f"{live_server.url}/fund/applications/")
    first = page.locator("#applications tbody tr td:first-child").all_inner_texts()
    assert first == refs[::-1][:2]
    assert "110105********002X" in page.locator("#applications").inner_text()
    import os

    if os.environ.get("GAZETTE_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["GAZETTE_SCREENSHOTS"], "clerk_list.png"), full_page=True)
    page.click("a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#applications tbody tr td:first-child").all_inner_texts() == refs[::-1][2:4]
    page.click("a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#applications tbody tr td:first-child").all_inner_texts() == refs[::-1][4:]
    assert page.locator("a[rel=next]").count() == 0
    page.click("a[rel=prev]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#applications tbody tr td:first-child").all_inner_texts() == refs[::-1][2:4]
    # The case page and the inbox look as before after a change to shared rendering (compare the screenshots).
    page.click("#applications tbody tr td:first-child a")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text()
    if os.environ.get("GAZETTE_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["GAZETTE_SCREENSHOTS"], "case_page.png"), full_page=True)
    page.goto(f"{live_server.url}/inbox/")
    assert page.locator("h1").first.inner_text()
    if os.environ.get("GAZETTE_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["GAZETTE_SCREENSHOTS"], "inbox.png"), full_page=True)
