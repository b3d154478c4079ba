import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def ws(tmp_path):
    from forms.workspace import Workspace

    workspace = Workspace.open(tmp_path / "ws")
    yield workspace
    workspace.close()


@pytest.fixture
def demo_ws(ws):
    import datetime as dt

    from forms import demo

    demo.build(ws, today=dt.date(2026, 11, 23))
    return ws
