"""Telegram Desktop's "Export chat history" (JSON): each text message as a document.

Most reporting from northeast Syria appears first on Telegram channels (SDF and Asayish
media centres, local networks, monitors), so an export is a source in its own right. It is
recognised by its content, whatever the `.json` file is called: a single-chat export is an
object with `messages`; a full-account export lists chats under `chats.list` (and
`left_chats.list`), of which the channels and groups are taken (personal chats, bots and
saved messages are not reporting).

A message's key is `telegram:<chat id>/<message id>`: importing the export again adds nothing,
a newer export of the channel adds only its new messages, and an edited message (other text)
becomes a new version. The channel is the outlet, the message date the publication date, and
`forwarded_from` the original source: who first said it matters for who claims what.
Service messages and messages with no text (stickers, photos without a caption) are skipped.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from workbench.corpus import importer, readers
from workbench.errors import ImportError_
from workbench.store.documents import NewDocument

# Chat types of a full-account export that carry reporting (personal chats do not).
TAKEN_TYPES = {"public_channel", "private_channel", "public_supergroup", "private_supergroup",
               "private_group"}
_USERNAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_BAD_TEXT_RE = re.compile("[\x00\ud800-\udfff]")
_NOT_EXPORT = ("not a Telegram export (expected Telegram Desktop's JSON export, result.json: "
               "an object with 'messages', or with 'chats')")


def looks_like_export(data: object) -> bool:
    """A single-chat export (an object with a list of messages) or a full-account one."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("messages"), list):
        return True
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def flatten(text: object) -> str:
    """A message's text, plain or rich: a string, or a list of strings and entity objects
    ({"type": "bold", "text": …}, links, mentions, hashtags) whose texts are joined."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        parts = []
        for part in text:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


def documents(path: Path) -> list[NewDocument]:
    """The text messages of an export file as documents; a file that is not an export, or a
    malformed one, is refused in one line naming it."""
    data = _load(path)
    if not looks_like_export(data):
        raise ImportError_(f"{readers.shown(path)}: {_NOT_EXPORT}")
    chats = [data] if isinstance(data.get("messages"), list) else _account_chats(data, path)
    docs: list[NewDocument] = []
    for n, chat in enumerate(chats):
        docs.extend(_chat_documents(chat, path, f"chat {n + 1}" if len(chats) > 1 else "export"))
    if not docs:
        raise ImportError_(f"{readers.shown(path)}: Telegram export with no text message "
                           f"(service messages and media without a caption are skipped)")
    return docs


def _load(path: Path) -> object:
    text = readers.read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{readers.shown(path)}:{exc.lineno}: malformed JSON ({exc.msg}), "
                           f"not a Telegram export") from None
    except RecursionError:
        raise ImportError_(f"{readers.shown(path)}: JSON nested too deeply") from None
    except ValueError as exc:       # an integer too long to convert
        raise ImportError_(f"{readers.shown(path)}: malformed JSON "
                           f"({str(exc).split(':')[0]})") from None


def _account_chats(data: dict, path: Path) -> list[dict]:
    found = []
    for section in ("chats", "left_chats"):
        listed = data.get(section)
        listed = listed.get("list") if isinstance(listed, dict) else None
        if isinstance(listed, list):
            found.extend(c for c in listed if isinstance(c, dict)
                         and isinstance(c.get("type"), str) and c["type"] in TAKEN_TYPES
                         and isinstance(c.get("messages"), list))
    if not found:
        raise ImportError_(f"{readers.shown(path)}: full Telegram export with no channel or "
                           f"group in it (personal chats are not imported)")
    return found


def _chat_documents(chat: dict, path: Path, where: str) -> list[NewDocument]:
    chat_id = chat.get("id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int):
        raise ImportError_(f"{readers.shown(path)}: {where} has no numeric chat 'id', "
                           f"which its messages are known by")
    name = chat.get("name")
    name = name.strip() if isinstance(name, str) and name.strip() else None
    _check_text(name, path, f"{where}'s name")
    username = chat.get("username")
    username = username.lstrip("@") if isinstance(username, str) else ""
    chat_type = chat.get("type") if isinstance(chat.get("type"), str) else ""
    public = chat_type.startswith("public_") or (chat_type == "" and bool(username))
    key_path = readers.storable_key(path)
    docs = []
    for n, message in enumerate(chat["messages"]):
        if not isinstance(message, dict):
            raise ImportError_(f"{readers.shown(path)}: {where}, message {n + 1}: "
                               f"not an object")
        doc = _message_document(message, chat_id, name,
                                username if public and _USERNAME_RE.fullmatch(username) else "",
                                path, key_path)
        if doc is not None:
            docs.append(doc)
    return docs


def _check_text(value: str | None, path: Path, what: str) -> None:
    if value and _BAD_TEXT_RE.search(value):
        raise ImportError_(f"{readers.shown(path)}: {what} has a NUL or a lone surrogate, not text")


def _check_date(value: str | None, path: Path, what: str) -> None:
    """Telegram writes ISO dates (2025-06-12T08:30:00); anything else is a damaged export,
    refused rather than kept as a publication date that sorts and resolves wrongly."""
    if not value:
        return
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ImportError_(f"{readers.shown(path)}: {what}'s date {value[:40]!r} is not a date "
                           "(Telegram writes 2025-06-12T08:30:00)") from None


def _message_document(message: dict, chat_id: int, outlet: str | None, username: str,
                      path: Path, key_path: str) -> NewDocument | None:
    if message.get("type", "message") != "message":
        return None                                  # service: joins, pins, renames
    msg_id = message.get("id")
    if isinstance(msg_id, bool) or not isinstance(msg_id, int):
        return None                                  # nothing to know it by again
    raw = message.get("text")
    body = flatten(raw) if raw not in (None, "", []) else flatten(message.get("text_entities"))
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        return None                                  # a sticker, a photo without caption
    what = f"message {msg_id}"
    _check_text(body, path, what)
    date = message.get("date") if isinstance(message.get("date"), str) else None
    forwarded = message.get("forwarded_from")
    forwarded = forwarded.strip() if isinstance(forwarded, str) and forwarded.strip() else None
    _check_text(date, path, f"{what}'s date")
    _check_date(date, path, what)
    _check_text(forwarded, path, f"{what}'s forwarded_from")
    link = f"https://t.me/{username}/{msg_id}" if username else None
    identity = f"telegram {chat_id}/{msg_id}\n{date or ''}\n{forwarded or ''}\n{body}"
    return importer.document_from_body(
        body, f"telegram:{chat_id}/{msg_id}", identity, outlet=outlet, published=date,
        url=link, canonical_url=link, source_path=key_path, source_kind="telegram",
        source_ref=f"{msg_id} {link}" if link else str(msg_id), original_source=forwarded)
