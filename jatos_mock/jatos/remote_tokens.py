"""API tokens for a real JATOS (`--jatos-url` with `--jatos-token [USER=]TOKEN`): which token serves which user.

A token given without a user counts for the user it belongs to, asked once from GET admin/token.
"""

from __future__ import annotations

import json
import urllib.request

API_PATH = "/jatos/api/v1"


class TokenOptionError(ValueError):
    """The --jatos-token values cannot be read."""


class NoToken(LookupError):
    """No token was given for the user a test asks for; the message says which option to add."""


def parse_tokens(values: list[str]) -> tuple[str | None, dict[str, str]]:
    """--jatos-token values -> (the bare token or None, {username: token})."""
    bare, named = None, {}
    for value in values:
        user, sep, token = value.partition("=")
        if not sep:
            if bare is not None:
                raise TokenOptionError("--jatos-token: more than one token without a user; "
                                       "name the others: --jatos-token USER=jap_...")
            bare = value
        elif not user.strip() or not token.strip():
            raise TokenOptionError(f"--jatos-token: {value!r} is not USER=TOKEN")
        elif user.strip() in named:
            raise TokenOptionError(f"--jatos-token: two tokens for user {user.strip()!r}")
        else:
            named[user.strip()] = token.strip()
    return bare, named


class RemoteTokens:
    def __init__(self, url: str, values: list[str]):
        self.url = url
        self.bare, self.named = parse_tokens(values)
        self._owner: tuple[str | None, str] | None = None  # (username of the bare token, or None and why not)

    def _bare_token_owner(self) -> tuple[str | None, str]:
        """Whose the bare token is (GET admin/token, asked once): (username, "") or (None, why not)."""
        if self._owner is None:
            req = urllib.request.Request(self.url + API_PATH + "/admin/token",
                                         headers={"Authorization": f"Bearer {self.bare}"})
            try:
                with urllib.request.urlopen(req, timeout=30) as response:
                    username = json.loads(response.read())["data"]["username"]
                self._owner = (str(username), "")
            except Exception as exc:  # noqa: BLE001 - any failure only means: unknown owner
                self._owner = (None, f"GET {API_PATH}/admin/token failed: {exc}")
        return self._owner

    def token_for(self, username: str | None) -> str:
        """The token for `username` (None: the default user); NoToken, with the reason, when none was given."""
        if self.bare is None and not self.named:
            raise NoToken("no --jatos-token given for the real JATOS")
        if username is None:
            if self.bare is not None:
                return self.bare
            return self.named.get("admin") or next(iter(self.named.values()))
        if username in self.named:
            return self.named[username]
        given = ", ".join(sorted(self.named))
        if self.bare is None:
            raise NoToken(f"no --jatos-token for user {username!r} (given for: {given}); "
                          f"add --jatos-token {username}=jap_...")
        owner, why = self._bare_token_owner()
        if owner == username:
            return self.bare
        if owner is None:
            raise NoToken(f"cannot tell whose --jatos-token it is ({why}), so there is no token for user "
                          f"{username!r}; name its user: --jatos-token {username}=jap_...")
        raise NoToken(f"the --jatos-token belongs to {owner!r}, not {username!r}; give one per user: "
                      f"--jatos-token {username}=jap_...")
