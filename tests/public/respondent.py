"""A respondent driving the survey through the test client, as a browser with JavaScript off would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|rid)" value="([^"]*)">')


class Respondent:
    def __init__(self, client: FlaskClient, token: str = "t1", prefix: str = "/s") -> None:
        self.client = client
        self.token = token
        self.prefix = prefix
        self.page: TestResponse | None = None

    def open(self, path: str = "", **kwargs: Any) -> TestResponse:
        self.page = self.client.get(f"{self.prefix}/{self.token}{path}", **kwargs)
        return self.page

    def hidden(self) -> dict[str, str]:
        assert self.page is not None
        return dict(HIDDEN.findall(self.page.get_data(as_text=True)))

    def form_action(self) -> str:
        assert self.page is not None
        match = re.search(r'<form method="post" action="([^"]+)"', self.page.get_data(as_text=True))
        assert match, "no form on the page"
        return match[1]

    def post(
        self, answers: dict[str, Any] | None = None, action: str = "next", follow: bool = True, **extra: Any
    ) -> TestResponse:
        data: dict[str, Any] = {**self.hidden(), "action": action, **extra}
        for name, value in (answers or {}).items():
            data[f"q_{name}"] = value
        self.page = self.client.post(self.form_action(), data=data, follow_redirects=follow)
        return self.page

    def submit(self, follow: bool = True) -> TestResponse:
        self.page = self.client.post(self.form_action(), data=self.hidden(), follow_redirects=follow)
        return self.page

    def text(self) -> str:
        assert self.page is not None
        return self.page.get_data(as_text=True)
