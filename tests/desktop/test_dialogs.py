"""Errors reach a person as plain words in the UI's language, never as raw exception text."""

from __future__ import annotations

import socket

import httpx
import pytest

from desktop import i18n
from desktop.dialogs import plain_error, plain_text
from forms.errors import UserError
from forms.form_definitions import FieldError
from forms.visits import InvalidForm


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def refused() -> BaseException:
    """A real refused connection: a port just closed on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    except httpx.HTTPError as e:
        return e
    raise AssertionError("the closed port answered")


def test_a_refused_connection_reads_as_a_plain_sentence():
    error = refused()
    assert "Errno" in str(error)  # what httpx says …
    said = plain_error(error)
    assert "Errno" not in said and "refused" not in said  # … and what the person reads
    assert "服务器没有响应" in said
    wrapped = UserError(f"无法连接服务器 http://x：{error}")
    assert plain_error(wrapped).startswith("无法连接服务器 http://x：服务器没有响应")
    i18n.set_language("en")
    assert "connection refused" in plain_error(error)


def test_os_errors_and_unknown_errors():
    assert plain_error(ConnectionRefusedError(111, "Connection refused")).startswith("服务器")
    assert "磁盘已满" in plain_error(OSError(28, "No space left on device"))
    assert plain_error(RuntimeError("boom")) == "RuntimeError: boom"
    assert plain_text("普通的话") == "普通的话"


def test_form_errors_in_one_language_not_both_on_one_line():
    error = InvalidForm([FieldError("deadline", "时限不是有效日期", "the deadline is not a date")])
    assert plain_error(error) == "时限不是有效日期"
    i18n.set_language("en")
    assert plain_error(error) == "the deadline is not a date"
