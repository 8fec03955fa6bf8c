"""No request goes to a private, loopback, link-local, multicast, reserved or unspecified
address: refused when the endpoint is saved, and again when it is sent."""

import ipaddress
import ssl
import subprocess

import pytest

from campaigns.webhooks import client, services
from campaigns.webhooks.forms import EndpointForm
from campaigns.webhooks.models import Endpoint
from tests.receiver import Receiver

# Every trick we know for naming a private address; loopback is refused too in production.
REFUSED = {
    "http://10.0.0.1/hook": "private",
    "http://192.168.1.20/hook": "private",
    "http://172.16.5.4/hook": "private",
    "http://100.64.0.1/hook": "carrier-grade NAT",
    "http://169.254.169.254/latest/meta-data/": "link-local: a cloud's metadata service",
    "http://[fe80::1]/hook": "IPv6 link-local",
    "http://[fd00::1]/hook": "IPv6 unique local",
    "http://[::ffff:10.0.0.1]/hook": "IPv6-mapped private IPv4",
    "http://[::ffff:127.0.0.1]/hook": "IPv6-mapped loopback",
    "http://[2002:a00:1::]/hook": "6to4 wrapping 10.0.0.1",
    "http://167772161/hook": "decimal 10.0.0.1",
    "http://0x0a000001/hook": "hexadecimal 10.0.0.1",
    "http://012.0.0.1/hook": "octal 10.0.0.1",
    "http://2130706433/hook": "decimal 127.0.0.1",
    "http://127.1/hook": "short loopback",
    "http://localhost/hook": "loopback by name",
    "http://[::1]/hook": "IPv6 loopback",
    "http://0.0.0.0/hook": "unspecified",
    "http://[::]/hook": "IPv6 unspecified",
    "http://224.0.0.1/hook": "multicast",
    "http://240.0.0.1/hook": "reserved",
    "http://255.255.255.255/hook": "broadcast",
    "ftp://203.0.113.9/hook": "not http(s)",
    "http://user:pass@8.8.8.8/hook": "credentials in the URL",
    "http://no-such-host.invalid/hook": "a name that does not resolve",
}


@pytest.mark.parametrize("url", sorted(REFUSED))
def test_a_url_to_an_address_we_never_call_is_refused_with_a_form_error(settings, url):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    form = EndpointForm({"url": url, "events": ["signature.created"]})

    assert not form.is_valid(), REFUSED[url]
    assert form.errors["url"][0].startswith(("We will not send to this URL", "Enter a valid URL"))


def test_a_public_address_is_accepted():
    form = EndpointForm({"url": "https://8.8.8.8/hook", "events": ["signature.created"]})

    assert form.is_valid(), form.errors


def test_loopback_is_allowed_only_with_the_development_setting(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert client.allowed(ipaddress.ip_address("127.0.0.1"))
    assert not client.allowed(ipaddress.ip_address("10.0.0.1"))
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    assert not client.allowed(ipaddress.ip_address("127.0.0.1"))


def test_an_address_refused_at_send_time_is_not_called_and_the_log_says_why(
    settings, endpoint, receiver
):
    """Saved when it was allowed; by the time it is sent, it is not (as when a name's DNS
    answer changes to a private address after the check)."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    assert receiver.requests == []
    [attempt] = endpoint.deliveries.get().log.all()
    assert attempt.status_code is None
    assert "private, loopback or reserved" in attempt.error


def test_a_service_caller_cannot_save_a_private_url_either(alice):
    with pytest.raises(client.Refused):
        services.endpoint_create(
            owner=alice, campaign=None, url="http://10.1.2.3/", events=["signature.created"]
        )
    assert not Endpoint.objects.exists()


def test_a_redirect_is_not_followed_and_counts_as_a_failure(endpoint, receiver):
    receiver.status = 302
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    assert len(receiver.requests) == 1
    delivery = endpoint.deliveries.get()
    assert delivery.status == "failed"  # a test event is tried once
    assert delivery.log.get().status_code == 302


def test_an_https_receiver_whose_certificate_we_cannot_verify_is_not_sent_the_event(
    alice, letter, tmp_path
):
    """TLS is checked against the URL's hostname, though we connect to the address we
    checked: a self-signed certificate fails, and nothing is sent."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    receiver = Receiver(tls=context)
    try:
        url = receiver.url.replace("127.0.0.1", "localhost")
        endpoint = services.endpoint_create(owner=alice, campaign=letter, url=url,
                                            events=["petition.closed"])  # fmt: skip
        services.ping_add(endpoint=endpoint)
        services.send_pending(endpoint_id=endpoint.pk)
    finally:
        receiver.stop()

    assert receiver.requests == []
    attempt = endpoint.deliveries.get().log.get()
    assert attempt.error.startswith("TLS failed: CERTIFICATE_VERIFY_FAILED")
