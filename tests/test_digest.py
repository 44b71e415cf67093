"""The weekly digest through a real SMTP server on loopback (aiosmtpd), and written as a file."""

from __future__ import annotations

import datetime as dt
import email
import io
import socket
import ssl
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from pilot import mailer
from pilot.core.errors import PilotError
from pilot.playbook import recognition
from pilot.report import digest, render
from pilot.report.summary import build
from pilot.setup.participants import list_participants
from pilot.setup.pilots import get_pilot
from tests.conftest import run_cli
from tests.smtp import Inbox, inbox, parts  # noqa: F401  (a fixture)

WEEK = "2026-11-18"  # in pilot week 12, whose reports the demo has


def test_the_digest_arrives_with_both_parts_a_chart_and_the_pdf(capsys, demo_db, db_path, inbox):  # noqa: F811
    handler, secrets = inbox
    code, out, err = run_cli(
        capsys, "digest", "--db", str(db_path), "--pilot", "demo", "--week", WEEK,
        "--to", "ceo@example.com, CFO@example.com", "--secrets", str(secrets),
    )  # fmt: skip
    assert (code, err) == (0, "")
    [(to, message)] = handler.received
    assert to == ["ceo@example.com", "cfo@example.com"]
    recommendation = build(demo_db, get_pilot(demo_db, "demo"), WEEK).decision.recommendation
    assert message["Subject"] == f"Service desk micro-blog: week 12, {recommendation}"
    assert out.strip() == f"Sent to ceo@example.com, cfo@example.com: {message['Subject']}"
    found = parts(message)
    plain, html = found["text/plain"].get_content(), found["text/html"].get_content()
    assert f"Recommendation: {recommendation}" in plain and "Active rate:" in plain
    assert "Wins of the week" in html and "<h3>Goals</h3>" in html
    risks = "Risks beside the verdict:\n- Go, but the data export path is not tested"
    assert risks in plain.replace("\r\n", "\n")  # issue 9: risks in every summary format
    assert "<li>Go, but the data export path is not tested" in html
    cid = html.split("src='cid:")[1].split("'")[0]
    assert found["image/png"]["Content-ID"] == f"<{cid}>"
    assert found["image/png"].get_content().startswith(b"\x89PNG")
    pdf = PdfReader(io.BytesIO(found["application/pdf"].get_content()))
    assert recommendation in pdf.pages[0].extract_text()
    assert len(pdf.pages) == 1  # the one-pager: verdict, reasons, risks, context


def test_the_plain_text_goal_table_has_a_header_lined_up_with_its_columns(demo_db):
    """The plain-text part listed the goal rows with no header: which figure was the target?"""
    text = digest.plain_text(build(demo_db, get_pilot(demo_db, "demo"), WEEK)).splitlines()
    header, rule, first, *_ = text[text.index("Goals:") + 1 :]
    assert header == (
        "Goal          | Must-have | Target       | Actual | Status | Forecast | Due week | "
        "Part in the decision"
    )
    assert rule.startswith(
        "--------------+-----------+--------------+--------+--------+----------+----------+---"
    )
    assert first == (
        "Active rate   | yes       | at least 60% | 81.7%  | met    | –        | 12       | "
        "Must-have, met at its due week 12: counts towards Go."
    )


def test_a_digest_says_it_was_generated_when_composed(demo_db, monkeypatch):
    """The Go / no-go page composes it from its cached summary: the stamp was the cache's."""
    summary = build(demo_db, get_pilot(demo_db, "demo"), WEEK)
    monkeypatch.setattr(render, "utc_minute", lambda: "2031-01-02 03:04 UTC")
    message = digest.digest_message(summary, ["ceo@example.com"], mailer.NO_REPLY)
    said = "Generated 2 Jan 2031 03:04 UTC."
    assert said in digest.preview(message)[2]
    assert said in message.get_body(("html",)).get_content()
    attached = next(message.iter_attachments()).get_content()
    assert said in PdfReader(io.BytesIO(attached)).pages[0].extract_text()


def test_a_missing_tool_report_stops_the_digest_unless_allowed(
    capsys,
    demo_db,
    db_path,
    inbox,  # noqa: F811
    tmp_path,
):
    handler, secrets = inbox
    demo_db.execute("DELETE FROM usage WHERE channel = 'tool' AND week = '2026-11-16'")
    args = ["digest", "--db", str(db_path), "--pilot", "demo", "--week", WEEK, "--to", "ceo@example.com"]
    code, _, err = run_cli(capsys, *args, "--secrets", str(secrets))
    assert code == 2
    assert err.strip() == (
        "error: Week 12 has no Viva Engage report yet: import it first, or send anyway with --allow-missing"
    )
    assert handler.received == []
    code, _, _ = run_cli(capsys, *args, "--secrets", str(secrets), "--allow-missing")
    assert code == 0 and len(handler.received) == 1


def test_eml_writes_the_message_instead_of_sending(capsys, demo_db, db_path, tmp_path):
    eml = tmp_path / "digest.eml"
    code, out, err = run_cli(
        capsys, "digest", "--db", str(db_path), "--pilot", "demo", "--week", WEEK, "--to", "ceo@example.com",
        "--eml", str(eml),
    )  # fmt: skip
    assert code == 0, err
    assert out.strip().startswith(f"{eml}: Service desk micro-blog: week 12")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "ceo@example.com" and message["Subject"].startswith(
        "Service desk micro-blog: week 12"
    )
    assert set(parts(message)) == {"text/plain", "text/html", "image/png", "application/pdf"}


