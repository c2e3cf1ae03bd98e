"""Outgoing mail: SMTP when configured, else files in ``var/outbox`` (development)."""

from __future__ import annotations

import datetime as dt
import hashlib
import smtplib
from email.message import EmailMessage

from api.settings import PolisSettings
from models.profile import Names


def send_mail(settings: PolisSettings, to: str, subject: str, body: str) -> None:
    """Send (or, with no SMTP server, store) one plain-text message."""
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)
        return
    outbox = settings.outbox_dir
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    recipient = hashlib.sha256(to.encode()).hexdigest()[:16]  # safe, bounded file name
    (outbox / f"{stamp}-{recipient}.eml").write_bytes(bytes(message))


def verification_mail(base_url: str, token: str, *, municipality: Names) -> tuple[str, str]:
    """(subject, body) of the email-verification message, in Greek and English, from
    ``municipality`` (the profile's names)."""
    link = f"{base_url}/auth/verify?token={token}"
    subject = f"Επιβεβαίωση email / Confirm your email — Polis, {municipality.en}"
    body = (
        f"Καλώς ήρθατε στην Πολίς — {municipality.el}.\n"
        f"Επιβεβαιώστε το email σας: {link}\n\n"
        f"Welcome to Polis — {municipality.en}.\n"
        f"Confirm your email: {link}\n\n"
        f"Κωδικός / token: {token}\n"
    )
    return subject, body


def already_registered_mail(base_url: str) -> tuple[str, str]:
    """(subject, body) sent when someone registers an address that has an account: the
    web answer is the same as for a new account, so only the owner learns of it."""
    subject = "Απόπειρα εγγραφής / Registration attempt — Polis"
    body = (
        "Κάποιος προσπάθησε να δημιουργήσει λογαριασμό με αυτό το email, που έχει ήδη "
        f"λογαριασμό. Αν ήσασταν εσείς, συνδεθείτε: {base_url}/\n"
        "Αν όχι, αγνοήστε αυτό το μήνυμα.\n\n"
        "Someone tried to register with this email, which already has an account. "
        f"If it was you, sign in: {base_url}/\n"
        "If not, ignore this message.\n"
    )
    return subject, body
