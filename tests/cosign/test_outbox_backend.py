from email import message_from_bytes, policy

from django.core.mail import EmailMultiAlternatives

from cosign.mail import OutboxEmailBackend


def test_each_message_is_printed_and_kept_as_an_eml_file(tmp_path, capsys):
    message = EmailMultiAlternatives(
        "Confirm your signature",
        "Open this link: https://x",
        "from@example.org",
        ["to@example.org"],
    )
    message.attach_alternative("<p>Open this link</p>", "text/html")

    sent = OutboxEmailBackend(outbox_dir=tmp_path).send_messages([message])

    assert sent == 1
    printed = capsys.readouterr().out
    assert "email to to@example.org" in printed
    assert "Subject: Confirm your signature" in printed
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "to@example.org"
    assert parsed.get_body(("plain",)).get_content().strip() == "Open this link: https://x"
    assert "<p>Open this link</p>" in parsed.get_body(("html",)).get_content()


def test_a_message_without_recipients_is_not_kept(tmp_path):
    message = EmailMultiAlternatives("Nobody", "body", "from@example.org", [])
    assert OutboxEmailBackend(outbox_dir=tmp_path).send_messages([message]) == 0
    assert list(tmp_path.iterdir()) == []
