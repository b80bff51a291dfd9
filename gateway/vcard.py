"""Contact cards as WhatsApp sends them: a vCard 3.0 per contact, built from fields (the
`waid` parameter is what makes WhatsApp offer "Message" on the card)."""

from __future__ import annotations


def _escape(text: str) -> str:
    """vCard text values: backslash, comma, semicolon and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def vcard(
    name: str, phones: list[str], organization: str | None = None, email: str | None = None
) -> str:
    """`phones`: E.164 digits without the +."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(name)}", f"N:{_escape(name)};;;;"]
    if organization:
        lines.append(f"ORG:{_escape(organization)}")
    if email:
        lines.append(f"EMAIL;type=INTERNET:{_escape(email)}")
    lines += [f"TEL;type=CELL;type=VOICE;waid={digits}:+{digits}" for digits in phones]
    lines.append("END:VCARD")
    return "\n".join(lines)