def test_wrong_recipients_and_missing_smtp_are_one_line(capsys, demo_db, db_path, tmp_path):
    code, _, err = run_cli(capsys, "digest", "--db", str(db_path), "--pilot", "demo", "--to", "the board")
    assert (
        code == 2
        and err.strip() == "error: Give the recipients as emails separated by commas, not 'the board'"
    )
    secrets = tmp_path / "secrets.toml"
    args = [
        "digest",
        "--db",
        str(db_path),
        "--pilot",
        "demo",
        "--to",
        "a@example.com",
        "--secrets",
        str(secrets),
    ]
    for content, said in [
        (None, f"No secrets file at {secrets}"),
        ("[auth]\n", "has no [smtp] section with a host"),
    ]:
        if content is not None:
            secrets.write_text(content)
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and said in err


def test_the_default_week_is_the_one_that_ended_last_sunday(demo_db):
    pilot = get_pilot(demo_db, "demo")
    assert digest.default_week(pilot, dt.date(2026, 10, 6)) == dt.date(2026, 9, 29)  # a Tuesday: last week
    assert (
        digest.default_week(pilot, dt.date(2027, 3, 2)) == pilot.weeks[-1]
    )  # after the pilot: its last week


def test_celebrate_sends_the_weeks_small_successes_to_the_sponsor(demo_db, inbox):  # noqa: F811
    """Issue 13: the week's wins in a few lines, to the sponsor, to forward. In the demo's week 12
    nobody posted for the first time and no win or benefit was recorded; three people closed four
    active weeks in a row (badges are on in the demo)."""
    handler, secrets = inbox
    pilot = get_pilot(demo_db, "demo")
    message = digest.celebration(
        build(demo_db, pilot, WEEK), pilot.sponsor_email, "Pilot <pilot@example.com>"
    )
    mailer.send(message, mailer.smtp_settings(secrets))
    [(to, got)] = handler.received
    assert to == ["kira.garcia@example.com"]
    assert got["Subject"] == "Small successes in Service desk micro-blog: week 12"
    plain = parts(got)["text/plain"].get_content().replace("\r\n", "\n")
    assert plain == (
        "Hello Kira Garcia,\n\n"
        "Small successes of week 12 in the Service desk micro-blog pilot, ready to forward to the group:\n\n"
        "- Badge Active 4 weeks running: Amir Garcia, Chloe Schmidt, Sami Okafor.\n\n"
        "Thank you all for trying Viva Engage.\n"
    )
    assert "<li>Badge Active 4 weeks running: Amir Garcia, Chloe Schmidt, Sami Okafor.</li>" in (
        parts(got)["text/html"].get_content()
    )
    recognition.set_recognition(demo_db, pilot, recognition.Recognition())
    with pytest.raises(PilotError, match="Nothing to celebrate recorded this week yet"):
        digest.celebration(build(demo_db, pilot, WEEK), pilot.sponsor_email, "pilot@example.com")


def test_the_digest_is_what_a_viewer_may_see(capsys, demo_db, db_path, tmp_path):
    """Issue 13's viewer rules, end to end through the command: with pseudonyms on and a small-group
    threshold of 12, the week's first posts say "Participant 7 (Other (fewer than 12 each))", and
    neither part of the email nor its PDF names a participant."""
    demo_db.execute("UPDATE pilots SET pseudonyms = 1, small_group = 12 WHERE slug = 'demo'")
    names = set(list_participants(demo_db, get_pilot(demo_db, "demo").id)["name"])
    eml = tmp_path / "digest.eml"
    code, _, err = run_cli(
        capsys, "digest", "--db", str(db_path), "--pilot", "demo", "--week", "2026-09-16",
        "--to", "ceo@example.com", "--eml", str(eml),
    )  # fmt: skip
    assert (code, err) == (0, "")
    found = parts(email.message_from_bytes(eml.read_bytes(), policy=policy.default))
    plain, html = found["text/plain"].get_content(), found["text/html"].get_content()
    pdf = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(found["application/pdf"].get_content())).pages
    )
    first_posts = next(line for line in plain.splitlines() if line.startswith("- First posts: "))
    assert "Participant 7 (Other (fewer than 12 each))" in first_posts  # Customer Service has 9 people
    assert "(Marketing)" in first_posts  # 15 people: shown
    assert [n for n in names if n in plain or n in html or n in pdf] == []


def test_starttls_and_the_password_from_the_environment(capsys, demo_db, db_path, tmp_path, monkeypatch):
    """The [smtp] settings as the README gives them: STARTTLS (the server takes no login before it),
    the user, and the password read from the environment variable that `password_env` names, never
    from the file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=auth_data.password == b"a long passphrase")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Inbox()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True,
        authenticator=authenticator, auth_required=True, auth_require_tls=True,
    )  # fmt: skip
    controller.start()
    try:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = true\nuser = "pilot-bot@example.com"\n'
            'password_env = "PILOT_TEST_SMTP_PASSWORD"\n'
        )
        args = ["digest", "--db", str(db_path), "--pilot", "demo", "--week", WEEK, "--to", "ceo@example.com"]
        monkeypatch.setenv("PILOT_TEST_SMTP_PASSWORD", "a long passphrase")
        code, _, err = run_cli(capsys, *args, "--secrets", str(secrets))
        assert (code, err) == (0, "")
        assert [to for to, _ in handler.received] == [["ceo@example.com"]]
        assert logins == [(b"pilot-bot@example.com", b"a long passphrase", True)]  # after STARTTLS
    finally:
        controller.stop()
