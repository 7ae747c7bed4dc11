"""`invoke send-test` keeps the SMTP password (and the email) off the network in clear:
it logs in and sends only over TLS (STARTTLS, or TLS from the start on port 465) with the
server's certificate verified, except to a server on this computer; and a server that
answers a byte at a time cannot hold it past its deadline.

A server on another address is needed to show the refusal, and tests send nothing beyond
loopback: those tests run the server and send-test in a network namespace of their own
(`unshare -n`), where 198.18.0.1 is an address of its loopback device. This file is also
the script they run there (see the end).
"""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from email import message_from_bytes, policy
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from build.runner import load_settings
from conftest import ROOT, SETTINGS, Site

OTHER_ADDRESS = "198.18.0.1"  # a benchmarking address, on the loopback of a namespace of our own
PASSWORD = "correct horse battery staple"
PUBLISHED_SITEURL = load_settings(str(SETTINGS["publish"]))["SITEURL"].rstrip("/")


# --- what the tests need: an exported email, certificates, SMTP servers that record ------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A site built with publishconf.py's address: its email/hello/message.eml may be sent."""
    site = Site(tmp_path_factory.mktemp("published"))
    site.post("hello", "Hello, reader.")
    site.build("publish", SITEURL=PUBLISHED_SITEURL)
    return site


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A test CA (ca.pem), a server certificate it signed (trusted.pem/.key) and a self-signed
    one (self-signed.pem/.key), both for 127.0.0.1, 198.18.0.1 and localhost."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("certificates")
    names = f"subjectAltName=IP:127.0.0.1,IP:{OTHER_ADDRESS},DNS:localhost"
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl("req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    openssl("req", *key, "-keyout", "trusted.key", "-out", "trusted.csr", "-subj", "/CN=smtp.test")
    (folder / "server.ext").write_text(f"{names}\nextendedKeyUsage=serverAuth\n"
                                       "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("x509", "-req", "-in", "trusted.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "trusted.pem", "-days", "2", "-extfile", "server.ext")
    openssl("req", "-x509", *key, "-keyout", "self-signed.key", "-out", "self-signed.pem", "-days", "2",
            "-subj", "/CN=smtp.test", "-addext", names)
    return folder


def server_context(certificates, name):
    """The server side of TLS with the certificate `name` (trusted or self-signed)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates / f"{name}.pem", certificates / f"{name}.key")
    return context


class Recorder:
    """An aiosmtpd handler and authenticator that accepts everything and keeps what it got:
    each login (user, password, over TLS or not) and each email (recipients, over TLS or not)."""

    def __init__(self):
        self.logins = []
        self.emails = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.logins.append({"user": auth_data.login.decode(), "password": auth_data.password.decode(),
                            "tls": encrypted(server)})
        return AuthResult(success=True)

    async def handle_DATA(self, server, session, envelope):
        self.emails.append({"to": envelope.rcpt_tos, "tls": encrypted(server),
                            "content": envelope.original_content.decode("ascii")})
        return "250 Message accepted"


def encrypted(server):
    return server.transport.get_extra_info("sslcontext") is not None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(host="127.0.0.1", port=None, **options):
    """An aiosmtpd server on host:port with a Recorder; returns (recorder, controller, port)."""
    recorder, port = Recorder(), port or free_port()
    controller = Controller(recorder, hostname=host, port=port, authenticator=recorder, **options)
    controller.start()
    return recorder, controller, port


@pytest.fixture
def servers():
    """Starts servers (start_server's options) and stops them after the test."""
    started = []

    def start(**options):
        recorder, controller, port = start_server(**options)
        started.append(controller)
        return recorder, port

    yield start
    for controller in started:
        controller.stop()


def send_test(site, host, port, *options, password=None, ca=None):
    """Run `invoke send-test` for the post hello; SMTP_PASSWORD and SSL_CERT_FILE (the CA to
    trust) only when given."""
    env = {key: value for key, value in os.environ.items() if key not in ("SMTP_PASSWORD", "SSL_CERT_FILE")}
    env.update({"SMTP_PASSWORD": password} if password else {})
    env.update({"SSL_CERT_FILE": str(ca)} if ca else {})
    return subprocess.run(
        [sys.executable, "-m", "invoke", "send-test", "--slug", "hello", "--to", "reader@example.org",
         "--host", host, "--port", str(port), "--output", str(site.output), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


def refusal(done):
    """The one line send-test printed on refusing."""
    assert done.returncode != 0 and "Sent" not in done.stdout, done.stdout
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Not sent: "), line
    return line


# --- a server on another address that does not offer STARTTLS: nothing is sent -----------


def in_namespace(scenario, site, certificates):
    """Run this file's `scenario` (the end of the file) with its server and send-test in a
    network namespace of their own; return what it reports."""
    try:
        usable = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        usable = False
    if not usable:
        pytest.skip("needs a network namespace of its own (`unshare -n`, as root) to reach a server "
                    "on an address other than loopback without leaving this computer")
    done = subprocess.run(["unshare", "-n", sys.executable, __file__, scenario, str(site.output), str(certificates)],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    # send-test's runs come back with the attributes of a CompletedProcess.
    return json.loads(done.stdout, object_hook=lambda run: SimpleNamespace(**run) if "returncode" in run else run)


def test_no_login_and_no_email_to_a_server_elsewhere_without_starttls(published, certificates):
    got = in_namespace("plain", published, certificates)

    with_login = refusal(got["with_login"])
    assert with_login == (
        f"Not sent: {OTHER_ADDRESS}:2525 does not offer STARTTLS, so the SMTP_PASSWORD would cross the "
        "network unencrypted and nothing was sent: use port 465 (TLS from the start) if your provider "
        "offers it, or a server that offers STARTTLS (only a server on this computer, as 127.0.0.1, "
        "is used without TLS)."
    )
    without_login = refusal(got["without_login"])
    assert f"{OTHER_ADDRESS}:2525 does not offer STARTTLS, so the email would cross the network" in without_login
    assert got["logins"] == [] and got["emails"] == [], "the server got nothing"
    assert PASSWORD not in got["with_login"].stderr


def test_a_relay_on_this_computer_may_take_the_login_without_tls(published, servers):
    recorder, port = servers(auth_require_tls=False)  # offers AUTH without STARTTLS
    done = send_test(published, "127.0.0.1", port, "--user", "coach", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert recorder.logins == [{"user": "coach", "password": PASSWORD, "tls": False}]
    [email] = recorder.emails
    assert email["to"] == ["reader@example.org"]


# --- STARTTLS: the certificate is verified before anything is sent ------------------------


def test_a_certificate_that_cannot_be_verified_stops_before_the_login(published, certificates, servers):
    recorder, port = servers(tls_context=server_context(certificates, "self-signed"), require_starttls=True)
    done = send_test(published, "127.0.0.1", port, "--user", "coach", password=PASSWORD)
    assert refusal(done) == (
        f"Not sent: the certificate of 127.0.0.1:{port} could not be verified (self-signed certificate), "
        "so nothing was sent: check SMTP_HOST is exactly the name your provider gives for its SMTP server."
    )
    assert recorder.logins == [] and recorder.emails == []


def test_starttls_with_a_trusted_certificate_logs_in_and_delivers(published, certificates, servers):
    recorder, port = servers(tls_context=server_context(certificates, "trusted"), require_starttls=True)
    done = send_test(published, "127.0.0.1", port, "--user", "coach", password=PASSWORD,
                     ca=certificates / "ca.pem")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"to reader@example.org through 127.0.0.1:{port}.")
    assert recorder.logins == [{"user": "coach", "password": PASSWORD, "tls": True}]
    [email] = recorder.emails
    assert email["tls"] and email["to"] == ["reader@example.org"]
    exported = message_from_bytes(published.path("email/hello/message.eml").read_bytes(), policy=policy.default)
    sent = message_from_bytes(email["content"].encode("ascii"), policy=policy.default)
    assert sent["Subject"] == exported["Subject"]
    assert sent["To"] == "reader@example.org" and sent["Message-ID"] != exported["Message-ID"]


def test_tls_from_the_start_on_port_465_logs_in_and_delivers(published, certificates):
    got = in_namespace("implicit-tls", published, certificates)
    assert got["sent"].returncode == 0, got["sent"].stderr
    assert got["sent"].stdout.strip().endswith(f"through {OTHER_ADDRESS}:465.")
    assert got["logins"] == [{"user": "coach", "password": PASSWORD, "tls": True}]
    assert [(email["to"], email["tls"]) for email in got["emails"]] == [(["reader@example.org"], True)]


# --- the deadline: a server answering a byte at a time ------------------------------------


class Trickler:
    """A fake SMTP server on 127.0.0.1 for one client: it greets at once, or (`slow_greeting`)
    a byte every 0.1 s, and answers EHLO a byte every 0.1 s; 60 s of that in all, unless the
    client hangs up first (`hung_up_early`)."""

    def __init__(self, slow_greeting):
        self.slow_greeting = slow_greeting
        self.hung_up_early = None
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        self.listener.settimeout(60)  # no client at all: stop by itself
        with self.listener:
            try:
                client = self.listener.accept()[0]
            except TimeoutError:
                return
        with client:
            greeting = b"220 slow.example ESMTP" + b" slow" * 120 + b"\r\n"
            if self.slow_greeting:
                self.trickle(client, greeting)
            else:
                client.sendall(greeting)
                client.recv(1024)  # EHLO
                self.trickle(client, b"250 slow.example" + b" slow" * 120 + b"\r\n")

    def trickle(self, client, reply):
        client.settimeout(0.1)
        for index in range(len(reply)):
            try:
                if client.recv(1) == b"":  # the client hung up
                    self.hung_up_early = True
                    return
            except TimeoutError:
                pass
            try:
                client.send(reply[index:index + 1])
            except OSError:
                self.hung_up_early = True
                return
        self.hung_up_early = False

    def stop(self):
        self.thread.join(timeout=90)


@pytest.mark.parametrize("slow_greeting", [True, False], ids=["greeting", "ehlo-reply"])
def test_a_server_answering_a_byte_at_a_time_is_given_up_at_the_deadline(published, slow_greeting):
    server = Trickler(slow_greeting)
    done = send_test(published, "127.0.0.1", server.port, "--timeout", "3")
    server.stop()
    assert refusal(done) == (
        f"Not sent: 127.0.0.1:{server.port} was too slow: the exchange did not finish within 3 s (a server "
        "that answers a little at a time, or not an SMTP server): check SMTP_HOST and SMTP_PORT and try "
        "again later, or give it more time with --timeout."
    )
    assert server.hung_up_early, "send-test ended the conversation before the reply was complete"


# --- the script the namespace tests run (`python this_file.py SCENARIO OUTPUT CERTIFICATES`) ---


def scenario(name, output, certificates):
    """Inside a network namespace of its own: bring loopback up with 198.18.0.1 on it, run the
    scenario's server there and send-test against it, and report what both saw."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["ip", "addr", "add", f"{OTHER_ADDRESS}/32", "dev", "lo"], check=True)
    site = SimpleNamespace(output=Path(output))
    report = {}
    if name == "plain":  # offers AUTH without STARTTLS, as a hostile server or a stripped reply would
        recorder, controller, port = start_server(OTHER_ADDRESS, 2525, auth_require_tls=False)
        report["with_login"] = send_test(site, OTHER_ADDRESS, port, "--user", "coach", password=PASSWORD)
        report["without_login"] = send_test(site, OTHER_ADDRESS, port)
        report.update(logins=recorder.logins, emails=recorder.emails)
        controller.stop()
    elif name == "implicit-tls":
        # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is TLS from its first byte.
        recorder, controller, port = start_server(OTHER_ADDRESS, 465, auth_require_tls=False,
                                                  ssl_context=server_context(certificates, "trusted"))
        report["sent"] = send_test(site, OTHER_ADDRESS, port, "--user", "coach", password=PASSWORD,
                                   ca=certificates / "ca.pem")
        report.update(logins=recorder.logins, emails=recorder.emails)
        controller.stop()
    for key, value in report.items():
        if isinstance(value, subprocess.CompletedProcess):
            report[key] = {"returncode": value.returncode, "stdout": value.stdout, "stderr": value.stderr}
    return report


if __name__ == "__main__":
    print(json.dumps(scenario(sys.argv[1], sys.argv[2], Path(sys.argv[3]))))
