"""Fixtures of the web tests: a workspace whose users were added with `kefu admin add`, and clients of its
application logged in as one of them."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.workspace import Workspace
from webkit import PASSWORD, USERS, add_user, log_in


@pytest.fixture
def workspace_dir(tmp_path) -> Path:
    root = tmp_path / "ws"
    for name, role in USERS.items():
        add_user(root, name, role)
    return root


@pytest.fixture
def client_for(workspace_dir):
    """A new browser-like client of the workspace, logged in as the named user (or not at all)."""
    app = create_app(Workspace.open(workspace_dir))
    clients = []

    def make(name: str | None = None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if name is not None:
            response = log_in(client, name, PASSWORD)
            assert response.status_code == 200 and "退出" in response.text, response.text
        return client
    yield make
    for c in clients:
        c.close()
